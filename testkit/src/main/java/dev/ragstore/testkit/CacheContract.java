package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.Cache;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the {@link Cache} port: a value put is read back exactly (Unicode, empty and large
 * values included) until its TTL passes in real time or it is invalidated; a put replaces the
 * value and its TTL; keys are independent; reading or invalidating an unknown key is harmless.
 *
 * <p>Subclass it and implement {@link #newEphemeralStore()} (see {@link EphemeralContractSupport}).
 */
public abstract class CacheContract extends EphemeralContractSupport {

    private Cache cache() {
        return ephemeral().cache();
    }

    @Test
    void putValueIsReadBackExactly() {
        String key = uniqueKey("cache");
        String value = "{\"name\":\"naïve ✓ 日本語\",\"emoji\":\"\uD83D\uDE00\",\"quote\":\"\\\"\"}";

        cache().put(key, value, Duration.ofMinutes(5));

        assertThat(cache().get(key)).contains(value);
    }

    @Test
    void emptyAndLargeValuesRoundTrip() {
        String empty = uniqueKey("empty");
        String large = uniqueKey("large");
        String big = "x".repeat(512 * 1024);

        cache().put(empty, "", Duration.ofMinutes(5));
        cache().put(large, big, Duration.ofMinutes(5));

        assertThat(cache().get(empty)).contains("");
        assertThat(cache().get(large)).contains(big);
    }

    @Test
    void putReplacesTheValue() {
        String key = uniqueKey("cache");
        cache().put(key, "first", Duration.ofMinutes(5));

        cache().put(key, "second", Duration.ofMinutes(5));

        assertThat(cache().get(key)).contains("second");
    }

    @Test
    void invalidateRemovesTheEntryOnly() {
        String key = uniqueKey("cache");
        String other = uniqueKey("cache");
        cache().put(key, "value", Duration.ofMinutes(5));
        cache().put(other, "other", Duration.ofMinutes(5));

        cache().invalidate(key);
        cache().invalidate(key);
        cache().invalidate(uniqueKey("never-written"));

        assertThat(cache().get(key)).isEmpty();
        assertThat(cache().get(other)).contains("other");
    }

    @Test
    void unknownKeyReadsAsEmpty() {
        assertThat(cache().get(uniqueKey("unknown"))).isEmpty();
    }

    @Test
    void entryExpiresAfterItsTtl() {
        String shortLived = uniqueKey("short");
        String longLived = uniqueKey("long");
        cache().put(shortLived, "soon gone", Duration.ofSeconds(1));
        cache().put(longLived, "stays", Duration.ofMinutes(5));

        awaitTrue("cache entry with a 1 s TTL expired", () -> cache().get(shortLived).isEmpty());

        assertThat(cache().get(longLived)).contains("stays");
    }

    @Test
    void putResetsTheTtl() {
        String key = uniqueKey("reset");
        cache().put(key, "short", Duration.ofSeconds(1));

        cache().put(key, "long", Duration.ofMinutes(5));
        sleep(Duration.ofMillis(1_500));

        assertThat(cache().get(key)).contains("long");
    }
}
