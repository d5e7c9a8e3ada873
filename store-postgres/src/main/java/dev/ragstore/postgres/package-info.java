/**
 * The PostgreSQL relational store of RagStore: {@link dev.ragstore.postgres.PostgresStore}
 * implements every relational port of core on PostgreSQL 15 or later (Jdbi, HikariCP, Flyway),
 * with row-level security as a second wall behind the owner predicate of every statement, and a
 * transaction API through which hosts and sibling modules join RagStore's writes
 * ({@link dev.ragstore.postgres.spi.PgExtension}). Everything in this package is non-null
 * unless documented otherwise.
 */
package dev.ragstore.postgres;
