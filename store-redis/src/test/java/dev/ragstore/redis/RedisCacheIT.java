package dev.ragstore.redis;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.testkit.CacheContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache contract on Redis, plus namespaces and TTL edge cases. */
class RedisCacheIT extends CacheContract {

    private String prefix;
    private RedisStore store;

    // Synchronized and idempotent: the kit's lazy ephemeral() may be reached first from racing threads.
    @Override
    protected synchronized EphemeralStore newEphemeralStore() {
        if (store == null) {
            ContractStores.Opened opened = ContractStores.open(getClass(), this::onClose);
            prefix = opened.prefix();
            store = opened.store();
        }
        return store;
    }

    @Test
    void entriesLiveUnderTheCachePrefixAndPrefixesAreSeparateNamespaces() {
        ephemeral().cache().put("user:42:query_results", "[1,2,3]", Duration.ofMinutes(1));
        ContractStores.Opened other = ContractStores.open(getClass(), this::onClose);
        try (RedisStore otherStore = other.store()) {
            assertThat(otherStore.cache().get("user:42:query_results")).isEmpty();
        }
        AtomicReference<String> raw = new AtomicReference<>();
        TestRedis.raw(ContractStores.fixture().uri(), redis -> raw.set(redis.get(prefix + "cache:user:42:query_results")));
        assertThat(raw.get()).isEqualTo("[1,2,3]");
    }

    @Test
    void nonPositiveTtlIsRejectedAndASubMillisecondTtlStillStores() {
        assertThatThrownBy(() -> ephemeral().cache().put("k", "v", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cache ttl must be positive, but was PT0S");
        ephemeral().cache().put("tiny", "v", Duration.ofNanos(1));
        awaitTrue("1 ns entry expired", () -> ephemeral().cache().get("tiny").isEmpty());
    }
}
