package dev.ragstore.milvus;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilvusVectorIndexBuilderTest {

    @Test
    void rejectsAUriThatIsNotHttpOrHttps() {
        for (String bad : new String[] {"127.0.0.1:19530", "tcp://host:19530", "http://", "http://host:19530/path",
                "http://user:pw@host:19530", "http://host:19530?x=1"}) {
            assertThatThrownBy(() -> MilvusVectorIndex.builder().uri(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("uri")
                    .hasMessageContaining("http://host:port");
        }
    }

    @Test
    void aRejectedUriNeverEchoesItsCredentials() {
        for (String uri : new String[] {"http://root:Milvus-pw-93@milvus:19530", "http://milvus:19530/db?token=tok-93x",
                "grpc://root:Milvus-pw-93@milvus:19530"}) {
            assertThatThrownBy(() -> MilvusVectorIndex.builder().uri(uri))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("milvus:19530")
                    .hasMessageNotContaining("Milvus-pw-93")
                    .hasMessageNotContaining("tok-93x");
        }
    }

    @Test
    void acceptsHttpAndHttpsUris() {
        assertThat(MilvusVectorIndex.builder().uri("http://127.0.0.1:19530").settings().uri()).isEqualTo("http://127.0.0.1:19530");
        assertThat(MilvusVectorIndex.builder().uri("https://in01.cloud.example:443/").settings().uri())
                .isEqualTo("https://in01.cloud.example:443");
    }

    @Test
    void aMissingUriFailsAtBuildNamingTheSetting() {
        assertThatThrownBy(() -> MilvusVectorIndex.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("uri").hasMessageContaining("must be set");
    }

    @Test
    void tokenAndCredentialsAreMutuallyExclusive() {
        MilvusVectorIndexBuilder builder = MilvusVectorIndex.builder().uri("http://h:1").token("secret-token")
                .credentials("root", "secret-password");

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("token").hasMessageContaining("credentials()");
    }

    @Test
    void secretsNeverAppearInToString() {
        String shown = MilvusVectorIndex.builder().uri("http://h:1").credentials("root", "secret-password").toString()
                + MilvusVectorIndex.builder().uri("http://h:1").token("secret-token").toString();

        assertThat(shown).doesNotContain("secret-password").doesNotContain("secret-token").contains("root").contains("****");
    }

    @Test
    void rejectsABadCollectionPrefixOrDatabase() {
        assertThatThrownBy(() -> MilvusVectorIndex.builder().collectionPrefix("bad-prefix"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("collectionPrefix").hasMessageContaining("bad-prefix");
        assertThatThrownBy(() -> MilvusVectorIndex.builder().database("1db"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("database").hasMessageContaining("1db");
    }

    @Test
    void timeoutsCanNeverBeZero() {
        assertThatThrownBy(() -> MilvusVectorIndex.builder().rpcDeadline(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rpcDeadline").hasMessageContaining("100 ms");
        assertThatThrownBy(() -> MilvusVectorIndex.builder().connectTimeout(Duration.ofHours(2)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void rejectsIndexAndBatchSettingsOutOfRange() {
        assertThatThrownBy(() -> MilvusVectorIndex.builder().hnsw(1, 200))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hnsw M").hasMessageContaining("1");
        assertThatThrownBy(() -> MilvusVectorIndex.builder().hnsw(16, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("efConstruction");
        assertThatThrownBy(() -> MilvusVectorIndex.builder().batchSize(500, 300L * 1024 * 1024))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("batchSize bytes")
                .hasMessageContaining("256 MiB");
        assertThatThrownBy(() -> MilvusVectorIndex.builder().retries(0, Duration.ofMillis(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("retries maxAttempts");
    }
}
