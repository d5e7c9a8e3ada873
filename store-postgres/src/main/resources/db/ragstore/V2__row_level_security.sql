-- RagStore row-level security, version 2: a second wall behind the owner predicate every query
-- already has. Each owned table admits a row only when its owner is the transaction's user
--     SELECT set_config('ragstore.owner', '<user uuid>', true)
-- or when the transaction runs in the admin scope
--     SELECT set_config('ragstore.admin', 'on', true)
-- Both settings are transaction-local, so a pooled connection never carries them over.
-- FORCE makes the policies apply to the table owner too (the role that ran this migration), which
-- is the role RagStore connects as. Superusers and roles with BYPASSRLS are not subject to them.
-- nullif(...): once a session has used the setting, it reads as '' (not NULL) outside a transaction.
-- Plans are global (no owner) and carry no policy.

ALTER TABLE ${schema}.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_owner ON ${schema}.users
    USING (id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_owner ON ${schema}.api_keys
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.knowledge_bases ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.knowledge_bases FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_bases_owner ON ${schema}.knowledge_bases
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.chat_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.chat_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY chat_sessions_owner ON ${schema}.chat_sessions
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_owner ON ${schema}.documents
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY chunks_owner ON ${schema}.chunks
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.messages FORCE ROW LEVEL SECURITY;
CREATE POLICY messages_owner ON ${schema}.messages
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.usage_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.usage_days FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_days_owner ON ${schema}.usage_days
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.model_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.model_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY model_profiles_owner ON ${schema}.model_profiles
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');

ALTER TABLE ${schema}.audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_owner ON ${schema}.audit_events
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR current_setting('ragstore.admin', true) = 'on');
