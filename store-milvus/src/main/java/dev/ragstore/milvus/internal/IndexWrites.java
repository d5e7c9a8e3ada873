package dev.ragstore.milvus.internal;

import dev.ragstore.core.search.IndexedChunk;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.response.QueryResp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes to and scans one space's collection: upserts in batches, deletes by expression, and
 * lists the chunk ids matching an expression however many there are (a query returns at most
 * {@value #QUERY_LIMIT} rows on Milvus, so a full page is split by the ids' leading hex digits).
 * Every call is idempotent and retried by {@link MilvusErrors#call}. Thread-safe.
 */
public final class IndexWrites {

    /** The most rows one Milvus query returns (offset + limit). */
    public static final int QUERY_LIMIT = 16_384;
    private static final String HEX = "0123456789abcdef";

    private final MilvusConnection connection;
    private final SpaceRegistry spaces;

    public IndexWrites(MilvusConnection connection, SpaceRegistry spaces) {
        this.connection = connection;
        this.spaces = spaces;
    }

    /** Upserts {@code chunks} (checked in full before the first batch is sent). */
    public void upsert(SpaceRegistry.Space space, List<IndexedChunk> chunks) {
        MilvusSettings settings = connection.settings();
        List<RowEncoder.Batch> batches = RowEncoder.batches(chunks, space.definition(), space.keyword(),
                settings.batchRows(), settings.batchBytes());
        for (RowEncoder.Batch batch : batches) {
            connection.errors().run("upsert of " + batch.rows().size() + " rows into '" + space.collection() + "'",
                    () -> connection.client().upsert(UpsertReq.builder().collectionName(space.collection())
                            .data(batch.rows()).build()));
        }
    }

    /** Deletes the rows matching {@code where}; nothing for {@link Expr#FALSE}. */
    public void delete(SpaceRegistry.Space space, Expr where) {
        if (where.isFalse()) {
            return;
        }
        String filter = where.isTrue() ? MilvusFilter.CHUNK_ID + " != \"\"" : where.text();
        connection.errors().run("delete from '" + space.collection() + "'",
                () -> connection.client().delete(DeleteReq.builder().collectionName(space.collection()).filter(filter).build()));
    }

    /** The chunk ids (UUID text) of the rows matching {@code where}. */
    public Set<String> ids(SpaceRegistry.Space space, Expr where) {
        Set<String> ids = new HashSet<>();
        collect(space, where, "", ids);
        return ids;
    }

    private void collect(SpaceRegistry.Space space, Expr where, String prefix, Set<String> ids) {
        Expr filter = prefix.isEmpty() ? where
                : Expr.and(where, Expr.of(MilvusFilter.CHUNK_ID + " like " + MilvusFilter.literal(prefix + "%")));
        if (filter.isFalse()) {
            return;
        }
        QueryReq request = QueryReq.builder()
                .collectionName(space.collection())
                .filter(filter.isTrue() ? MilvusFilter.CHUNK_ID + " != \"\"" : filter.text())
                .outputFields(List.of(MilvusFilter.CHUNK_ID))
                .limit(QUERY_LIMIT)
                .consistencyLevel(connection.consistency())
                .build();
        QueryResp response = spaces.whileLoaded(space, () -> connection.errors().call("query of '" + space.collection() + "'",
                () -> connection.client().query(request)));
        List<QueryResp.QueryResult> results = response.getQueryResults();
        if (results.size() < QUERY_LIMIT || prefix.length() >= 8) {
            for (QueryResp.QueryResult result : results) {
                ids.add(String.valueOf(result.getEntity().get(MilvusFilter.CHUNK_ID)));
            }
            return;
        }
        for (int i = 0; i < HEX.length(); i++) {
            collect(space, where, prefix + HEX.charAt(i), ids);
        }
    }
}
