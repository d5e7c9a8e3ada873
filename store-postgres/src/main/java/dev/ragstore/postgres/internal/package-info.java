/**
 * Implementation details of the PostgreSQL store: error translation, transactions with the
 * row-level-security scope, row mapping, migrations and the filter-to-SQL translator (used by the
 * pgvector module too). Sibling RagStore modules may use these classes; host code must not. No
 * compatibility promise. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.postgres.internal;
