package dev.ragstore.redis;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder validation and connection failures; needs no Redis server. */
class RedisStoreBuilderTest {

    @Test
    void requiresExactlyOneOfUriAndClusterUri() {
        assertThatThrownBy(() -> RedisStore.builder().build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("redis uri"))
                .hasMessageContaining("set uri() or clusterUri()");
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://a:6379").clusterUri("redis://b:7000").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void settersRejectValuesOutsideTheirRangeNamingTheSetting() {
        assertThatThrownBy(() -> RedisStore.builder().cacheTtl(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis cacheTtl must be between 1 s and 30 d, but was PT0S");
        assertThatThrownBy(() -> RedisStore.builder().jobRetention(Duration.ofDays(31)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redis jobRetention");
        assertThatThrownBy(() -> RedisStore.builder().commandTimeout(Duration.ofMillis(5)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redis commandTimeout")
                .hasMessageContaining("between 10 ms and 5 min");
        assertThatThrownBy(() -> RedisStore.builder().connectTimeout(Duration.ofMinutes(6)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redis connectTimeout");
        assertThatThrownBy(() -> RedisStore.builder().historyCacheMessages(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redis historyCacheMessages")
                .hasMessageContaining("but was 0");
        assertThatThrownBy(() -> RedisStore.builder().keyPrefix("bad prefix"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redis keyPrefix");
    }

    @Test
    void commandTimeoutMustBeShorterThanTheCacheTtl() {
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://127.0.0.1:1").cacheTtl(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis commandTimeout must be shorter than cacheTtl (1 s)");
    }

    @Test
    void badUriIsRejectedWithoutEchoingTheCredentials() {
        assertThatThrownBy(() -> RedisStore.builder().uri("memcached://admin:hunter2@host:11211"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis uri")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unreachableServerIsARetryableUnavailableErrorNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://:hunter2@127.0.0.1:" + closedPort)
                .connectTimeout(Duration.ofMillis(500)).build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.store()).isEqualTo("redis");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("connect timeout 500 ms")
                .hasMessageNotContaining("hunter2");
    }
}
