package dev.ragstore.postgres.spi;

import dev.ragstore.core.error.RagStoreException;

/**
 * The store's mapping of PostgreSQL, JDBC, HikariCP and Jdbi failures to RagStore exceptions, for
 * extensions that run SQL outside a {@link PgHost} call. The table of SQLSTATEs is in the
 * store-postgres README; the driver exception always stays attached as the cause.
 */
public interface PgErrors {

    /** The store name every {@code StoreUnavailableException} of this adapter carries. */
    String STORE = "postgresql";

    /**
     * {@code failure} as a RagStore exception: a {@link RagStoreException} unchanged, a unique
     * violation as a {@code ConflictException}, a connection loss as a retryable
     * {@code StoreUnavailableException}, and so on.
     */
    RagStoreException translate(Throwable failure);

    /** The server address messages name, e.g. {@code 127.0.0.1:5432}. */
    String address();
}
