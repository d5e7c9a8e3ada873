package dev.ragstore.redis.internal;

import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.UserId;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySpaceTest {

    private final KeySpace keys = KeySpace.of("ragstore:");
    private final UserId user = new UserId(UUID.randomUUID());

    @Test
    void followsTheSeedLayoutUnderThePrefix() {
        assertThat(keys.token("abc")).isEqualTo("ragstore:token:abc");
        assertThat(keys.job("user123_upload_abc")).isEqualTo("ragstore:task:user123_upload_abc");
        assertThat(keys.lock("kb-1")).isEqualTo("ragstore:lock:{kb-1}");
        assertThat(keys.rateLimit(user, "POST /chat")).isEqualTo("ragstore:rate_limit:{" + user + "}:POST /chat");
        assertThat(keys.modelProfile(user, new ModelProfileId(UUID.randomUUID()))).startsWith("ragstore:user:{" + user + "}:model_config:");
    }

    @Test
    void keysOfOneUserShareOneClusterSlot() {
        int slot = SlotHash.getSlot(keys.account(user));
        assertThat(SlotHash.getSlot(keys.userTokens(user))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.cacheGeneration(user))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.historyGeneration(user))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.knowledgeBase(user, new KnowledgeBaseId(UUID.randomUUID())))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.history(user, new MessageId(UUID.randomUUID())))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.latest(user, new ChatSessionId(UUID.randomUUID())))).isEqualTo(slot);
        assertThat(SlotHash.getSlot(keys.rateLimit(user, "{odd} endpoint"))).isEqualTo(slot);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kb-1", "a{b}c", "}x{", "{}", "%7B", "{{{"})
    void aLockAndItsFenceShareOneSlotWhateverTheResource(String resource) {
        assertThat(SlotHash.getSlot(keys.fence(resource))).isEqualTo(SlotHash.getSlot(keys.lock(resource)));
    }

    @Test
    void escapingKeepsDistinctResourcesDistinct() {
        assertThat(keys.lock("a{b}")).isNotEqualTo(keys.lock("a%7Bb%7D"));
        assertThat(keys.lock("%")).isNotEqualTo(keys.lock("%25"));
    }

    @Test
    void onlyCacheDataIsDisposable() {
        assertThat(keys.isDisposableCacheKey(keys.account(user))).isTrue();
        assertThat(keys.isDisposableCacheKey(keys.knowledgeBase(user, new KnowledgeBaseId(UUID.randomUUID())))).isTrue();
        assertThat(keys.isDisposableCacheKey(keys.history(user, new MessageId(UUID.randomUUID())))).isTrue();
        assertThat(keys.isDisposableCacheKey(keys.plan(new PlanId(UUID.randomUUID())))).isTrue();
        assertThat(keys.isDisposableCacheKey(keys.cache("anything"))).isTrue();
        assertThat(keys.isDisposableCacheKey(keys.username("ann"))).isTrue();

        assertThat(keys.isDisposableCacheKey(keys.userTokens(user))).isFalse();
        assertThat(keys.isDisposableCacheKey(keys.cacheGeneration(user))).isFalse();
        assertThat(keys.isDisposableCacheKey(keys.token("t"))).isFalse();
        assertThat(keys.isDisposableCacheKey(keys.fence("kb"))).isFalse();
        assertThat(keys.isDisposableCacheKey(keys.job("j"))).isFalse();
        assertThat(keys.isDisposableCacheKey(keys.rateLimit(user, "e"))).isFalse();
        assertThat(keys.isDisposableCacheKey("other:cache:x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space:", "brace{:", "star*:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void rejectsPrefixesOutsideTheRule(String prefix) {
        assertThatThrownBy(() -> KeySpace.of(prefix))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("redis keyPrefix"))
                .hasMessageContaining("must match [A-Za-z0-9_.:-]{1,64}");
    }
}
