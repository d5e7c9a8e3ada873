package dev.ragstore.testkit.memory;

import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.testkit.VectorIndexSearchContract;

/** {@link InMemoryVectorIndex} against {@link VectorIndexSearchContract}. */
class InMemoryVectorIndexSearchContractTest extends VectorIndexSearchContract {

    @Override
    protected VectorIndex newIndex() {
        return InMemoryVectorIndex.create();
    }
}
