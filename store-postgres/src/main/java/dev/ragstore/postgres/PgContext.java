package dev.ragstore.postgres;

import dev.ragstore.postgres.internal.PgExtensions;
import dev.ragstore.postgres.internal.PgJson;
import dev.ragstore.postgres.internal.PgRows;
import dev.ragstore.postgres.internal.PgSchema;
import dev.ragstore.postgres.internal.PgTransactions;

/** What every repository of one {@link PostgresStore} shares. */
record PgContext(PgTransactions tx, PgSchema schema, PgRows rows, PgJson json, PgExtensions extensions) {

    /** {@code template} qualified with the schema. */
    String sql(String template) {
        return schema.sql(template);
    }
}
