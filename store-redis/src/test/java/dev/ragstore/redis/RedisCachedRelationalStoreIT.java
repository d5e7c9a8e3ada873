package dev.ragstore.redis;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import dev.ragstore.redis.internal.VersionedCache;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-through cache over the in-memory relational store. A read that still returns a value
 * changed behind the cache's back (through {@code raw}) proves it was served from Redis.
 */
class RedisCachedRelationalStoreIT {

    private static final String PREFIX = TestRedis.uniquePrefix("cached");
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static RedisStore redis;
    private static InMemoryRelationalStore raw;
    private static RedisCachedRelationalStore cached;

    @BeforeAll
    static void connect() {
        redis = TestRedis.builder(PREFIX).historyCacheMessages(4).build();
        raw = InMemoryRelationalStore.create();
        cached = RedisCachedRelationalStore.wrap(raw, redis);
    }

    @AfterAll
    static void close() {
        cached.close();
        redis.close();
        TestRedis.deletePrefix(PREFIX);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static User newUser() {
        return cached.users().insert(Records.user(unique("ann")));
    }

    @Test
    void userIsServedFromCacheUntilUpdatedThroughTheStore() {
        User ann = newUser();
        assertThat(cached.users().findById(ann.id())).contains(ann);
        raw.users().update(Records.renamedDisplay(ann, "changed behind the cache"));

        assertThat(cached.users().findById(ann.id())).contains(ann);

        User updated = cached.users().update(Records.renamedDisplay(ann, "Ann B."));
        assertThat(cached.users().findById(ann.id()).orElseThrow().displayName()).isEqualTo("Ann B.");
        assertThat(updated.displayName()).isEqualTo("Ann B.");
    }

    @Test
    void cachedUserKeepsEveryFieldAndMetadataType() {
        User ann = newUser();
        cached.users().findById(ann.id());

        User fromCache = cached.users().findById(ann.id()).orElseThrow();

        assertThat(fromCache).isEqualTo(raw.users().findById(ann.id()).orElseThrow());
        assertThat(fromCache.preferences().get("id")).isInstanceOf(UUID.class);
        assertThat(fromCache.preferences().get("n")).isEqualTo(5L);
        assertThat(fromCache.preferences().get("x")).isEqualTo(1.5);
    }

    private static List<String> dumpOfThePrefix() {
        List<String> dump = new ArrayList<>();
        TestRedis.raw(redis -> ScanIterator.scan(redis, ScanArgs.Builder.matches(PREFIX + "*")).forEachRemaining(key -> {
            dump.add(key);
            switch (redis.type(key)) {
                case "string" -> dump.add(redis.get(key));
                case "hash" -> redis.hgetall(key).forEach((field, value) -> dump.add(field + "=" + value));
                case "zset" -> dump.addAll(redis.zrange(key, 0, -1));
                default -> dump.add(redis.type(key));
            }
        }));
        return dump;
    }

    @Test
    void passwordHashesAndSealedKeysNeverReachRedisButCacheHitsCarryThem() {
        byte[] sealed = new byte[48];
        new SecureRandom().nextBytes(sealed);
        User stored = cached.users().insert(Records.user(unique("secret")));
        User ann = raw.users().update(new User(stored.id(), stored.username(), stored.email(),
                "$argon2id$v=19$m=19456,t=2,p=1$" + UUID.randomUUID() + "$" + UUID.randomUUID(), stored.displayName(),
                stored.role(), true, false, null, 0, Map.of(), null, stored.createdAt(), stored.updatedAt()));
        ModelProfile profile = cached.modelProfiles().insert(new ModelProfile(Records.profile(ann.id(), "sealed", List.of()).id(),
                ann.id(), "sealed", "https://llm.example/v1", sealed, "", ModelStatus.TRAINED, List.of(), Records.now(), Records.now()));
        cached.users().findById(ann.id());
        cached.users().findByUsername(ann.username());
        cached.modelProfiles().findById(ann.id(), profile.id());
        raw.users().update(Records.renamedDisplay(ann, "changed behind the cache"));

        User hit = cached.users().findById(ann.id()).orElseThrow();
        ModelProfile profileHit = cached.modelProfiles().findById(ann.id(), profile.id()).orElseThrow();

        assertThat(hit).as("served from Redis, with its hash").isEqualTo(ann);
        assertThat(profileHit).isEqualTo(profile);
        assertThat(profileHit.sealedApiKey()).isEqualTo(sealed);
        String base64 = Base64.getEncoder().encodeToString(sealed);
        String hex = HexFormat.of().formatHex(sealed);
        List<String> dump = dumpOfThePrefix();
        assertThat(dump).anyMatch(text -> text.contains(ann.id().toString()));
        assertThat(dump).noneMatch(text -> text.contains(ann.passwordHash()) || text.contains(ann.passwordHash().substring(30))
                || text.contains(base64) || text.contains(base64.substring(8, 40)) || text.contains(hex));

        // Another process holds no secret yet: it reads the store of record, and leaves the entry alone.
        try (RedisStore other = TestRedis.builder(PREFIX).historyCacheMessages(4).build()) {
            RedisCachedRelationalStore otherCached = RedisCachedRelationalStore.wrap(raw, other);
            assertThat(otherCached.users().findById(ann.id()).orElseThrow().displayName()).isEqualTo("changed behind the cache");
            assertThat(otherCached.modelProfiles().findById(ann.id(), profile.id()).orElseThrow().sealedApiKey()).isEqualTo(sealed);
            assertThat(cached.users().findById(ann.id())).contains(ann);
            assertThat(otherCached.users().findById(ann.id())).as("now held, so served from Redis").contains(ann);
        }
    }

    @Test
    void userByNameIsVerifiedAgainstTheIdEntry() {
        User ann = newUser();
        assertThat(cached.users().findByUsername(ann.username())).contains(ann);
        assertThat(cached.users().findByUsername(ann.username())).contains(ann);

        assertThat(cached.users().delete(ann.id())).isTrue();

        assertThat(cached.users().findByUsername(ann.username())).isEmpty();
        assertThat(cached.users().findById(ann.id())).isEmpty();
    }

    @Test
    void appendingAndRecordingUsageRefreshTheCachedLifetimeTokens() {
        User ann = newUser();
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        cached.users().findById(ann.id());

        cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "hello"), TODAY);
        assertThat(cached.users().findById(ann.id()).orElseThrow().lifetimeTokens()).isEqualTo(5);

        cached.usage().record(ann.id(), TODAY, UsageDelta.message(10));
        assertThat(cached.users().findById(ann.id()).orElseThrow().lifetimeTokens()).isEqualTo(15);
    }

    @Test
    void planByNameFollowsRenames() {
        Plan plan = cached.plans().insert(Records.plan(unique("pro")));
        assertThat(cached.plans().findByName(plan.name())).contains(plan);
        assertThat(cached.plans().findById(plan.id())).contains(plan);

        Plan renamed = cached.plans().update(Records.renamed(plan, unique("business")));

        assertThat(cached.plans().findByName(plan.name())).isEmpty();
        assertThat(cached.plans().findByName(renamed.name())).contains(renamed);
        assertThat(cached.plans().findById(plan.id())).contains(renamed);
        assertThat(cached.plans().delete(plan.id())).isTrue();
        assertThat(cached.plans().findById(plan.id())).isEmpty();
    }

    @Test
    void knowledgeBaseIsNeverServedToAnotherOwner() {
        User ann = newUser();
        User bob = newUser();
        KnowledgeBase kb = cached.knowledgeBases().insert(Records.knowledgeBase(ann.id(), "docs"));
        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).contains(kb);
        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).contains(kb);

        assertThat(cached.knowledgeBases().findById(bob.id(), kb.id())).isEmpty();
    }

    @Test
    void knowledgeBaseUpdatesAndSoftDeletesAreVisibleAtOnce() {
        User ann = newUser();
        KnowledgeBase kb = cached.knowledgeBases().insert(Records.knowledgeBase(ann.id(), "docs"));
        cached.knowledgeBases().findById(ann.id(), kb.id());

        KnowledgeBase updated = cached.knowledgeBases().update(Records.described(kb, "new description"));

        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).contains(updated);
    }

    @Test
    void purgingAKnowledgeBaseRefreshesTheOwnersCachedProfiles() {
        User ann = newUser();
        KnowledgeBase kb = cached.knowledgeBases().insert(Records.knowledgeBase(ann.id(), "docs"));
        ModelProfile profile = cached.modelProfiles().insert(Records.profile(ann.id(), "rag", List.of(kb.id())));
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id()).orElseThrow().knowledgeBaseIds()).containsExactly(kb.id());

        assertThat(cached.knowledgeBases().delete(ann.id(), kb.id())).isTrue();

        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).isEmpty();
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id()).orElseThrow().knowledgeBaseIds()).isEmpty();
    }

    @Test
    void modelProfileUpdatesAndDeletesInvalidate() {
        User ann = newUser();
        ModelProfile profile = cached.modelProfiles().insert(Records.profile(ann.id(), "rag", List.of()));
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id())).contains(profile);

        ModelProfile trained = cached.modelProfiles().update(Records.withStatus(profile, ModelStatus.TRAINED));
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id())).contains(trained);

        assertThat(cached.modelProfiles().delete(ann.id(), profile.id())).isTrue();
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id())).isEmpty();
    }

    @Test
    void deletingAUserInvalidatesEverythingCachedForThem() {
        User ann = newUser();
        KnowledgeBase kb = cached.knowledgeBases().insert(Records.knowledgeBase(ann.id(), "docs"));
        ModelProfile profile = cached.modelProfiles().insert(Records.profile(ann.id(), "rag", List.of(kb.id())));
        cached.knowledgeBases().findById(ann.id(), kb.id());
        cached.modelProfiles().findById(ann.id(), profile.id());

        assertThat(cached.users().delete(ann.id())).isTrue();

        assertThat(cached.knowledgeBases().findById(ann.id(), kb.id())).isEmpty();
        assertThat(cached.modelProfiles().findById(ann.id(), profile.id())).isEmpty();
    }

    @Test
    void historyIsWrittenThroughOnAppendAndServedFromCache() {
        User ann = newUser();
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        Message root = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "q1"), TODAY);
        assertThat(cached.chats().path(ann.id(), root.id(), 10)).containsExactly(root);

        List<Message> all = new ArrayList<>(List.of(root));
        Message leaf = root;
        for (int i = 0; i < 5; i++) {
            leaf = cached.chats().append(ann.id(), i % 2 == 0 ? Records.cited(session.id(), leaf.id(), "answer " + i)
                    : Records.message(session.id(), ann.id(), leaf.id(), "question " + i), TODAY);
            all.add(leaf);
        }

        AtomicReference<Map<String, String>> entry = new AtomicReference<>();
        String leafKey = PREFIX + "user:{" + ann.id() + "}:history:" + leaf.id();
        TestRedis.raw(r -> entry.set(r.hgetall(leafKey)));
        assertThat(entry.get()).containsEntry("n", "4").containsEntry("c", "0");
        assertThat(cached.chats().path(ann.id(), leaf.id(), 3)).containsExactlyElementsOf(all.subList(3, 6));
        assertThat(cached.chats().path(ann.id(), leaf.id(), 6)).containsExactlyElementsOf(all);
        assertThat(cached.chats().path(ann.id(), leaf.id(), 6)).isEqualTo(raw.chats().path(ann.id(), leaf.id(), 6));
    }

    @Test
    void historyOfAnotherOwnerIsEmpty() {
        User ann = newUser();
        User bob = newUser();
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        Message root = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "secret"), TODAY);
        cached.chats().path(ann.id(), root.id(), 10);

        assertThat(cached.chats().path(bob.id(), root.id(), 10)).isEmpty();
        assertThat(cached.chats().latestMessage(bob.id(), session.id())).isEmpty();
    }

    @Test
    void latestMessageFollowsAppends() {
        User ann = newUser();
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).isEmpty();

        Message first = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "one"), TODAY);
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(first);
        Message second = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), first.id(), "two"), TODAY);

        assertThat(cached.chats().latestMessage(ann.id(), session.id())).contains(second);
    }

    @Test
    void deletingASessionHidesItsCachedHistory() {
        User ann = newUser();
        ChatSession session = cached.chats().insertSession(Records.session(ann.id()), TODAY);
        Message root = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), null, "one"), TODAY);
        Message reply = cached.chats().append(ann.id(), Records.message(session.id(), ann.id(), root.id(), "two"), TODAY);
        assertThat(cached.chats().path(ann.id(), reply.id(), 5)).hasSize(2);
        cached.chats().latestMessage(ann.id(), session.id());

        assertThat(cached.chats().deleteSession(ann.id(), session.id())).isTrue();

        assertThat(cached.chats().path(ann.id(), reply.id(), 5)).isEmpty();
        assertThat(cached.chats().latestMessage(ann.id(), session.id())).isEmpty();
    }

    @Test
    void aFillThatRacedAWriteIsDropped() {
        UserId owner = new UserId(UUID.randomUUID());
        String key = redis.keys().account(owner);
        String generation = redis.keys().cacheGeneration(owner);
        VersionedCache.Lookup miss = redis.records().read(key, generation);
        assertThat(miss.hit()).isFalse();

        redis.records().invalidate(key);
        redis.records().fill(miss.ticket(), "{\"stale\":true}");
        assertThat(redis.records().read(key, generation).hit()).isFalse();

        VersionedCache.Lookup second = redis.records().read(key, generation);
        redis.records().bumpGenerations(generation);
        redis.records().fill(second.ticket(), "{\"stale\":true}");
        assertThat(redis.records().read(key, generation).hit()).isFalse();

        VersionedCache.Lookup third = redis.records().read(key, generation);
        redis.records().fill(third.ticket(), "{\"fresh\":true}");
        assertThat(redis.records().read(key, generation).data()).isEqualTo("{\"fresh\":true}");
    }
}
