-- RagStore version 9: accounts without a password and a two-factor flag (issue 13 #5).
--   * password_hash may be NULL: an account that signs in through an identity provider (SSO) has
--     none and never logs in with a password; an imported account keeps the hash it came with.
--   * two_factor_enabled records whether the host asks the user for a second factor.
-- The cross-user audit read (the admin view's, in the admin scope) orders by id over every owner
-- and filters by time; the primary key serves the order, this index a time-range filter.

ALTER TABLE ${schema}.users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE ${schema}.users ADD COLUMN two_factor_enabled boolean NOT NULL DEFAULT false;
CREATE INDEX audit_events_at_idx ON ${schema}.audit_events (at, id);
