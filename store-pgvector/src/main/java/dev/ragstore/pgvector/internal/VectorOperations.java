package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.user.UserId;
import dev.ragstore.pgvector.SearchTuning;
import dev.ragstore.postgres.spi.PgHost;
import dev.ragstore.postgres.spi.PgScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code VectorIndex} operations over a store's {@link PgHost}: every write runs in the store's
 * transaction for the owner (joining one the calling thread already runs, so a host or the store's
 * own chunk writes and these vectors commit together), every search in one round trip
 * ({@link PgHost#read}). Input is checked completely before anything is written. Thread-safe.
 */
public final class VectorOperations {

    private final PgHost host;
    private final IndexSettings settings;
    private final SpaceRegistry registry;
    private final ChunkWriter writer = new ChunkWriter();
    private final OwnerSizes ownerSizes;

    public VectorOperations(PgHost host, IndexSettings settings, SpaceRegistry registry) {
        this.host = host;
        this.settings = settings;
        this.registry = registry;
        this.ownerSizes = new OwnerSizes(settings.ownerSizeTtl());
    }

    /** Creates the space unless it exists (see {@link SpaceRegistry#create}). */
    public void createSpace(EmbeddingSpace space) {
        SpaceRegistry.checkSupported(space);
        host.schemaChange(session -> registry.create(session.handle(), space));
    }

    /** Builds the ANN indexes of {@code space} if missing. */
    public void buildAnnIndexes(String space) {
        host.schemaChange(session -> {
            registry.buildAnnIndexes(session.connection(), registry.require(session.handle(), space));
            return null;
        });
    }

    /** Inserts or replaces {@code chunks} in {@code space}, one transaction for the batch. */
    public void upsert(String space, List<IndexedChunk> chunks) {
        List<IndexedChunk> batch = List.copyOf(chunks);
        if (batch.isEmpty()) {
            layout(space);
            return;
        }
        SpaceLayout layout = layout(space);
        Map<UserId, List<IndexedChunk>> byOwner = validate(layout, batch);
        UserId first = byOwner.keySet().iterator().next();
        host.transaction(PgScope.owner(first), session -> {
            for (Map.Entry<UserId, List<IndexedChunk>> group : byOwner.entrySet()) {
                // a nested call joins this transaction and switches the row-level-security scope
                host.transaction(PgScope.owner(group.getKey()), inner -> {
                    writer.upsert(inner.connection(), layout, group.getValue());
                    return null;
                });
            }
            return null;
        });
    }

    public void deleteChunks(String space, UserId owner, Collection<ChunkId> chunkIds) {
        UUID[] ids = chunkIds.stream().map(ChunkId::value).distinct().toArray(UUID[]::new);
        Optional<SpaceLayout> layout = optionalLayout(space);
        if (layout.isEmpty() || ids.length == 0) {
            return;
        }
        ownerSizes.forget(owner);
        host.transaction(PgScope.owner(owner), session -> {
            ChunkDeletes.chunks(session.connection(), layout.get().tables(), owner.value(), ids);
            return null;
        });
    }

    public void deleteDocument(String space, UserId owner, DocumentId documentId) {
        ownerSizes.forget(owner);
        optionalLayout(space).ifPresent(layout -> host.transaction(PgScope.owner(owner), session -> {
            ChunkDeletes.documents(session.connection(), layout.tables(), owner.value(), new UUID[] {documentId.value()});
            return null;
        }));
    }

    public void deleteKnowledgeBase(String space, UserId owner, KnowledgeBaseId knowledgeBaseId) {
        ownerSizes.forget(owner);
        optionalLayout(space).ifPresent(layout -> host.transaction(PgScope.owner(owner), session -> {
            ChunkDeletes.knowledgeBase(session.connection(), layout.tables(), owner.value(), knowledgeBaseId.value());
            return null;
        }));
    }

    public void deleteOwner(UserId owner) {
        ownerSizes.forget(owner);
        host.transaction(PgScope.owner(owner), session -> {
            for (SpaceLayout layout : registry.all(session.handle())) {
                ChunkDeletes.owner(session.connection(), layout.tables(), owner.value());
            }
            return null;
        });
    }

    /** Forgets what {@link OwnerSizes} remembers of {@code owner}, after deletes through the store's hooks. */
    public void forget(UserId owner) {
        ownerSizes.forget(owner);
    }

    /** Searches with {@code tuning}; see {@link SearchRunner}. */
    public List<IndexHit> search(IndexQuery query, SearchTuning tuning) {
        SpaceLayout layout = layout(query.space());
        if (query.mode() != SearchMode.KEYWORD) {
            VectorCodec.checkAll(layout.space(), query.vectors(), "query vector");
        }
        List<IndexHit> hits = host.read(PgScope.owner(query.ownerId()), session ->
                SearchRunner.run(session, layout, query, settings, tuning, registry.table(), ownerSizes));
        if (!query.includeVectors() || hits.isEmpty()) {
            return hits;
        }
        return host.read(PgScope.owner(query.ownerId()), session ->
                SearchRunner.withStoredVectors(session, layout, query, hits));
    }

    /** The executed plan of a search; see {@link SearchRunner#explain}. */
    public String explain(IndexQuery query, SearchTuning tuning) {
        SpaceLayout layout = layout(query.space());
        if (query.mode() != SearchMode.KEYWORD) {
            VectorCodec.checkAll(layout.space(), query.vectors(), "query vector");
        }
        return host.read(PgScope.owner(query.ownerId()), session ->
                SearchRunner.explain(session, layout, query, settings, tuning, registry.table(), ownerSizes));
    }

    private Map<UserId, List<IndexedChunk>> validate(SpaceLayout layout, List<IndexedChunk> batch) {
        Set<ChunkId> ids = new HashSet<>();
        Map<UserId, List<IndexedChunk>> byOwner = new LinkedHashMap<>();
        for (IndexedChunk chunk : batch) {
            if (chunk == null) {
                throw InvalidInputException.of("chunks", "must not contain null", null);
            }
            if (!ids.add(chunk.chunkId())) {
                throw InvalidInputException.of("chunk id", "must be unique within one upsert", chunk.chunkId());
            }
            for (Embedding vector : chunk.vectors()) {
                VectorCodec.check(layout.space(), vector, "chunk vector");
            }
            byOwner.computeIfAbsent(chunk.ownerId(), k -> new ArrayList<>()).add(chunk);
        }
        return byOwner;
    }

    private SpaceLayout layout(String space) {
        return optionalLayout(space).orElseThrow(() -> new NotFoundException("embedding space", space));
    }

    private Optional<SpaceLayout> optionalLayout(String space) {
        Optional<SpaceLayout> cached = registry.cached(space);
        if (cached.isPresent()) {
            return cached;
        }
        return host.transaction(PgScope.admin(), session -> registry.find(session.handle(), space));
    }
}
