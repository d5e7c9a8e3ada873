-- RagStore pgvector index: the extension and the registry of embedding spaces.
-- Run by the PostgresStore's Flyway (same history table, same lock) when the store is built with
-- install(PgVectorIndex.extension(...)); hosts that build with migrateOnStart(false) apply it
-- themselves (replace ${schema}). IF NOT EXISTS keeps it idempotent for schemas whose registry an
-- earlier RagStore created outside Flyway. Creating the extension needs a superuser once per
-- database; when it already exists the statement changes nothing, whoever runs it.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
--
-- One row per embedding space. The space's tables (vectors_<name>, multivectors_<name>) are
-- created at run time by createSpace, because spaces are data, not schema versions; layout_version
-- lets a later version of RagStore find and upgrade them.
CREATE TABLE IF NOT EXISTS ${schema}.pgvector_spaces (
    name               text        NOT NULL,
    model              text        NOT NULL,
    dimension          integer     NOT NULL CHECK (dimension BETWEEN 1 AND 16000),
    metric             text        NOT NULL CHECK (metric IN ('COSINE', 'INNER_PRODUCT', 'L2')),
    vector_type        text        NOT NULL CHECK (vector_type IN ('FLOAT32', 'FLOAT16')),
    text_search_config text        NOT NULL,
    index_method       text        NOT NULL CHECK (index_method IN ('HNSW', 'IVFFLAT')),
    -- set (never cleared) by the first upsert of a chunk with several vectors; until then searches
    -- skip the token table
    has_multi_vectors  boolean     NOT NULL DEFAULT false,
    layout_version     integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pgvector_spaces_pkey PRIMARY KEY (name)
)
