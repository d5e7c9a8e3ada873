package dev.ragstore.testkit.memory;

import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.testkit.VectorIndexContract;

/** {@link InMemoryVectorIndex} against {@link VectorIndexContract}. */
class InMemoryVectorIndexContractTest extends VectorIndexContract {

    @Override
    protected VectorIndex newIndex() {
        return InMemoryVectorIndex.create();
    }
}
