package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of bad input: names that are blank, too long (201 characters) or hold a NUL or
 * another control character; metadata keys that break {@code [A-Za-z0-9_.-]{1,64}}; NUL in free
 * text; non-finite vector components; query vectors of the wrong dimension; out-of-range page
 * sizes, topK and windows. Each is an {@link InvalidInputException} whose message names the
 * field, the rule and (unless secret) the value, and the store is unchanged afterwards.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class BadInputContract extends StoreContractSupport {

    private static final String LONG_NAME = "n".repeat(201);

    /** Knowledge base names and descriptions the store must refuse, each leaving the list unchanged. */
    @TestFactory
    Stream<DynamicTest> badKnowledgeBaseNamesAreRejectedAndNothingIsWritten() {
        UserScope scope = newScope();
        KnowledgeBase existing = newKnowledgeBase(scope);
        return Stream.of(
                rejected("blank name", () -> scope.knowledgeBases().create("   ", "", Map.of()),
                        "knowledge base name", "blank"),
                rejected("201-character name", () -> scope.knowledgeBases().create(LONG_NAME, "", Map.of()),
                        "knowledge base name", "200", "n".repeat(60)),
                rejected("NUL in name", () -> scope.knowledgeBases().create("bad\u0000name", "", Map.of()),
                        "knowledge base name", "U+0000", "bad\\u0000name"),
                rejected("line break in name", () -> scope.knowledgeBases().create("two\nlines", "", Map.of()),
                        "knowledge base name", "U+000A"),
                rejected("NUL in description", () -> scope.knowledgeBases().create("ok", "a\u0000b", Map.of()),
                        "knowledge base description", "NUL"),
                rejected("description over 4000 characters", () -> scope.knowledgeBases().create("ok", "d".repeat(4_001), Map.of()),
                        "knowledge base description", "4000"),
                rejected("update to a blank name", () -> scope.knowledgeBases().update(existing.id(), "", "", Map.of()),
                        "knowledge base name", "blank"))
                .map(test -> DynamicTest.dynamicTest(test.name, () -> {
                    test.run();
                    assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).containsExactly(existing);
                }));
    }

    /** Metadata keys and values the store must refuse wherever metadata is accepted. */
    @TestFactory
    Stream<DynamicTest> badMetadataIsRejectedAndNothingIsWritten() {
        UserScope scope = newScope();
        Map<String, Object> semicolon = Map.of("a;drop", "x");
        Map<String, Object> empty = Map.of("", "x");
        Map<String, Object> tooLong = Map.of("k".repeat(65), "x");
        Map<String, Object> nested = Map.of("nested", Map.of("a", 1));
        Map<String, Object> nan = Map.of("ratio", Double.NaN);
        Map<String, Object> mixedList = Map.of("tags", List.of("a", 1));
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("gone", null);
        Map<String, Object> tooMany = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            tooMany.put("k" + i, (long) i);
        }
        return Stream.of(
                rejected("key with a semicolon", () -> scope.knowledgeBases().create("kb", "", semicolon),
                        "metadata key", "[A-Za-z0-9_.-]{1,64}", "'a;drop'"),
                rejected("empty key", () -> scope.knowledgeBases().create("kb", "", empty),
                        "metadata key", "[A-Za-z0-9_.-]{1,64}", "''"),
                rejected("65-character key", () -> scope.knowledgeBases().create("kb", "", tooLong),
                        "metadata key", "[A-Za-z0-9_.-]{1,64}", "k".repeat(60)),
                rejected("nested map value", () -> scope.knowledgeBases().create("kb", "", nested),
                        "metadata['nested']", "must be a String, Boolean, Long, Double, UUID or List<String>"),
                rejected("NaN value", () -> scope.knowledgeBases().create("kb", "", nan), "metadata['ratio']", "finite", "NaN"),
                rejected("list with a number", () -> scope.knowledgeBases().create("kb", "", mixedList),
                        "metadata['tags']", "strings"),
                rejected("null value", () -> scope.knowledgeBases().create("kb", "", nullValue), "metadata['gone']", "null"),
                rejected("65 entries", () -> scope.knowledgeBases().create("kb", "", tooMany), "metadata", "64", "65"),
                rejected("bad key in a chat model config", () -> scope.chats().create("chat", "", semicolon, List.of()),
                        "metadata key", "'a;drop'"),
                rejected("bad key in preferences", () -> scope.updateProfile("name", null, semicolon),
                        "metadata key", "'a;drop'"),
                rejected("bad key in an audit event", () -> scope.audit().record("action", semicolon),
                        "metadata key", "'a;drop'"))
                .map(test -> DynamicTest.dynamicTest(test.name, () -> {
                    test.run();
                    assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).isEmpty();
                    assertThat(scope.chats().list(PageRequest.first(10)).items()).isEmpty();
                    assertThat(scope.profile().preferences()).isEmpty();
                }));
    }

    @Test
    void nulInAMessageIsRejectedAndTheSessionIsUnchanged() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("clean");

        assertInvalidInput(() -> scope.chats().append(session.id(), NewMessage.user(null, "bad\u0000text", 1)),
                "message content", "NUL");
        assertInvalidInput(() -> scope.chats().create("bad\u0000title"), "chat session title", "U+0000");
        assertInvalidInput(() -> scope.chats().rename(session.id(), LONG_NAME), "chat session title", "200");

        assertThat(scope.chats().find(session.id())).contains(session);
        assertThat(scope.chats().list(PageRequest.first(10)).items()).containsExactly(session);
    }

    @Test
    void nonFiniteVectorComponentsAreRejectedNamingTheIndex() {
        assertInvalidInput(() -> Embedding.of(1f, Float.NaN, 3f), "embedding[1]", "finite", "NaN");
        assertInvalidInput(() -> Embedding.of(Float.POSITIVE_INFINITY), "embedding[0]", "finite", "Infinity");
        assertInvalidInput(() -> Embedding.of(), "embedding", "at least one dimension");
    }

    @Test
    void queryVectorOfTheWrongDimensionIsRejected() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ingestText(scope, knowledgeBase, "a.txt", "some text");
        int dimension = store().space().dimension();

        assertInvalidInput(() -> scope.search(SearchRequest.builder().vector(Embedding.of(new float[dimension + 1]))
                .knowledgeBase(knowledgeBase.id()).build()), "dimension", String.valueOf(dimension),
                String.valueOf(dimension + 1));
    }

    @Test
    void outOfRangeSizesAreRejected() {
        UserScope scope = newScope();

        assertInvalidInput(() -> PageRequest.first(0), "page limit", "1000", "0");
        assertInvalidInput(() -> PageRequest.first(1_001), "page limit", "1001");
        assertInvalidInput(() -> new PageRequest(10, "not-a-cursor"), "page cursor", "not-a-cursor");
        assertInvalidInput(() -> SearchRequest.builder().text("x").topK(0).build(), "topK", "0");
        assertInvalidInput(() -> SearchRequest.builder().text("x").topK(1_001).build(), "topK", "1001");
        assertInvalidInput(() -> SearchRequest.builder().text("x").minScore(Double.NaN).build(), "minScore", "finite");
        assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).isEmpty();
    }

    // ---- request bounds (issue 18, finding 9) ----

    private static List<KnowledgeBaseId> randomKnowledgeBaseIds(int count) {
        List<KnowledgeBaseId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new KnowledgeBaseId(UUID.randomUUID()));
        }
        return ids;
    }

    private static Filter[] conditions(int count) {
        return IntStream.range(0, count).mapToObj(i -> Filter.eq("n", (long) i)).toArray(Filter[]::new);
    }

    @Test
    void tooManyKnowledgeBasesOrIdsInOneCallAreRejectedBeforeAnyLookUp() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        List<KnowledgeBaseId> tooMany = randomKnowledgeBaseIds(1_000);
        tooMany.add(knowledgeBase.id());
        List<DocumentId> documents = IntStream.range(0, 1_001).mapToObj(i -> new DocumentId(UUID.randomUUID())).toList();

        assertInvalidInput(() -> scope.search(SearchRequest.builder().text("x").knowledgeBases(tooMany).build()),
                "search knowledgeBases", "at most 1000", "1001");
        assertInvalidInput(() -> scope.chats().create("t", "", Map.of(), tooMany), "knowledge base ids", "at most 1000", "1001");
        ChatSession session = scope.chats().create("kept");
        assertInvalidInput(() -> scope.chats().update(session.id(), "t", "", Map.of(), tooMany),
                "knowledge base ids", "at most 1000", "1001");
        assertInvalidInput(() -> scope.models().create("m", "http://localhost", null, "", tooMany),
                "knowledge base ids", "at most 1000", "1001");
        assertInvalidInput(() -> NewMessage.builder(MessageRole.USER, "x").attachedDocuments(documents).build(),
                "message attached documents", "at most 1000", "1001");

        assertThat(scope.chats().list(PageRequest.first(10)).items()).containsExactly(session);
        assertThat(scope.models().list()).isEmpty();
    }

    @Test
    void filtersAreBoundedInConditionsValuesAndDepth() {
        assertInvalidInput(() -> Filter.or(conditions(1_001)), "filter width", "at most 1000", "1001");
        assertInvalidInput(() -> Filter.and(Filter.or(conditions(600)), Filter.not(Filter.or(conditions(600)))),
                "filter conditions", "at most 1000", "1200");
        Object[] thousand = IntStream.range(0, Filter.MAX_VALUES).mapToObj(i -> (Object) ("v" + i)).toArray();
        Object[] tooMany = IntStream.range(0, Filter.MAX_VALUES + 1).mapToObj(i -> (Object) ("v" + i)).toArray();
        assertInvalidInput(() -> Filter.in("k", tooMany), "filter values for metadata['k']", "1000", "1001");
        Filter[] ins = IntStream.range(0, 11).mapToObj(i -> Filter.notIn("k" + i, thousand)).toArray(Filter[]::new);
        assertInvalidInput(() -> Filter.or(ins), "filter values", "at most 10000", "11000");
        Filter deep = Filter.eq("k", 1L);
        for (int i = 0; i < Filter.MAX_DEPTH; i++) {
            deep = Filter.not(deep);
        }
        Filter deepest = deep;
        assertInvalidInput(() -> Filter.not(deepest), "filter nesting depth", String.valueOf(Filter.MAX_DEPTH));
    }

    @Test
    void aFilterAtTheBoundsIsAnswered() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ingestText(scope, knowledgeBase, "a.txt", "bounded filters still work");
        Object[] values = IntStream.range(0, Filter.MAX_VALUES).mapToObj(i -> (Object) ("v" + i)).toArray();
        Filter[] leaves = conditions(999);
        Filter[] all = java.util.Arrays.copyOf(leaves, leaves.length + 1);
        all[leaves.length] = Filter.notIn("k", values);

        assertThat(scope.search(SearchRequest.builder().text("bounded filters").knowledgeBase(knowledgeBase.id())
                .filter(Filter.or(all)).build())).isNotEmpty();
    }

    // ---- unpaired surrogates (issue 18, finding 12) ----

    @Test
    void unpairedSurrogatesAreRejectedInEveryTextFieldAndNeverMatchAStoredName() {
        UserScope scope = newScope();
        String name = unique("sur");
        ChatSession session = scope.chats().create("chat");

        assertInvalidInput(() -> store().admin().createUser(new NewUser(name + "\uD800y", null, PASSWORD, "x", Role.USER, null)),
                "username", "unpaired", "U+D800 at index " + name.length());
        assertInvalidInput(() -> scope.knowledgeBases().create("kb\uDC00", "", Map.of()), "knowledge base name", "U+DC00");
        assertInvalidInput(() -> scope.knowledgeBases().create("kb", "ends high \uD83D", Map.of()),
                "knowledge base description", "unpaired");
        assertInvalidInput(() -> scope.knowledgeBases().create("kb", "", Map.of("k", "v\uD800")), "metadata['k']", "unpaired");
        assertInvalidInput(() -> scope.chats().append(session.id(), NewMessage.user(null, "hi \uDE00 there", 1)),
                "message content", "unpaired");
        assertInvalidInput(() -> scope.search(SearchRequest.builder().text("q\uD800").build()), "search text", "unpaired");
        assertInvalidInput(() -> Filter.eq("k", "v\uD800"), "metadata['k']", "unpaired");
        assertInvalidInput(() -> scope.updateProfile("Name\uD800", null, Map.of()), "display name", "unpaired");

        KnowledgeBase paired = scope.knowledgeBases().create("kb \uD83D\uDE00", "", Map.of());
        assertThat(scope.knowledgeBases().find(paired.id()).orElseThrow().name()).isEqualTo("kb \uD83D\uDE00");
        assertThat(scope.knowledgeBases().list(PageRequest.first(10)).items()).containsExactly(paired);
        assertThat(scope.chats().history(session.id(), null, 10)).isEmpty();
        assertThat(store().admin().findUserByUsername(name + "?y")).isEmpty();

        // a stored '?' is not what a surrogate in a login or look-up means
        User question = store().admin().createUser(new NewUser(name + "?y", null, PASSWORD, "x", Role.USER, null));
        assertThat(store().accounts().login(name + "\uD800y", PASSWORD)).isEmpty();
        assertThat(store().admin().findUserByUsername(name + "\uD800y")).isEmpty();
        assertThat(store().accounts().login(question.username(), PASSWORD)).isPresent();
    }

    // ---- vectors float32 cannot measure (issue 18, finding 14) ----

    /** The kit's embedder, except that every vector is scaled to components of {@code magnitude}. */
    private static Embedder scaledEmbedder(Embedder delegate, float magnitude) {
        return new Embedder() {
            @Override
            public dev.ragstore.core.chunk.EmbeddingSpace space() {
                return delegate.space();
            }

            @Override
            public List<Embedding> embed(List<String> texts) {
                return texts.stream().map(t -> {
                    float[] values = new float[delegate.space().dimension()];
                    java.util.Arrays.fill(values, magnitude);
                    return Embedding.of(values);
                }).toList();
            }

            @Override
            public int maxBatchSize() {
                return delegate.maxBatchSize();
            }
        };
    }

    @Test
    void vectorsWhoseDistancesWouldOverflowFloat32AreRejectedOnQueriesAndWrites() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ingestText(scope, knowledgeBase, "a.txt", "some text");
        int dimension = store().space().dimension();
        float[] huge = new float[dimension];
        huge[0] = 3e38f;
        float[] spread = new float[dimension];
        java.util.Arrays.fill(spread, 2e18f);

        assertInvalidInput(() -> scope.search(SearchRequest.builder().vector(Embedding.of(huge))
                .knowledgeBase(knowledgeBase.id()).build()), "search vectors[0]", "squared norm", "vector.norm");
        assertInvalidInput(() -> scope.search(SearchRequest.builder().vector(Embedding.of(spread)).build()),
                "search vectors[0]", "squared norm");
        float[] fine = new float[dimension];
        java.util.Arrays.fill(fine, 1e17f);
        assertThat(scope.search(SearchRequest.builder().vector(Embedding.of(fine)).knowledgeBase(knowledgeBase.id()).build()))
                .allSatisfy(hit -> assertThat(Double.isFinite(hit.score())).isTrue());

        RagStore overflowing = open(defaultOptions().withEmbedder(scaledEmbedder(
                dev.ragstore.core.spi.HashingEmbedder.create(DIMENSION), 3e38f)));
        UserScope writer = overflowing.forUser(newUser(overflowing));
        KnowledgeBase target = newKnowledgeBase(writer);
        assertInvalidInput(() -> ingestText(writer, target, "huge.txt", "vectors too long to measure"),
                "embedding", "squared norm");
        assertThat(writer.search(SearchRequest.builder().text("vectors too long").mode(dev.ragstore.core.search.SearchMode.KEYWORD)
                .knowledgeBase(target.id()).build())).isEmpty();
    }

    @Test
    void badUserFieldsAreRejectedWithoutEchoingThePassword() {
        String name = unique("bad");

        assertInvalidInput(() -> store().admin().createUser(new NewUser(" ", null, PASSWORD, "x", Role.USER, null)),
                "username", "blank");
        assertInvalidInput(() -> store().admin().createUser(new NewUser(name, "no-at-sign", PASSWORD, "x", Role.USER, null)),
                "email", "@", "no-at-sign");
        assertThatThrownBy(() -> store().admin().createUser(new NewUser(name, null, "short1", "x", Role.USER, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("short1");
        assertInvalidInput(() -> store().admin().createPlan(NewPlan.builder().name(unique("plan"))
                .dailyTokenLimit(-1).documentLimit(1).sessionLimit(1)
                .monthlyPrice(BigDecimal.ONE).build()),
                "daily token limit", "-1");
        assertInvalidInput(() -> store().admin().createPlan(NewPlan.builder().name(unique("plan"))
                .dailyTokenLimit(1).documentLimit(1).sessionLimit(1)
                .monthlyPrice(new BigDecimal("-0.01")).build()),
                "price", "-0.01");

        assertThat(store().admin().findUserByUsername(name)).isEmpty();
    }

    private static Rejection rejected(String name, Runnable call, String... fragments) {
        return new Rejection(name, call, fragments);
    }

    /** One bad call and the fragments its message must contain. */
    private static final class Rejection {
        final String name;
        final Runnable call;
        final String[] fragments;

        Rejection(String name, Runnable call, String[] fragments) {
            this.name = name;
            this.call = call;
            this.fragments = fragments;
        }

        void run() {
            assertInvalidInput(call::run, fragments);
        }
    }
}
