/**
 * The vector index in PostgreSQL with pgvector: {@link dev.ragstore.pgvector.PgVectorIndex}, in the
 * same database, schema and transactions as {@code dev.ragstore.postgres.PostgresStore}. One table
 * per embedding space ({@code vector(d)} or {@code halfvec(d)}), HNSW or IVFFlat, binary
 * {@code COPY} ingest, owner-aware exact/iterative vector search, full-text keyword search, hybrid
 * search fused by reciprocal rank fusion in one statement, and multi-vector (late interaction)
 * search with MaxSim re-ranking. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.pgvector;
