package dev.ragstore.postgres;

import dev.ragstore.postgres.internal.PgJson;
import dev.ragstore.postgres.internal.PgRows;
import dev.ragstore.postgres.internal.PgSchema;
import dev.ragstore.postgres.internal.PgTransactions;

import java.util.List;

/** What every repository of one {@link PostgresStore} shares. */
record PgContext(PgTransactions tx, PgSchema schema, PgRows rows, PgJson json, List<ChunkWriteListener> listeners) {

    PgContext {
        listeners = List.copyOf(listeners);
    }

    /** {@code template} qualified with the schema. */
    String sql(String template) {
        return schema.sql(template);
    }
}
