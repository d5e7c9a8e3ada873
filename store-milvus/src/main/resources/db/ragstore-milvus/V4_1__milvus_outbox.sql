-- RagStore Milvus outbox.
-- Run by the PostgresStore's Flyway (same history table, same lock) when the store is built with
-- install(MilvusOutbox.extension()); hosts that build with migrateOnStart(false) apply it
-- themselves (replace ${schema} with RagStore's schema, after its own migrations, because
-- milvus_vectors references chunks). IF NOT EXISTS keeps it idempotent for schemas whose outbox an
-- earlier RagStore created outside Flyway.
--
-- milvus_outbox: what the relay still has to make Milvus agree with. Each row names a scope (one
-- chunk, a document, a knowledge base or an owner; space NULL means every space); shipping a row
-- makes Milvus hold exactly PostgreSQL's chunks of that scope, so rows may be shipped again, or in
-- another order, without harm. Rows are deleted once shipped; failed_at marks a row that failed
-- for a reason retrying cannot fix (it stays, counted in the backlog, until an operator acts).
CREATE TABLE IF NOT EXISTS ${schema}.milvus_outbox (
    seq               bigint      GENERATED ALWAYS AS IDENTITY,
    operation         text        NOT NULL CHECK (operation IN ('CHUNK', 'DOCUMENT', 'KNOWLEDGE_BASE', 'OWNER')),
    space             text,
    owner_id          uuid        NOT NULL,
    knowledge_base_id uuid,
    document_id       uuid,
    chunk_id          uuid,
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts          integer     NOT NULL DEFAULT 0,
    last_error        text,
    failed_at         timestamptz,
    CONSTRAINT milvus_outbox_pkey PRIMARY KEY (seq)
);
CREATE INDEX IF NOT EXISTS milvus_outbox_pending_idx ON ${schema}.milvus_outbox (seq) WHERE failed_at IS NULL;

-- milvus_vectors: the durable copy of every chunk's vector (float32, little-endian), so the relay
-- and reconcile can (re)build Milvus from PostgreSQL alone. Deleting a chunk deletes its vector.
CREATE TABLE IF NOT EXISTS ${schema}.milvus_vectors (
    chunk_id  uuid  NOT NULL,
    owner_id  uuid  NOT NULL,
    space     text  NOT NULL,
    vector    bytea NOT NULL,
    CONSTRAINT milvus_vectors_pkey PRIMARY KEY (chunk_id),
    CONSTRAINT milvus_vectors_chunk_fkey FOREIGN KEY (chunk_id) REFERENCES ${schema}.chunks (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS milvus_vectors_owner_idx ON ${schema}.milvus_vectors (owner_id);

-- Row-level security like every other owned table (see V2__row_level_security.sql): the chunk
-- hooks write outbox rows in the owner's scope, the relay and reconcile read in the admin scope;
-- a connection without either setting reads no tenant's vectors.
ALTER TABLE ${schema}.milvus_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.milvus_outbox FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS milvus_outbox_owner ON ${schema}.milvus_outbox;
CREATE POLICY milvus_outbox_owner ON ${schema}.milvus_outbox
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR (SELECT ${schema}.ragstore_admin()));

ALTER TABLE ${schema}.milvus_vectors ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.milvus_vectors FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS milvus_vectors_owner ON ${schema}.milvus_vectors;
CREATE POLICY milvus_vectors_owner ON ${schema}.milvus_vectors
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR (SELECT ${schema}.ragstore_admin()));
