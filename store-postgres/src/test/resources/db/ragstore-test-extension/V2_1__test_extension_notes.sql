-- A test extension's migration: runs in the store's Flyway history, after store version 2.
CREATE TABLE ${schema}.test_extension_notes (
    owner_id uuid NOT NULL,
    note     text NOT NULL
);
