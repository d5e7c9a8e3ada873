package dev.ragstore.milvus;

import dev.ragstore.testkit.fixture.MilvusFixture;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;

import java.util.UUID;

/**
 * The Milvus server of the integration tests ({@code RAGSTORE_MILVUS_URI}, else Milvus Lite at
 * 127.0.0.1:19530) and per-class collection prefixes, whose collections are dropped after the class.
 */
final class MilvusTestServer {

    private static volatile String uri;

    private MilvusTestServer() {
    }

    /** The URI of the test server. */
    static String uri() {
        if (uri == null) {
            try (MilvusFixture fixture = MilvusFixture.resolve()) {
                uri = fixture.uri();
            }
        }
        return uri;
    }

    /** A collection prefix no other test class uses. */
    static String uniquePrefix(String name) {
        return "it_" + name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    }

    /** A builder on the test server with {@code prefix}. */
    static MilvusVectorIndexBuilder builder(String prefix) {
        return MilvusVectorIndex.builder().uri(uri()).collectionPrefix(prefix);
    }

    /** Drops every collection whose name starts with {@code prefix} (test clean-up only; the adapter never drops). */
    static void dropCollections(String uri, String prefix) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).rpcDeadlineMs(30_000).build());
        try {
            for (String name : client.listCollections().getCollectionNames()) {
                if (name.startsWith(prefix)) {
                    client.dropCollection(DropCollectionReq.builder().collectionName(name).build());
                }
            }
        } finally {
            client.close();
        }
    }
}
