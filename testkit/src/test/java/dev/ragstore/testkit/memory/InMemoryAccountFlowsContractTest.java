package dev.ragstore.testkit.memory;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.AccountFlowsContract;
import dev.ragstore.testkit.StoreOptions;

/** The in-memory store (every component of {@code RagStore.builder()} left at its default) against {@link AccountFlowsContract}. */
class InMemoryAccountFlowsContractTest extends AccountFlowsContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return options.applyTo(RagStore.builder()).build();
    }
}
