package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgHost;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of the outbox in RagStore's PostgreSQL schema (its tables are created by the store's
 * migrations, {@code db/ragstore-milvus}): outbox
 * rows, the durable vectors, and the reads that ship them. Every method runs on the caller's
 * handle (inside its transaction). Stateless apart from the schema; thread-safe.
 */
public final class OutboxStore {

    /** The outbox table. */
    public static final String OUTBOX = "milvus_outbox";
    /** The durable vectors table. */
    public static final String VECTORS = "milvus_vectors";
    /** The Flyway location of the outbox's migrations. */
    public static final String LOCATION = "classpath:db/ragstore-milvus";

    /** What an outbox row asks Milvus to agree with PostgreSQL on. */
    public enum Scope {
        CHUNK, DOCUMENT, KNOWLEDGE_BASE, OWNER
    }

    /** One outbox row; ids are {@code null} where the scope does not use them, {@code space} null for every space. */
    public record Row(long seq, Scope scope, String space, UUID owner, UUID knowledgeBase, UUID document, UUID chunk) {
    }

    /** The backlog: pending and failed rows, the oldest pending row's age (or null) and the last error recorded. */
    public record Backlog(long pending, long failed, Duration oldestPendingAge, String lastError) {
    }

    private static final String COLUMNS = "c.id, c.owner_id, c.knowledge_base_id, c.document_id, c.chunk_index, c.text, "
            + "c.token_count, c.char_start, c.char_end, c.page, c.metadata, c.created_at, c.page_breaks";

    private final PgHost host;
    private final String schema;

    public OutboxStore(PgHost host) {
        this.host = host;
        this.schema = host.schema();
    }

    /** The schema of the outbox tables. */
    public String schema() {
        return schema;
    }

    /** {@code template} with every {@code {schema}} replaced by the schema (a validated plain identifier). */
    private String sql(String template) {
        return template.replace("{schema}", schema);
    }

    /** Takes the relay's lock for the transaction; false when another relay holds it. */
    public boolean tryLock(Handle handle) {
        return handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext(:key))")
                .bind("key", "ragstore.milvus.relay:" + schema).mapTo(Boolean.class).one();
    }

    /** Waits for the relay's lock and holds it for the transaction. */
    public void lock(Handle handle) {
        handle.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .bind("key", "ragstore.milvus.relay:" + schema).mapToMap().one();
    }

    /** Adds rows of one scope; {@code ids} are the scope's ids (chunks, documents, ...) with their owner. */
    public void add(Handle handle, Scope scope, String space, UUID owner, UUID knowledgeBase, Collection<UUID> documents,
            Collection<UUID> chunks) {
        PreparedBatch batch = handle.prepareBatch(sql("INSERT INTO {schema}." + OUTBOX + " (operation, space, owner_id, "
                + "knowledge_base_id, document_id, chunk_id) VALUES (:operation, :space, :owner, :kb, :document, :chunk)"));
        List<UUID> docs = documents.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(documents);
        List<UUID> ids = chunks.isEmpty() ? java.util.Collections.singletonList(null) : new ArrayList<>(chunks);
        for (UUID document : docs) {
            for (UUID chunk : ids) {
                batch.bind("operation", scope.name()).bindByType("space", space, String.class).bind("owner", owner)
                        .bindByType("kb", knowledgeBase, UUID.class).bindByType("document", document, UUID.class)
                        .bindByType("chunk", chunk, UUID.class).add();
            }
        }
        batch.execute();
    }

    /** Stores the vectors of {@code chunks} (one each) and a CHUNK row per chunk. */
    public void addVectors(Handle handle, String space, List<IndexedChunk> chunks) {
        PreparedBatch vectors = handle.prepareBatch(sql("INSERT INTO {schema}." + VECTORS + " (chunk_id, owner_id, "
                + "space, vector) VALUES (:chunk, :owner, :space, :vector) ON CONFLICT (chunk_id) DO UPDATE SET "
                + "owner_id = EXCLUDED.owner_id, space = EXCLUDED.space, vector = EXCLUDED.vector"));
        PreparedBatch outbox = handle.prepareBatch(sql("INSERT INTO {schema}." + OUTBOX + " (operation, space, "
                + "owner_id, knowledge_base_id, document_id, chunk_id) VALUES ('CHUNK', :space, :owner, :kb, :document, :chunk)"));
        for (IndexedChunk chunk : chunks) {
            vectors.bind("chunk", chunk.chunkId().value()).bind("owner", chunk.ownerId().value()).bind("space", space)
                    .bind("vector", bytes(chunk.vectors().get(0))).add();
            outbox.bind("space", space).bind("owner", chunk.ownerId().value()).bind("kb", chunk.knowledgeBaseId().value())
                    .bind("document", chunk.documentId().value()).bind("chunk", chunk.chunkId().value()).add();
        }
        vectors.execute();
        outbox.execute();
    }

    /** The oldest pending rows, locked for this transaction. */
    public List<Row> pending(Handle handle, int limit) {
        return handle.createQuery(sql("SELECT seq, operation, space, owner_id, knowledge_base_id, document_id, chunk_id "
                        + "FROM {schema}." + OUTBOX + " WHERE failed_at IS NULL ORDER BY seq LIMIT :limit FOR UPDATE"))
                .bind("limit", limit)
                .map((rs, ctx) -> new Row(rs.getLong("seq"), Scope.valueOf(rs.getString("operation")), rs.getString("space"),
                        rs.getObject("owner_id", UUID.class), rs.getObject("knowledge_base_id", UUID.class),
                        rs.getObject("document_id", UUID.class), rs.getObject("chunk_id", UUID.class)))
                .list();
    }

    /** Deletes shipped rows. */
    public void delete(Handle handle, List<Long> seqs) {
        handle.createUpdate(sql("DELETE FROM {schema}." + OUTBOX + " WHERE seq = ANY(:seqs)"))
                .bind("seqs", seqs.toArray(Long[]::new)).execute();
    }

    /** Records a failed attempt on rows; {@code fail} marks them as not to be retried. */
    public void recordFailure(Handle handle, List<Long> seqs, String error, boolean fail) {
        handle.createUpdate(sql("UPDATE {schema}." + OUTBOX + " SET attempts = attempts + 1, last_error = :error"
                        + (fail ? ", failed_at = clock_timestamp()" : "") + " WHERE seq = ANY(:seqs)"))
                .bind("error", error.length() > 2_000 ? error.substring(0, 2_000) : error)
                .bind("seqs", seqs.toArray(Long[]::new)).execute();
    }

    /** The highest sequence number written so far, or 0. */
    public long lastSeq(Handle handle) {
        Long seq = handle.createQuery(sql("SELECT max(seq) FROM {schema}." + OUTBOX)).mapTo(Long.class).one();
        return seq == null ? 0 : seq;
    }

    /** Pending rows up to {@code seq}, and failed ones. */
    public long[] unshipped(Handle handle, long seq) {
        return handle.createQuery(sql("SELECT count(*) FILTER (WHERE failed_at IS NULL), "
                        + "count(*) FILTER (WHERE failed_at IS NOT NULL) FROM {schema}." + OUTBOX + " WHERE seq <= :seq"))
                .bind("seq", seq).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
    }

    /** The backlog now. */
    public Backlog backlog(Handle handle) {
        return handle.createQuery(sql("SELECT count(*) FILTER (WHERE failed_at IS NULL) AS pending, "
                        + "count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed, "
                        + "(extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE failed_at IS NULL)) * 1000)::bigint AS age, "
                        + "(SELECT last_error FROM {schema}." + OUTBOX + " WHERE last_error IS NOT NULL ORDER BY seq DESC LIMIT 1) AS error "
                        + "FROM {schema}." + OUTBOX))
                .map((rs, ctx) -> {
                    long age = rs.getLong("age");
                    Duration oldest = rs.wasNull() ? null : Duration.ofMillis(Math.max(0, age));
                    return new Backlog(rs.getLong("pending"), rs.getLong("failed"), oldest, rs.getString("error"));
                }).one();
    }

    /** The current state of chunks that have a vector: the chunk, its vector and its space, by id. */
    public Map<UUID, IndexedState> states(Handle handle, Collection<UUID> chunkIds) {
        Map<UUID, IndexedState> states = new HashMap<>();
        if (chunkIds.isEmpty()) {
            return states;
        }
        handle.createQuery(sql("SELECT " + COLUMNS + ", d.mime_type, v.space, v.vector FROM {schema}.chunks c "
                        + "JOIN {schema}.documents d ON d.id = c.document_id AND d.owner_id = c.owner_id "
                        + "JOIN {schema}." + VECTORS + " v ON v.chunk_id = c.id WHERE c.id = ANY(:ids)"))
                .bind("ids", chunkIds.toArray(UUID[]::new))
                .map((rs, ctx) -> {
                    Chunk chunk = host.readChunk(rs);
                    IndexedChunk indexed = IndexedChunk.of(chunk, rs.getString("mime_type"),
                            List.of(embedding(rs.getBytes("vector"))));
                    return new IndexedState(indexed, rs.getString("space"));
                })
                .forEach(state -> states.put(state.chunk().chunkId().value(), state));
        return states;
    }

    /** A chunk as PostgreSQL has it, with its vector, and the space the vector belongs to. */
    public record IndexedState(IndexedChunk chunk, String space) {
    }

    /**
     * The ids of an owner's chunks that have a vector in {@code space} (every space when null),
     * within a document or knowledge base when given.
     */
    public Set<String> vectorIds(Handle handle, String space, UUID owner, UUID knowledgeBase, UUID document) {
        StringBuilder sql = new StringBuilder("SELECT c.id FROM {schema}.chunks c JOIN {schema}." + VECTORS
                + " v ON v.chunk_id = c.id WHERE c.owner_id = :owner");
        if (space != null) {
            sql.append(" AND v.space = :space");
        }
        if (knowledgeBase != null) {
            sql.append(" AND c.knowledge_base_id = :kb");
        }
        if (document != null) {
            sql.append(" AND c.document_id = :document");
        }
        org.jdbi.v3.core.statement.Query query = handle.createQuery(sql(sql.toString())).bind("owner", owner);
        if (space != null) {
            query.bind("space", space);
        }
        if (knowledgeBase != null) {
            query.bind("kb", knowledgeBase);
        }
        if (document != null) {
            query.bind("document", document);
        }
        return new LinkedHashSet<>(query.map((rs, ctx) -> rs.getObject(1, UUID.class).toString()).list());
    }

    /** How many chunks of an owner's knowledge base PostgreSQL has, with or without a vector. */
    public long chunkCount(Handle handle, UUID owner, UUID knowledgeBase) {
        return handle.createQuery(sql("SELECT count(*) FROM {schema}.chunks WHERE owner_id = :owner "
                + "AND knowledge_base_id = :kb")).bind("owner", owner).bind("kb", knowledgeBase).mapTo(Long.class).one();
    }

    /** The embedding space of an owner's document (its knowledge base's), or null when the document is gone. */
    public String spaceOfDocument(Handle handle, UUID owner, UUID document) {
        return handle.createQuery(sql("SELECT k.embedding_space FROM {schema}.documents d JOIN {schema}.knowledge_bases k "
                + "ON k.id = d.knowledge_base_id AND k.owner_id = d.owner_id WHERE d.owner_id = :owner AND d.id = :document"))
                .bind("owner", owner).bind("document", document).mapTo(String.class).findOne().orElse(null);
    }

    /** The embedding space of an owner's knowledge base, or null when there is none. */
    public String spaceOf(Handle handle, UUID owner, UUID knowledgeBase) {
        return handle.createQuery(sql("SELECT embedding_space FROM {schema}.knowledge_bases WHERE owner_id = :owner "
                + "AND id = :kb")).bind("owner", owner).bind("kb", knowledgeBase).mapTo(String.class).findOne().orElse(null);
    }

    /** A vector as little-endian float32 bytes. */
    public static byte[] bytes(Embedding embedding) {
        ByteBuffer buffer = ByteBuffer.allocate(embedding.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < embedding.dimension(); i++) {
            buffer.putFloat(embedding.get(i));
        }
        return buffer.array();
    }

    /** The vector of little-endian float32 bytes. */
    public static Embedding embedding(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return Embedding.of(values);
    }

    /** The ids of chunks as UUIDs. */
    public static List<UUID> uuids(Collection<ChunkId> ids) {
        List<UUID> uuids = new ArrayList<>(ids.size());
        for (ChunkId id : ids) {
            uuids.add(id.value());
        }
        return uuids;
    }

    /** The owner as a UUID. */
    public static UUID uuid(UserId owner) {
        return owner.value();
    }
}
