package dev.ragstore.milvus;

import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Milvus Lite's {@code like} does with {@code %}, {@code _} and {@code \} on a JSON path (where
 * RagStore keeps metadata), measured on the server: both are wildcards and a backslash is a plain
 * character, so no escaping can make {@code like} a literal substring test there. This is why
 * {@code Filter.contains} matches against the {@code @like} copy of a value, in which those three
 * characters are private-use code points (see {@code MetadataEncoding.likeText}). Runs only
 * against Milvus Lite; other servers may escape.
 */
class MilvusLikeBehaviourIT {

    private static final List<String> VALUES = List.of("50%off", "50Xoff", "a_b", "axb", "back\\slash", "50\\%off");

    private static MilvusClientV2 client;
    private static String collection;

    @BeforeAll
    static void insertValues() {
        client = new MilvusClientV2(ConnectConfig.builder().uri(MilvusTestServer.uri()).rpcDeadlineMs(30_000).build());
        Assumptions.assumeTrue(client.getServerVersion().toLowerCase(Locale.ROOT).startsWith("milvus_lite"),
                "not applicable: measures Milvus Lite's like; this server is " + client.getServerVersion());
        collection = MilvusTestServer.uniquePrefix("like") + "probe";
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(64).isPrimaryKey(true).build());
        schema.addField(AddFieldReq.builder().fieldName("v").dataType(DataType.FloatVector).dimension(2).build());
        schema.addField(AddFieldReq.builder().fieldName("m").dataType(DataType.JSON).build());
        client.createCollection(CreateCollectionReq.builder().collectionName(collection).collectionSchema(schema)
                .indexParams(List.of(IndexParam.builder().fieldName("v").indexType(IndexParam.IndexType.FLAT)
                        .metricType(IndexParam.MetricType.L2).build()))
                .build());
        List<JsonObject> rows = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            JsonObject row = new JsonObject();
            row.addProperty("id", Integer.toString(i));
            com.google.gson.JsonArray vector = new com.google.gson.JsonArray();
            vector.add(0.0f);
            vector.add(1.0f);
            row.add("v", vector);
            JsonObject metadata = new JsonObject();
            metadata.addProperty("s", VALUES.get(i));
            row.add("m", metadata);
            rows.add(row);
        }
        client.insert(InsertReq.builder().collectionName(collection).data(rows).build());
    }

    @AfterAll
    static void drop() {
        if (client != null) {
            if (collection != null) {
                client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            }
            client.close();
        }
    }

    /** The values whose {@code m["s"]} is {@code like} the pattern (given as it is after the expression's own escapes). */
    private static List<String> like(String pattern) {
        String literal = "\"" + pattern.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return client.query(QueryReq.builder().collectionName(collection).filter("m[\"s\"] like " + literal)
                        .outputFields(List.of("m")).consistencyLevel(ConsistencyLevel.STRONG).build())
                .getQueryResults().stream()
                .map(r -> ((JsonObject) r.getEntity().get("m")).get("s").getAsString()).sorted().toList();
    }

    @Test
    void underscoreIsAWildcardEvenAfterABackslash() {
        assertThat(like("a_b")).containsExactly("a_b", "axb");
        assertThat(like("a\\_b")).isEmpty();
    }

    @Test
    void percentIsAWildcardEvenAfterABackslash() {
        assertThat(like("%0%o%")).containsExactlyInAnyOrder("50%off", "50Xoff", "50\\%off");
        assertThat(like("%0\\%o%")).containsExactly("50\\%off");
    }

    @Test
    void aBackslashIsAPlainCharacter() {
        assertThat(like("%k\\s%")).containsExactly("back\\slash");
        assertThat(like("%\\%")).containsExactlyInAnyOrder("50\\%off", "back\\slash");
    }
}
