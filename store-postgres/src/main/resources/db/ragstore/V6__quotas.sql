-- RagStore version 6: a plan's document and chat-session limits enforced by the database.
-- A BEFORE INSERT trigger on documents and on chat_sessions reads the owner's plan and, when there
-- is one, locks the owner's row of quota_locks, counts what the owner holds and refuses the row
-- with SQLSTATE RQ001 when the count has reached the limit. The lock serializes one owner's
-- document and session creations, so concurrent inserts never pass a limit together (read
-- committed: each statement of the function sees what the previous lock holder committed). Every
-- statement that creates a document or a session goes through the trigger, whatever Java path
-- issued it. quota_locks is locked first and by nothing else, so it adds no lock-order cycle with
-- the usage and user rows the inserting transactions lock next. A user without a plan has no limit
-- and takes no lock. DETAIL carries the refusal for the adapter's error mapping:
--     quota=<documents|chat sessions>;limit=<n>;used=<n>;requested=1;plan=<plan name>
-- The daily token limit needs no trigger: the statements that count tokens check it themselves.

CREATE TABLE ${schema}.quota_locks (
    owner_id uuid NOT NULL,
    CONSTRAINT quota_locks_pkey PRIMARY KEY (owner_id),
    CONSTRAINT quota_locks_owner_fkey FOREIGN KEY (owner_id) REFERENCES ${schema}.users (id) ON DELETE CASCADE
);
ALTER TABLE ${schema}.quota_locks ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.quota_locks FORCE ROW LEVEL SECURITY;
CREATE POLICY quota_locks_owner ON ${schema}.quota_locks
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR (SELECT ${schema}.ragstore_admin()));

CREATE FUNCTION ${schema}.ragstore_document_quota() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    plan_name text;
    quota     bigint;
    used      bigint;
BEGIN
    SELECT p.name, p.document_limit INTO plan_name, quota
      FROM ${schema}.users u JOIN ${schema}.plans p ON p.id = u.plan_id
     WHERE u.id = NEW.owner_id;
    IF NOT FOUND THEN
        RETURN NEW; -- no plan, no limit (a missing owner is the foreign key's to report)
    END IF;
    INSERT INTO ${schema}.quota_locks AS q (owner_id) VALUES (NEW.owner_id)
        ON CONFLICT (owner_id) DO UPDATE SET owner_id = q.owner_id;
    -- the knowledge base holds these bytes already: the insert creates nothing (ON CONFLICT finds them)
    IF EXISTS (SELECT 1 FROM ${schema}.documents d
                WHERE d.knowledge_base_id = NEW.knowledge_base_id AND d.content_hash = NEW.content_hash) THEN
        RETURN NEW;
    END IF;
    SELECT count(*) INTO used FROM (SELECT 1 FROM ${schema}.documents d WHERE d.owner_id = NEW.owner_id LIMIT quota) held;
    IF used >= quota THEN
        SELECT count(*) INTO used FROM ${schema}.documents d WHERE d.owner_id = NEW.owner_id;
        RAISE EXCEPTION USING ERRCODE = 'RQ001',
            MESSAGE = format('documents limit %s of plan %L would be exceeded: used %s, requested 1', quota, plan_name, used),
            DETAIL = format('quota=documents;limit=%s;used=%s;requested=1;plan=%s', quota, used, plan_name);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER documents_quota BEFORE INSERT ON ${schema}.documents
    FOR EACH ROW EXECUTE FUNCTION ${schema}.ragstore_document_quota();

CREATE FUNCTION ${schema}.ragstore_session_quota() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    plan_name text;
    quota     bigint;
    used      bigint;
BEGIN
    SELECT p.name, p.session_limit INTO plan_name, quota
      FROM ${schema}.users u JOIN ${schema}.plans p ON p.id = u.plan_id
     WHERE u.id = NEW.owner_id;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    INSERT INTO ${schema}.quota_locks AS q (owner_id) VALUES (NEW.owner_id)
        ON CONFLICT (owner_id) DO UPDATE SET owner_id = q.owner_id;
    SELECT count(*) INTO used FROM (SELECT 1 FROM ${schema}.chat_sessions s WHERE s.owner_id = NEW.owner_id LIMIT quota) held;
    IF used >= quota THEN
        SELECT count(*) INTO used FROM ${schema}.chat_sessions s WHERE s.owner_id = NEW.owner_id;
        RAISE EXCEPTION USING ERRCODE = 'RQ001',
            MESSAGE = format('chat sessions limit %s of plan %L would be exceeded: used %s, requested 1', quota, plan_name, used),
            DETAIL = format('quota=chat sessions;limit=%s;used=%s;requested=1;plan=%s', quota, used, plan_name);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER chat_sessions_quota BEFORE INSERT ON ${schema}.chat_sessions
    FOR EACH ROW EXECUTE FUNCTION ${schema}.ragstore_session_quota();
