-- RagStore version 3: idempotency keys (issue 18, finding 8). A caller that repeats a write after an
-- unknown outcome (a timeout, a retryable StoreUnavailableException) passes the same key, and the
-- repeat finds the first write instead of writing again. Keys follow the rule [A-Za-z0-9_.:-]{1,128},
-- checked by the library before anything is written and again here.

-- Chat appends: the key is stored on the message it created, so it lives exactly as long as the
-- message (until the session is deleted). The partial unique index is what makes racing retries
-- safe: whatever the application does, one session of one owner holds at most one message per key.
-- Messages without a key (NULL) are not indexed. RLS: covered by the messages policy of V2.
ALTER TABLE ${schema}.messages ADD COLUMN idempotency_key text
    CONSTRAINT messages_idempotency_key_format CHECK (idempotency_key ~ '^[A-Za-z0-9_.:-]{1,128}$');
CREATE UNIQUE INDEX messages_idempotency_key ON ${schema}.messages (owner_id, session_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Usage records and token consumptions: one row per (owner, key) with the delta it counted and the
-- day it counted it on, inserted in the same transaction as the counters. A repeat with the same
-- delta changes nothing; a different delta is a conflict (usage.idempotency_key.reused). Kept until
-- the user is deleted; created_at (server time) allows pruning old keys.
CREATE TABLE ${schema}.usage_idempotency_keys (
    owner_id        uuid        NOT NULL,
    idempotency_key text        NOT NULL
        CONSTRAINT usage_idempotency_keys_format CHECK (idempotency_key ~ '^[A-Za-z0-9_.:-]{1,128}$'),
    day             date        NOT NULL,
    tokens          bigint      NOT NULL CHECK (tokens >= 0),
    messages        bigint      NOT NULL CHECK (messages >= 0),
    documents       bigint      NOT NULL CHECK (documents >= 0),
    sessions        bigint      NOT NULL CHECK (sessions >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_idempotency_keys_pkey PRIMARY KEY (owner_id, idempotency_key),
    CONSTRAINT usage_idempotency_keys_owner_fkey FOREIGN KEY (owner_id) REFERENCES ${schema}.users (id) ON DELETE CASCADE
);

-- Row-level security as for every owned table (see V2).
ALTER TABLE ${schema}.usage_idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.usage_idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_idempotency_keys_owner ON ${schema}.usage_idempotency_keys
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');
