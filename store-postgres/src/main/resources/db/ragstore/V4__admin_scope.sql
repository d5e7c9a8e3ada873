-- RagStore version 4: an admin scope the application role cannot forge.
-- Until now every policy admitted all rows when a session set ragstore.admin = 'on', which any
-- SQL run as the application role could do. From here on the policies ask ragstore_admin():
--   * the role that owns the schema (the migration role; a DBA) may still use 'on': it owns the
--     tables and could switch row-level security off anyway;
--   * any other role (the runtime role, when it is separate from the owner) is admin only while
--     ragstore.admin holds a token whose SHA-256 is in ragstore_admin_tokens. Each started store
--     registers one random token through the owner's connection and keeps it in memory; the
--     runtime role can neither read the table nor write it.
-- (V3 belongs to the idempotency keys.)

CREATE TABLE ${schema}.ragstore_admin_tokens (
    token_hash bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ragstore_admin_tokens_pkey PRIMARY KEY (token_hash)
);
REVOKE ALL ON ${schema}.ragstore_admin_tokens FROM PUBLIC;

CREATE FUNCTION ${schema}.ragstore_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(current_setting('ragstore.admin', true), '') NOT IN ('', 'off')
       AND ((current_setting('ragstore.admin', true) = 'on'
             AND pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = '${schema}'), 'USAGE'))
            OR EXISTS (SELECT 1 FROM ${schema}.ragstore_admin_tokens
                       WHERE token_hash = sha256(convert_to(current_setting('ragstore.admin', true), 'UTF8'))))
$$;
REVOKE ALL ON FUNCTION ${schema}.ragstore_admin() FROM PUBLIC;

-- Every existing policy of the schema (RagStore's tables, pgvector spaces made by earlier
-- versions, extension tables) asks the function instead of comparing the setting with 'on'.
DO $$
DECLARE
    p record;
    old_admin constant text := '(current_setting(''ragstore.admin''::text, true) = ''on''::text)';
BEGIN
    FOR p IN SELECT tablename, policyname, qual FROM pg_policies
             WHERE schemaname = '${schema}' AND position(old_admin IN qual) > 0 LOOP
        EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)', p.policyname, '${schema}', p.tablename,
                       replace(p.qual, old_admin, '(SELECT ${schema}.ragstore_admin())'));
    END LOOP;
END
$$;
