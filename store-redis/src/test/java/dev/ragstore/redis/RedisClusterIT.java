package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.ephemeral.LockGrant;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component on a real three-master Redis Cluster started by the test: scripts only touch
 * keys of one hash slot, and multi-slot work (revoking all tokens) is split by slot.
 */
class RedisClusterIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static RedisClusterProcesses cluster;
    private static RedisStore redis;
    private static InMemoryRelationalStore raw;
    private static RedisCachedRelationalStore cached;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterProcesses.start();
        redis = RedisStore.builder().clusterUri(cluster.uri()).keyPrefix("cluster:").build();
        raw = InMemoryRelationalStore.create();
        cached = RedisCachedRelationalStore.wrap(raw, redis);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (redis != null) {
                redis.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void tokensOfOneUserSpreadOverSlotsAreAllRevoked() {
        UserId user = new UserId(UUID.randomUUID());
        List<SessionToken> issued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            issued.add(redis.sessionTokens().issue(user, Duration.ofMinutes(5)));
        }
        SessionToken extended = redis.sessionTokens().extend(issued.get(0).token(), Duration.ofHours(1)).orElseThrow();
        assertThat(extended.expiresAt()).isAfter(issued.get(0).expiresAt());

        assertThat(redis.sessionTokens().revokeAll(user)).isEqualTo(20);
        assertThat(issued).allSatisfy(t -> assertThat(redis.sessionTokens().resolve(t.token())).isEmpty());
    }

    @Test
    void locksRateLimitsJobsAndCacheWork() {
        LockGrant grant = redis.locks().tryAcquire("a{b}c", Duration.ofSeconds(30)).orElseThrow();
        assertThat(redis.locks().renew(grant, Duration.ofMinutes(1))).isPresent();
        assertThat(redis.locks().release(grant)).isTrue();

        UserId user = new UserId(UUID.randomUUID());
        assertThat(redis.rateLimiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(1)).allowed()).isTrue();
        assertThat(redis.rateLimiter().tryAcquire(user, "POST /chat", RateLimit.perMinute(1)).allowed()).isFalse();

        redis.jobs().start("job-1", 2, "start");
        assertThat(redis.jobs().complete("job-1", "done").orElseThrow().processed()).isEqualTo(2);

        redis.cache().put("k", "v", Duration.ofMinutes(1));
        assertThat(redis.cache().get("k")).contains("v");
    }

    @Test
    void readThroughCacheAndHistoryWorkAcrossTheCluster() {
        User ann = cached.users().insert(Records.user("ann-" + UUID.randomUUID().toString().substring(0, 8)));
        KnowledgeBase kb = cached.knowledgeBases().insert(Records.knowledgeBase(ann.id(), "docs"));
        ModelProfile profile = cached.modelProfiles().insert(Records.profile(ann.id(), "rag", List.of(kb.id())));
        assertThat(cached.users().findByUsername(ann.username())).contains(ann);
        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).contains(kb);
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id())).contains(profile);

        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        Message root = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "q"), TODAY);
        assertThat(cached.chats().path(ann.id(), root.id(), 5)).containsExactly(root);
        Message answer = cached.chats().append(ann.id(), Records.cited(session.id(), root.id(), "a"), TODAY);
        assertThat(cached.chats().path(ann.id(), answer.id(), 5)).containsExactly(root, answer);
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(answer);
        assertThat(cached.users().findById(ann.id()).orElseThrow().lifetimeTokens()).isEqualTo(root.tokenCount() + answer.tokenCount());

        assertThat(cached.knowledgeBases().delete(ann.id(), kb.id())).isTrue();
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id()).orElseThrow().knowledgeBaseIds()).isEmpty();
        assertThat(cached.users().delete(ann.id())).isTrue();
        assertThat(cached.users().findById(ann.id())).isEmpty();
    }
}
