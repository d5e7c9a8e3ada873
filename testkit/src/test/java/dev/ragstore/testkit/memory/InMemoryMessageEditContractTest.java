package dev.ragstore.testkit.memory;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.MessageEditContract;
import dev.ragstore.testkit.StoreOptions;

/** The in-memory store (every component of {@code RagStore.builder()} left at its default) against {@link MessageEditContract}. */
class InMemoryMessageEditContractTest extends MessageEditContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return options.applyTo(RagStore.builder()).build();
    }
}
