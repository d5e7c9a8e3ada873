package dev.ragstore.redis.internal;

import dev.ragstore.core.error.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RedisErrorsTest {

    private final RedisErrors errors = new RedisErrors("10.0.0.7:6379", Duration.ofMillis(1500));

    @Test
    void timeoutNamesAddressOperationAndTimeoutForHumans() {
        RedisCommandTimeoutException cause = new RedisCommandTimeoutException("Command timed out after 1 second(s)");
        StoreUnavailableException e = errors.translate("lock acquire", cause);

        assertThat(e.store()).isEqualTo("redis");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getMessage()).contains("10.0.0.7:6379", "lock acquire", "no reply within 1.5 s");
    }

    @Test
    void lostConnectionsAreRetryable() {
        assertThat(errors.translate("x", new RedisConnectionException("refused")).retryable()).isTrue();
        assertThat(errors.translate("x", new RedisException("Currently not connected. Commands are rejected.")).retryable()).isTrue();
        assertThat(errors.translate("x", new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")).retryable()).isTrue();
    }

    @Test
    void refusedCommandsAreNotRetryable() {
        StoreUnavailableException e = errors.translate("job start",
                new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("server refused the command", "WRONGTYPE");
        assertThat(errors.translate("x", new RedisCommandExecutionException("NOAUTH Authentication required.")).retryable()).isFalse();
    }

    @Test
    void refusedCredentialsAreANonRetryableAuthenticationFailureNamingTheMaskedUri() {
        RedisErrors withUri = new RedisErrors("10.0.0.7:6379", "redis://***@10.0.0.7:6379/0", Duration.ofSeconds(1));
        RedisConnectionException atConnect = new RedisConnectionException("Unable to connect to 10.0.0.7:6379",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."));

        StoreUnavailableException e = withUri.translate("connect", atConnect);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("Redis authentication failed for redis://***@10.0.0.7:6379/0 during connect")
                .contains("WRONGPASS").doesNotContain("retry later");
        assertThat(withUri.translate("x", new RedisConnectionException("refused",
                new RedisCommandExecutionException("NOAUTH HELLO must be called with the client already authenticated")))
                .retryable()).isFalse();
        assertThat(withUri.translate("x", new RedisCommandExecutionException(
                "ERR AUTH <password> called without any password configured for the default user")).retryable()).isFalse();
    }

    @Test
    void anAlreadyTranslatedFailureIsKept() {
        StoreUnavailableException first = errors.translate("x", new RedisConnectionException("refused"));
        assertThat(errors.translate("y", first)).isSameAs(first);
    }
}
