package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDelta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Contract of tenant isolation: user B can neither read nor change nor guess user A's knowledge
 * bases, documents, chat sessions, messages, API keys, model profiles, usage or audit events.
 * Every call B makes with one of A's ids has exactly the outcome it has with a random id (the
 * same exception type and message apart from the id, or the same empty answer), so nothing
 * reveals that the id exists; B's searches never return A's chunks, whether B names A's
 * knowledge base (not found) or names none; and A's data is unchanged afterwards.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class TenantIsolationContract extends StoreContractSupport {

    private static final String TEXT = "Alice's confidential merger memo about the harbor acquisition.";

    private UserScope alice;
    private UserScope bob;
    private KnowledgeBase aliceKnowledgeBase;
    private KnowledgeBase bobKnowledgeBase;
    private IngestResult aliceDocument;
    private ChatSession aliceSession;
    private Message aliceRoot;
    private IssuedApiKey aliceKey;
    private ModelProfile aliceModel;

    private void twoUsers() {
        alice = newScope();
        bob = newScope();
        aliceKnowledgeBase = alice.knowledgeBases().create("private", "alice only", Map.of());
        bobKnowledgeBase = bob.knowledgeBases().create("private", "bob only", Map.of());
        aliceSession = alice.chats().create("secret chat");
        aliceDocument = alice.documents().ingest(aliceKnowledgeBase.id(), DocumentSource.builder("memo.txt", "text/plain",
                TEXT.getBytes(StandardCharsets.UTF_8)).chatSession(aliceSession.id()).build());
        aliceRoot = alice.chats().append(aliceSession.id(), NewMessage.user(null, "summarize the memo", 4));
        aliceKey = alice.apiKeys().create("alice key", null, 0);
        aliceModel = alice.models().create("alice model", "https://llm.example.test", "sk-alice", "",
                List.of(aliceKnowledgeBase.id()));
        bob.documents().ingest(bobKnowledgeBase.id(), plainText("memo.txt", TEXT));
    }

    @Test
    void knowledgeBasesOfAnotherUserReadAsUnknown() {
        twoUsers();
        KnowledgeBaseId foreign = aliceKnowledgeBase.id();
        KnowledgeBaseId random = new KnowledgeBaseId(UUID.randomUUID());

        same(id -> () -> bob.knowledgeBases().find(id), foreign, random);
        same(id -> () -> bob.knowledgeBases().stats(id), foreign, random);
        same(id -> () -> bob.knowledgeBases().update(id, "stolen", "", Map.of()), foreign, random);
        same(id -> () -> run(() -> bob.knowledgeBases().delete(id)), foreign, random);
        same(id -> () -> bob.knowledgeBases().restore(id), foreign, random);
        same(id -> () -> run(() -> bob.knowledgeBases().purge(id)), foreign, random);
        same(id -> () -> bob.documents().list(id, PageRequest.first(10)), foreign, random);
        same(id -> () -> bob.documents().ingest(id, plainText("planted.txt", "planted")), foreign, random);
        same(id -> () -> bob.chats().create("x", "", Map.of(), List.of(id)), foreign, random);
        same(id -> () -> bob.models().create(unique("m"), "https://x.example.test", null, "", List.of(id)), foreign, random);
        same(id -> () -> bob.search(SearchRequest.builder().text(TEXT).knowledgeBase(id).build()), foreign, random);
        assertThat(bob.knowledgeBases().list(PageRequest.first(100)).items()).extracting(KnowledgeBase::id)
                .containsExactly(bobKnowledgeBase.id());

        assertAliceUnchanged();
    }

    @Test
    void documentsOfAnotherUserReadAsUnknown() {
        twoUsers();
        DocumentId foreign = aliceDocument.document().id();
        DocumentId random = new DocumentId(UUID.randomUUID());
        ChatSessionId bobSession = bob.chats().create("bob chat").id();

        same(id -> () -> bob.documents().find(id), foreign, random);
        same(id -> () -> bob.documents().chunks(id), foreign, random);
        same(id -> () -> run(() -> bob.documents().delete(id)), foreign, random);
        same(id -> () -> bob.chats().append(bobSession, NewMessage.builder(MessageRole.ASSISTANT, "cites alice")
                .citations(List.of(new Citation(id, null, null, "", 1.0))).build()), foreign, random);
        same(id -> () -> bob.chats().append(bobSession, NewMessage.builder(MessageRole.USER, "attaches alice")
                .attachedDocuments(List.of(id)).build()), foreign, random);
        assertThat(bob.chats().find(bobSession).orElseThrow().totalMessages()).isZero();

        assertAliceUnchanged();
    }

    @Test
    void sessionsAndMessagesOfAnotherUserReadAsUnknown() {
        twoUsers();
        ChatSessionId foreign = aliceSession.id();
        ChatSessionId random = new ChatSessionId(UUID.randomUUID());
        ChatSessionId bobSession = bob.chats().create("bob chat").id();
        MessageId foreignMessage = aliceRoot.id();
        MessageId randomMessage = new MessageId(UUID.randomUUID());

        same(id -> () -> bob.chats().find(id), foreign, random);
        same(id -> () -> bob.chats().rename(id, "stolen"), foreign, random);
        same(id -> () -> bob.chats().update(id, "stolen", "", Map.of(), List.of()), foreign, random);
        same(id -> () -> bob.chats().append(id, NewMessage.user(null, "injected", 1)), foreign, random);
        same(id -> () -> bob.chats().history(id, null, 10), foreign, random);
        same(id -> () -> run(() -> bob.chats().delete(id)), foreign, random);
        same(id -> () -> bob.documents().ingest(bobKnowledgeBase.id(), DocumentSource.builder("x.txt", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8)).chatSession(id).build()), foreign, random);
        same(id -> () -> bob.chats().branches(id), foreignMessage, randomMessage);
        same(id -> () -> bob.chats().history(bobSession, id, 10), foreignMessage, randomMessage);
        same(id -> () -> bob.chats().append(bobSession, NewMessage.user(id, "reply", 1)), foreignMessage, randomMessage);
        assertThat(bob.chats().list(PageRequest.first(100)).items()).extracting(ChatSession::id).containsExactly(bobSession);
        assertThat(bob.chats().find(bobSession).orElseThrow().totalMessages()).isZero();

        assertAliceUnchanged();
    }

    @Test
    void apiKeysOfAnotherUserCannotBeListedOrRevoked() {
        twoUsers();

        same(id -> () -> bob.apiKeys().revoke(id), aliceKey.key().id(), new ApiKeyId(UUID.randomUUID()));
        assertThat(bob.apiKeys().list()).isEmpty();
        assertThat(store().accounts().authenticateApiKey(aliceKey.token()))
                .hasValueSatisfying(k -> assertThat(k.ownerId()).isEqualTo(alice.userId()));

        assertAliceUnchanged();
    }

    @Test
    void modelProfilesOfAnotherUserReadAsUnknown() {
        twoUsers();
        ModelProfileId foreign = aliceModel.id();
        ModelProfileId random = new ModelProfileId(UUID.randomUUID());

        same(id -> () -> bob.models().find(id), foreign, random);
        same(id -> () -> bob.models().revealApiKey(id), foreign, random);
        same(id -> () -> bob.models().setStatus(id, ModelStatus.FAILED), foreign, random);
        same(id -> () -> run(() -> bob.models().delete(id)), foreign, random);
        assertThat(bob.models().list()).isEmpty();

        assertAliceUnchanged();
    }

    @Test
    void searchNeverReturnsAnotherUsersChunks() {
        twoUsers();

        List<SearchHit> all = bob.search(SearchRequest.builder().text(TEXT).topK(1_000).build());
        List<SearchHit> filtered = bob.search(SearchRequest.builder().text(TEXT).topK(1_000)
                .filter(Filter.eq(BuiltInField.KNOWLEDGE_BASE, aliceKnowledgeBase.id())).build());
        List<SearchHit> byDocument = bob.search(SearchRequest.builder().text(TEXT).topK(1_000)
                .filter(Filter.eq(BuiltInField.DOCUMENT, aliceDocument.document().id())).build());

        assertThat(all).isNotEmpty().allSatisfy(h -> {
            assertThat(h.chunk().ownerId()).isEqualTo(bob.userId());
            assertThat(h.chunk().knowledgeBaseId()).isEqualTo(bobKnowledgeBase.id());
        });
        assertThat(filtered).isEmpty();
        assertThat(byDocument).isEmpty();
        assertThat(alice.search(SearchRequest.builder().text(TEXT).topK(1_000).build()))
                .extracting(h -> h.chunk().ownerId()).containsOnly(alice.userId());
    }

    @Test
    void usageAndAuditOfUsersAreSeparate() {
        twoUsers();
        String action = unique("isolated");
        long bobTokens = bob.usage().today().tokens();
        alice.audit().record(action, Map.of("secret", "yes"));

        alice.usage().record(UsageDelta.tokens(1_000));

        assertThat(bob.usage().today().tokens()).isEqualTo(bobTokens);
        assertThat(bob.audit().query(new AuditQuery(action, Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"),
                PageRequest.first(10))).items()).isEmpty();
        assertThat(alice.audit().query(new AuditQuery(action, Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"),
                PageRequest.first(10))).items()).hasSize(1);
    }

    private void assertAliceUnchanged() {
        assertThat(alice.knowledgeBases().find(aliceKnowledgeBase.id())).contains(aliceKnowledgeBase);
        assertThat(alice.documents().find(aliceDocument.document().id())).contains(aliceDocument.document());
        assertThat(alice.documents().list(aliceKnowledgeBase.id(), PageRequest.first(10)).items()).hasSize(1);
        ChatSession session = alice.chats().find(aliceSession.id()).orElseThrow();
        assertThat(session.title()).isEqualTo(aliceSession.title());
        assertThat(session.totalMessages()).isEqualTo(1);
        assertThat(alice.chats().history(aliceSession.id(), null, 10)).containsExactly(aliceRoot);
        assertThat(alice.chats().branches(aliceRoot.id())).isEmpty();
        assertThat(alice.apiKeys().list()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo(aliceKey.key().id());
            assertThat(k.prefix()).isEqualTo(aliceKey.key().prefix());
            assertThat(k.secretHash()).isEqualTo(aliceKey.key().secretHash());
        });
        assertThat(alice.models().find(aliceModel.id())).contains(aliceModel);
        assertThat(alice.models().revealApiKey(aliceModel.id())).contains("sk-alice");
        assertThat(alice.search(SearchRequest.builder().text(TEXT).knowledgeBase(aliceKnowledgeBase.id()).build()))
                .extracting(SearchHit::fileName).containsExactly("memo.txt");
    }

    private static Object run(Runnable call) {
        call.run();
        return "completed";
    }

    /**
     * Asserts that the call has the same outcome with another user's id as with a random one:
     * the same empty answer, or the same exception type whose messages differ only in the id.
     * The outcome must also be an absence (empty, false or not found), never a success.
     */
    private static <I> void same(Function<I, Callable<?>> call, I foreign, I random) {
        Object foreignOutcome = outcome(call.apply(foreign));
        Object randomOutcome = outcome(call.apply(random));
        if (foreignOutcome instanceof RagStoreException f) {
            assertThat(randomOutcome).as("outcome with a random id, when the foreign id threw %s", f)
                    .isInstanceOf(f.getClass());
            String foreignMessage = f.getMessage().replace(foreign.toString(), "<id>");
            String randomMessage = ((RagStoreException) randomOutcome).getMessage().replace(random.toString(), "<id>");
            assertThat(foreignMessage).as("message with the foreign id").isEqualTo(randomMessage);
            assertThat(f).isInstanceOf(NotFoundException.class);
            assertThat(((NotFoundException) f).entity()).isEqualTo(((NotFoundException) randomOutcome).entity());
        } else {
            assertThat(foreignOutcome).as("outcome with the foreign id").isEqualTo(randomOutcome);
            assertThat(foreignOutcome).as("outcome with the foreign id")
                    .satisfiesAnyOf(o -> assertThat(o).isEqualTo(Optional.empty()),
                            o -> assertThat(o).isEqualTo(Boolean.FALSE),
                            o -> assertThat(o).isEqualTo(List.of()));
        }
    }

    private static Object outcome(Callable<?> call) {
        try {
            return call.call();
        } catch (RagStoreException e) {
            return e;
        } catch (Exception e) {
            return fail("unexpected " + e, e);
        }
    }
}
