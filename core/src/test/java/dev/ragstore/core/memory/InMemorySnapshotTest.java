package dev.ragstore.core.memory;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemorySnapshotTest {

    private static final Instant NANOS = Instant.parse("2025-01-01T10:00:00.123456789Z");

    @TempDir
    Path directory;

    private final Fixtures fixtures = new Fixtures();
    private final InMemoryRelationalStore relational = InMemoryRelationalStore.create();
    private final InMemoryVectorIndex index = InMemoryVectorIndex.create();
    private User alice;
    private User bob;
    private KnowledgeBase docs;
    private ChatSession chat;
    private Message answer;

    @BeforeEach
    void populate() {
        Plan plan = relational.plans().insert(fixtures.plan("pro", 10_000));
        alice = relational.users().insert(fixtures.user("alice", plan.id()));
        bob = relational.users().insert(fixtures.user("bob"));
        relational.apiKeys().insert(new ApiKey(new ApiKeyId(fixtures.nextUuid()), alice.id(), "ci", "rs_abc", "hash", 60,
                null, NANOS, NANOS));
        docs = relational.knowledgeBases().insert(fixtures.knowledgeBase(alice.id(), "docs"));
        KnowledgeBase gone = relational.knowledgeBases().insert(fixtures.knowledgeBase(alice.id(), "gone"));
        relational.knowledgeBases().softDelete(alice.id(), gone.id(), NANOS);
        chat = relational.chats().insertSession(fixtures.session(alice.id(), List.of(docs.id())), Fixtures.DAY);
        Document document = relational.documents().insertIfAbsent(fixtures.document(alice.id(), docs.id(), "h", chat.id()),
                Fixtures.DAY).document();
        Chunk chunk = new Chunk(new ChunkId(fixtures.nextUuid()), alice.id(), docs.id(), document.id(), 0, "vector search",
                2, 0, 13, null, allKindsOfMetadata(), NANOS);
        relational.chunks().replace(alice.id(), document.id(), List.of(chunk, fixtures.chunk(document, 1, "keyword search")));
        Message question = relational.chats().append(alice.id(), fixtures.message(chat.id(), alice.id(), null, "q?", 3), Fixtures.DAY);
        Message reply = fixtures.message(chat.id(), null, question.id(), "a!", 5);
        answer = relational.chats().append(alice.id(), new Message(reply.id(), chat.id(), null, question.id(),
                MessageRole.ASSISTANT, "a!", 5, "gpt", List.of(new Citation(document.id(), chunk.id(), 2, "snip", 0.1 + 0.2)),
                List.of(document.id()), 17, NANOS), Fixtures.DAY);
        relational.chats().append(alice.id(), fixtures.message(chat.id(), bob.id(), question.id(), "bob's", 1), Fixtures.DAY);
        relational.usage().record(bob.id(), Fixtures.DAY.plusDays(1), new UsageDelta(1, 2, 3, 4));
        ModelProfile profile = relational.modelProfiles().insert(new ModelProfile(new ModelProfileId(fixtures.nextUuid()),
                alice.id(), "p", "https://llm", new byte[] {0, -1, 42}, "", ModelStatus.TRAINED, List.of(docs.id()), NANOS, NANOS));
        relational.modelProfiles().linkDocument(alice.id(), profile.id(), document.id(), NANOS);
        relational.audit().append(new AuditEvent(new AuditEventId(fixtures.nextUuid()), alice.id(), "login",
                Map.of("ip", "10.0.0.1"), NANOS));
        relational.audit().append(new AuditEvent(new AuditEventId(fixtures.nextUuid()), null, "system", Map.of(), NANOS));

        index.createSpace(EmbeddingSpace.of("dense", "m", 3, DistanceMetric.COSINE));
        index.createSpace(new EmbeddingSpace("half", "m", 2, DistanceMetric.INNER_PRODUCT, VectorType.FLOAT16));
        for (Chunk c : relational.chunks().listByDocument(alice.id(), document.id())) {
            index.upsert("dense", List.of(IndexedChunk.of(c, "text/plain", List.of(Embedding.of(c.index(), 1, 0.1f)))));
        }
        index.upsert("half", List.of(IndexedChunk.of(chunk, "text/plain", List.of(Embedding.of(0.1f, 3), Embedding.of(1f / 3, 0)))));
    }

    private static Map<String, Object> allKindsOfMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("s", "text");
        metadata.put("l", 9_007_199_254_740_993L);
        metadata.put("d", 1.0);
        metadata.put("tiny", 1e-300);
        metadata.put("b", true);
        metadata.put("u", UUID.fromString("01900000-0000-7000-8000-000000000001"));
        metadata.put("tags", List.of("x", "y"));
        return metadata;
    }

    @Test
    void roundTripsEveryRepositoryAndSearchesTheSame() throws IOException {
        Path file = directory.resolve("store.json");
        InMemorySnapshot.write(file, relational, index);
        InMemoryRelationalStore loaded = InMemoryRelationalStore.create();
        InMemoryVectorIndex loadedIndex = InMemoryVectorIndex.create();

        InMemorySnapshot.read(file, loaded, loadedIndex);

        PageRequest all = PageRequest.first(100);
        assertThat(loaded.users().list(all)).isEqualTo(relational.users().list(all));
        assertThat(loaded.plans().list()).isEqualTo(relational.plans().list());
        assertThat(loaded.apiKeys().findByPrefix("rs_abc")).isEqualTo(relational.apiKeys().findByPrefix("rs_abc"));
        for (User user : List.of(alice, bob)) {
            UserId id = user.id();
            assertThat(loaded.apiKeys().list(id)).isEqualTo(relational.apiKeys().list(id));
            assertThat(loaded.knowledgeBases().list(id, all, true)).isEqualTo(relational.knowledgeBases().list(id, all, true));
            assertThat(loaded.chats().listSessions(id, all)).isEqualTo(relational.chats().listSessions(id, all));
            assertThat(loaded.modelProfiles().list(id)).isEqualTo(relational.modelProfiles().list(id));
            AuditQuery query = new AuditQuery(null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), all);
            assertThat(loaded.audit().query(id, query)).isEqualTo(relational.audit().query(id, query));
        }
        assertThat(loaded.documents().list(alice.id(), docs.id(), all)).isEqualTo(relational.documents().list(alice.id(), docs.id(), all));
        for (Document d : relational.documents().list(alice.id(), docs.id(), all).items()) {
            assertThat(loaded.chunks().listByDocument(alice.id(), d.id())).isEqualTo(relational.chunks().listByDocument(alice.id(), d.id()));
        }
        assertThat(loaded.documents().listBySession(alice.id(), chat.id())).isEqualTo(relational.documents().listBySession(alice.id(), chat.id()));
        for (Document d : relational.documents().list(alice.id(), docs.id(), all).items()) {
            List<ModelProfile> linked = relational.modelProfiles().linkedProfiles(alice.id(), d.id());
            assertThat(linked).hasSize(1);
            assertThat(loaded.modelProfiles().linkedProfiles(alice.id(), d.id())).isEqualTo(linked);
            assertThat(loaded.modelProfiles().linkedDocuments(alice.id(), linked.get(0).id(), all))
                    .isEqualTo(relational.modelProfiles().linkedDocuments(alice.id(), linked.get(0).id(), all));
        }
        assertThat(loaded.chats().path(alice.id(), answer.id(), 10)).isEqualTo(relational.chats().path(alice.id(), answer.id(), 10));
        assertThat(loaded.chats().children(alice.id(), answer.parentId())).isEqualTo(relational.chats().children(alice.id(), answer.parentId()));
        assertThat(loaded.usage().report(Fixtures.DAY, Fixtures.DAY.plusDays(9)))
                .isEqualTo(relational.usage().report(Fixtures.DAY, Fixtures.DAY.plusDays(9)));
        assertThat(loaded.knowledgeBases().stats(alice.id(), docs.id())).isEqualTo(relational.knowledgeBases().stats(alice.id(), docs.id()));

        for (IndexQuery query : queries()) {
            List<IndexHit> expected = index.search(query);
            assertThat(expected).isNotEmpty();
            assertThat(loadedIndex.search(query)).isEqualTo(expected);
        }

        Path again = directory.resolve("again.json");
        InMemorySnapshot.write(again, loaded, loadedIndex);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
    }

    @Test
    void keepsUniqueIndexesAndCountersWorkingAfterLoading() {
        Path file = directory.resolve("store.json");
        InMemorySnapshot.write(file, relational, index);
        InMemoryRelationalStore loaded = InMemoryRelationalStore.create();
        InMemorySnapshot.read(file, loaded, InMemoryVectorIndex.create());

        assertThatThrownBy(() -> loaded.users().insert(fixtures.user("alice")))
                .isInstanceOf(dev.ragstore.core.error.ConflictException.class);
        loaded.chats().append(alice.id(), fixtures.message(chat.id(), alice.id(), answer.id(), "more", 1), Fixtures.DAY);
        assertThat(loaded.chats().findSession(alice.id(), chat.id()).orElseThrow().totalMessages()).isEqualTo(4);
        assertThat(loaded.users().findById(alice.id()).orElseThrow().lifetimeTokens()).isEqualTo(10);
    }

    @Test
    void refusesToLoadIntoANonEmptyStore() {
        Path file = directory.resolve("store.json");
        InMemorySnapshot.write(file, relational, index);

        assertThatThrownBy(() -> InMemorySnapshot.read(file, relational, InMemoryVectorIndex.create()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be empty");
        InMemoryRelationalStore empty = InMemoryRelationalStore.create();
        assertThatThrownBy(() -> InMemorySnapshot.read(file, empty, index))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vector index").hasMessageContaining("must be empty");
        assertThat(empty.users().list(PageRequest.first(1)).items()).isEmpty();
    }

    @Test
    void rejectsAFileThatIsNotASnapshot() throws IOException {
        Path garbage = Files.writeString(directory.resolve("garbage.json"), "{not json");
        Path other = Files.writeString(directory.resolve("other.json"), "{\"format\":\"something-else\"}");

        assertThatThrownBy(() -> InMemorySnapshot.read(garbage, InMemoryRelationalStore.create(), InMemoryVectorIndex.create()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("snapshot file");
        assertThatThrownBy(() -> InMemorySnapshot.read(other, InMemoryRelationalStore.create(), InMemoryVectorIndex.create()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ragstore-memory-snapshot");
        assertThatThrownBy(() -> InMemorySnapshot.read(directory.resolve("missing.json"), InMemoryRelationalStore.create(),
                InMemoryVectorIndex.create()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing.json");
    }

    @Test
    void replacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(directory.resolve("store.json"), "old");
        InMemorySnapshot.write(file, relational, index);

        assertThat(Files.readString(file)).startsWith("{\"format\":\"ragstore-memory-snapshot\"");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    private List<IndexQuery> queries() {
        List<dev.ragstore.core.knowledge.KnowledgeBaseId> bases = List.of(docs.id());
        return List.of(
                new IndexQuery("dense", alice.id(), bases, SearchMode.HYBRID, "search vector",
                        List.of(Embedding.of(1, 1, 0)), Filter.exists("i"), 10, null),
                new IndexQuery("dense", alice.id(), bases, SearchMode.KEYWORD, "keyword", List.of(), null, 10, null),
                new IndexQuery("half", alice.id(), bases, SearchMode.VECTOR, null,
                        List.of(Embedding.of(1, 0), Embedding.of(0, 1)), Filter.eq("l", 9_007_199_254_740_993L), 10, null));
    }
}
