package dev.ragstore.redis.internal;

import dev.ragstore.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisTargetTest {

    @Test
    void masksThePasswordInEveryRendering() {
        RedisTarget target = RedisTarget.parse("redis uri", "redis://app:s3cret@cache.internal:6380/2", false);

        assertThat(target.display()).isEqualTo("redis://***@cache.internal:6380/2");
        assertThat(target.address()).isEqualTo("cache.internal:6380");
        assertThat(target.toString()).doesNotContain("s3cret");
    }

    @Test
    void describesSentinelSetups() {
        RedisTarget target = RedisTarget.parse("redis uri", "redis-sentinel://:pw@s1:26379,s2:26380/0#mymaster", false);

        assertThat(target.display()).isEqualTo("redis-sentinel://***@s1:26379,s2:26380/0#mymaster").doesNotContain("pw");
        assertThat(target.address()).isEqualTo("sentinels s1:26379,s2:26380 (master 'mymaster')");
    }

    @Test
    void rejectsUnknownSchemesWithoutEchoingTheUri() {
        assertThatThrownBy(() -> RedisTarget.parse("redis uri", "http://user:topsecret@host", false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("redis uri"))
                .hasMessageContaining("must start with redis://, rediss:// or redis-sentinel://")
                .hasMessageContaining("'http'")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void clusterTakesNoSentinelUri() {
        assertThatThrownBy(() -> RedisTarget.parse("redis clusterUri", "redis-sentinel://s1:26379#m", true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis clusterUri")
                .hasMessageContaining("redis:// or rediss://");
    }
}
