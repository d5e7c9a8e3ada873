package dev.ragstore.testkit.memory;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.SearchReadsContract;
import dev.ragstore.testkit.StoreOptions;

/** The in-memory store (every component of {@code RagStore.builder()} left at its default) against {@link SearchReadsContract}. */
class InMemorySearchReadsContractTest extends SearchReadsContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return options.applyTo(RagStore.builder()).build();
    }
}
