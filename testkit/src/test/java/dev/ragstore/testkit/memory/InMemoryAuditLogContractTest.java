package dev.ragstore.testkit.memory;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.AuditLogContract;
import dev.ragstore.testkit.StoreOptions;

/** The in-memory store (every component of {@code RagStore.builder()} left at its default) against {@link AuditLogContract}. */
class InMemoryAuditLogContractTest extends AuditLogContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return options.applyTo(RagStore.builder()).build();
    }
}
