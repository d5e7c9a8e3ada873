package dev.ragstore.redis;

import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A private {@code redis-server} that requires a password: a wrong or missing password is a
 * configuration error, reported once and for good (not "retry later"), naming the masked URI.
 */
class RedisAuthenticationIT {

    private static final String PASSWORD = "correct-horse-7f3a";
    private static RedisServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServerProcess.start(List.of("--requirepass", PASSWORD));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static RedisStore.Builder builder(String userInfo) {
        return RedisStore.builder().uri("redis://" + userInfo + "127.0.0.1:" + server.port()).keyPrefix("auth:")
                .connectTimeout(Duration.ofSeconds(2));
    }

    @Test
    void wrongPasswordIsANonRetryableAuthenticationFailureNamingTheMaskedUri() {
        assertThatThrownBy(() -> builder(":wrong-password-91c2@").build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.store()).isEqualTo("redis");
                    assertThat(e.retryable()).as("a wrong password does not heal by retrying").isFalse();
                })
                .hasMessageContaining("authentication failed for redis://***@127.0.0.1:" + server.port())
                .hasMessageNotContaining("wrong-password-91c2")
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining("retry later");
    }

    @Test
    void missingPasswordIsANonRetryableAuthenticationFailure() {
        assertThatThrownBy(() -> builder("").build())
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("authentication failed for redis://127.0.0.1:" + server.port())
                .hasMessageNotContaining("retry later");
    }

    @Test
    void rightPasswordConnects() {
        try (RedisStore store = builder(":" + PASSWORD + "@").build()) {
            UserId user = new UserId(UUID.randomUUID());
            String token = store.sessionTokens().issue(user, Duration.ofMinutes(1)).token();
            assertThat(store.sessionTokens().resolve(token)).isPresent();
            assertThat(store.toString()).doesNotContain(PASSWORD);
        }
    }
}
