package dev.ragstore.milvus;

import dev.ragstore.milvus.internal.OutboxExtension;
import dev.ragstore.postgres.spi.PgExtension;

/**
 * The PostgreSQL side of a Milvus index fed through a transactional outbox. Install it once on the
 * store, then build the relay on that store:
 *
 * <pre>{@code
 * PostgresStore postgres = PostgresStore.builder().jdbcUrl(url).schema("ragstore")
 *         .install(MilvusOutbox.extension())
 *         .build();                                  // migrates the store and the outbox tables
 * MilvusOutboxRelay relay = MilvusOutboxRelay.builder().postgres(postgres)
 *         .milvus(MilvusVectorIndex.builder().uri("http://127.0.0.1:19530").build())
 *         .build();
 * }</pre>
 *
 * @since 0.2
 */
public final class MilvusOutbox {

    private MilvusOutbox() {
    }

    /**
     * The extension to install on {@code PostgresStore.builder().install(...)}: the outbox tables
     * (under row-level security) are created by the store's migrations, and every chunk
     * replacement and deletion records an outbox row in its own transaction.
     */
    public static PgExtension extension() {
        return new OutboxExtension();
    }
}
