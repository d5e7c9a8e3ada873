/**
 * The extension SPI of store-postgres, for sibling modules (pgvector, the Milvus outbox) and
 * advanced hosts: a {@link dev.ragstore.postgres.spi.PgExtension} is installed once on
 * {@code PostgresStore.builder().install(...)}; its migrations run with the store's (one Flyway
 * history, one lock), its hooks run inside the store's chunk and delete transactions, and its work
 * runs through a {@link dev.ragstore.postgres.spi.PgHost} in a
 * {@link dev.ragstore.postgres.spi.PgSession} whose row-level-security scope is already applied.
 * SQL is built with the positional {@link dev.ragstore.postgres.spi.PgSql}, filters translated by
 * {@link dev.ragstore.postgres.spi.SqlFilter}, and failures mapped by
 * {@link dev.ragstore.postgres.spi.PgErrors}.
 *
 * <p>No compatibility promise beyond minor versions: types here may change in a minor release,
 * never in a patch release.
 */
package dev.ragstore.postgres.spi;
