package dev.ragstore.milvus;

import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.testkit.VectorIndexSearchContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The {@link VectorIndexSearchContract} (filter semantics table in VECTOR and KEYWORD mode,
 * built-in fields, keyword and native hybrid search) against a real Milvus server. The kit's
 * multi-vector test is aborted as "lacks the capability multi-vector (late interaction) search":
 * this adapter does not implement it.
 */
class MilvusVectorIndexSearchContractIT extends VectorIndexSearchContract {

    private static final String PREFIX = MilvusTestServer.uniquePrefix("visc");

    @Override
    protected VectorIndex newIndex() {
        return MilvusTestServer.builder(PREFIX).build();
    }

    @AfterAll
    static void dropCollections() {
        MilvusTestServer.dropCollections(MilvusTestServer.uri(), PREFIX);
    }
}
