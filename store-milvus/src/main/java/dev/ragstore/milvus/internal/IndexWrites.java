package dev.ragstore.milvus.internal;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.search.IndexedChunk;
import io.milvus.orm.iterator.QueryIterator;
import io.milvus.response.QueryResultsWrapper;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.UpsertReq;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes to and scans one space's collection: upserts in batches, deletes by expression, and
 * lists the chunk ids matching an expression however many there are (a query returns at most
 * {@value #QUERY_LIMIT} rows on Milvus, so the listing pages through the primary key with the
 * SDK's query iterator).
 * Every call is idempotent and retried by {@link MilvusErrors#call}. Thread-safe.
 */
public final class IndexWrites {

    /** The most rows one Milvus query returns (offset + limit). */
    public static final int QUERY_LIMIT = 16_384;

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

    /**
     * The chunk ids (UUID text) of every row matching {@code where}, however many there are: the
     * SDK's query iterator pages through them in primary-key order ({@code chunk_id > last}, at most
     * {@value #QUERY_LIMIT} a page) at one snapshot. A whole listing is retried on a retryable failure.
     *
     * @throws dev.ragstore.core.error.StoreUnavailableException if Milvus fails, or (not retryable) if
     *         it returns a page out of primary-key order, which would make paging skip rows
     */
    public Set<String> ids(SpaceRegistry.Space space, Expr where) {
        if (where.isFalse()) {
            return new HashSet<>();
        }
        QueryIteratorReq request = QueryIteratorReq.builder()
                .collectionName(space.collection())
                .expr(where.isTrue() ? MilvusFilter.CHUNK_ID + " != \"\"" : where.text())
                .outputFields(List.of(MilvusFilter.CHUNK_ID))
                .batchSize(QUERY_LIMIT)
                .consistencyLevel(connection.consistency())
                .build();
        String operation = "query iterator of '" + space.collection() + "'";
        return spaces.whileLoaded(space, () -> connection.errors().call(operation, () -> scan(request, operation)));
    }

    private Set<String> scan(QueryIteratorReq request, String operation) {
        Set<String> ids = new HashSet<>();
        QueryIterator iterator = connection.client().queryIterator(request);
        try {
            String last = null;
            while (true) {
                List<QueryResultsWrapper.RowRecord> page = iterator.next();
                if (page.isEmpty()) {
                    return ids;
                }
                for (QueryResultsWrapper.RowRecord row : page) {
                    String id = String.valueOf(row.get(MilvusFilter.CHUNK_ID));
                    if (last != null && id.compareTo(last) <= 0) {
                        throw new StoreUnavailableException(MilvusErrors.STORE, false, "Milvus returned " + operation
                                + " out of primary-key order ('" + id + "' after '" + last + "'), so paging could skip "
                                + "rows; this server does not support the query iterator", null);
                    }
                    ids.add(id);
                    last = id;
                }
            }
        } finally {
            iterator.close();
        }
    }
}
