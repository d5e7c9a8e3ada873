package dev.ragstore.milvus;

import dev.ragstore.core.knowledge.KnowledgeBaseId;

/**
 * What {@link MilvusOutboxRelay#reconcile} found and repaired for one knowledge base.
 *
 * @param space              the knowledge base's embedding space, or {@code null} when PostgreSQL has
 *                           no such knowledge base (then every space was cleaned)
 * @param postgresChunks     the knowledge base's chunks in PostgreSQL
 * @param withoutVector      of those, chunks with no stored vector (not indexable; not drift)
 * @param milvusChunks       the knowledge base's chunks Milvus had before the repair
 * @param upserted           chunks missing from Milvus, upserted
 * @param deleted            chunks Milvus had but PostgreSQL has not (with a vector), deleted
 */
public record ReconcileReport(KnowledgeBaseId knowledgeBase, String space, long postgresChunks, long withoutVector,
        long milvusChunks, long upserted, long deleted) {

    /** Whether Milvus already agreed with PostgreSQL. */
    public boolean driftFree() {
        return upserted == 0 && deleted == 0;
    }
}
