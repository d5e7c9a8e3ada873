/**
 * The vector index on Milvus: {@link dev.ragstore.milvus.MilvusVectorIndex} (one collection per
 * embedding space, the owner as partition key, dense HNSW and BM25 full-text search), and
 * {@link dev.ragstore.milvus.MilvusOutboxRelay}, which feeds it from PostgreSQL through a
 * transactional outbox so that a RagStore on PostgreSQL + Milvus never loses a write while Milvus
 * is down. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.milvus;
