package dev.ragstore.testkit.memory;

import dev.ragstore.core.RagStore;
import dev.ragstore.testkit.KnowledgeBaseTrashContract;
import dev.ragstore.testkit.StoreOptions;

/** The in-memory store (every component of {@code RagStore.builder()} left at its default) against {@link KnowledgeBaseTrashContract}. */
class InMemoryKnowledgeBaseTrashContractTest extends KnowledgeBaseTrashContract {

    @Override
    protected RagStore newStore(StoreOptions options) {
        return options.applyTo(RagStore.builder()).build();
    }
}
