package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageId;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDay;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of chat sessions and message trees ({@link UserScope#chats()}): sessions with their
 * settings; messages appended as a tree (roots, replies, branches as siblings); history as the
 * path from the root to a leaf (the newest message by default) cut to a window; counters, last
 * activity, daily usage and lifetime tokens that always equal the truth, also under 64 concurrent
 * appenders; citations and attachments round trip; a parent, leaf or cited document outside the
 * user's reach is not found; deleting a session removes its messages and the documents attached
 * to it, with their vectors.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class ChatContract extends StoreContractSupport {

    /** Threads of the concurrent-append test. */
    protected static final int THREADS = 64;
    /** Appends per thread in the concurrent-append test. */
    protected static final int APPENDS_PER_THREAD = 5;

    @Test
    void createdSessionHasItsSettingsZeroCountersAndCountsInUsage() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        Map<String, Object> config = Map.of("model", "gpt-4o", "temperature", 0.2, "maxTokens", 512L);
        long sessionsBefore = scope.usage().today().sessions();

        ChatSession session = scope.chats().create("Trip planning", "where to go in May", config,
                List.of(knowledgeBase.id()));

        assertThat(session.ownerId()).isEqualTo(scope.userId());
        assertThat(session.title()).isEqualTo("Trip planning");
        assertThat(session.description()).isEqualTo("where to go in May");
        assertThat(session.modelConfig()).isEqualTo(config);
        assertThat(session.knowledgeBaseIds()).containsExactly(knowledgeBase.id());
        assertThat(session.totalMessages()).isZero();
        assertThat(session.totalTokens()).isZero();
        assertThat(scope.chats().find(session.id())).contains(session);
        assertThat(scope.usage().today().sessions()).isEqualTo(sessionsBefore + 1);
        assertThat(scope.chats().history(session.id(), null, 10)).isEmpty();
    }

    @Test
    void sessionWithAnUnknownKnowledgeBaseIsNotFoundAndWritesNothing() {
        UserScope scope = newScope();
        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());

        assertThatThrownBy(() -> scope.chats().create("x", "", Map.of(), List.of(unknown)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThat(scope.chats().list(PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void appendedMessagesKeepEveryFieldAndTheirAuthor() {
        UserScope scope = newScope();
        ChatSession session = scope.chats().create("fields");

        Message question = scope.chats().append(session.id(), NewMessage.user(null, "What is RAG?", 4));
        Message answer = scope.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT,
                "Retrieval-augmented generation.").parent(question.id()).tokenCount(6).model("gpt-4o")
                .processingMillis(420).build());

        assertThat(question.sessionId()).isEqualTo(session.id());
        assertThat(question.authorId()).isEqualTo(scope.userId());
        assertThat(question.parentId()).isNull();
        assertThat(question.role()).isEqualTo(MessageRole.USER);
        assertThat(question.content()).isEqualTo("What is RAG?");
        assertThat(question.tokenCount()).isEqualTo(4);
        assertThat(question.model()).isNull();
        assertThat(answer.authorId()).isNull();
        assertThat(answer.parentId()).isEqualTo(question.id());
        assertThat(answer.role()).isEqualTo(MessageRole.ASSISTANT);
        assertThat(answer.model()).isEqualTo("gpt-4o");
        assertThat(answer.processingMillis()).isEqualTo(420);
        assertThat(answer.createdAt()).isAfterOrEqualTo(question.createdAt());
        assertThat(scope.chats().history(session.id(), null, 10)).containsExactly(question, answer);
    }

    @Test
    void historyIsThePathFromTheRootToTheLeafCutToTheWindow() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("tree").id();
        Message root = scope.chats().append(session, NewMessage.user(null, "root", 1));
        Message answer = scope.chats().append(session, assistant(root.id(), "answer", 2));
        Message followUp = scope.chats().append(session, NewMessage.user(answer.id(), "follow-up", 3));
        Message second = scope.chats().append(session, assistant(followUp.id(), "second answer", 4));
        Message regenerated = scope.chats().append(session, assistant(root.id(), "regenerated answer", 5));

        assertThat(scope.chats().history(session, second.id(), 100)).containsExactly(root, answer, followUp, second);
        assertThat(scope.chats().history(session, second.id(), 2)).containsExactly(followUp, second);
        assertThat(scope.chats().history(session, regenerated.id(), 100)).containsExactly(root, regenerated);
        assertThat(scope.chats().history(session, null, 100)).containsExactly(root, regenerated);
        assertThat(scope.chats().history(session, answer.id(), 1)).containsExactly(answer);
        assertThat(scope.chats().branches(root.id())).containsExactly(answer, regenerated);
        assertThat(scope.chats().branches(followUp.id())).containsExactly(second);
        assertThat(scope.chats().branches(second.id())).isEmpty();

        Message newest = scope.chats().append(session, NewMessage.user(second.id(), "continue the first branch", 1));
        assertThat(scope.chats().history(session, null, 100)).containsExactly(root, answer, followUp, second, newest);
    }

    @Test
    void secondRootStartsANewConversationInTheSameSession() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("roots").id();
        Message first = scope.chats().append(session, NewMessage.user(null, "first topic", 1));
        Message second = scope.chats().append(session, NewMessage.user(null, "second topic", 1));

        assertThat(scope.chats().history(session, null, 10)).containsExactly(second);
        assertThat(scope.chats().history(session, first.id(), 10)).containsExactly(first);
    }

    @Test
    void historyWindowOutsideOneToTenThousandIsRejected() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("window").id();

        assertInvalidInput(() -> scope.chats().history(session, null, 0), "window", "0");
        assertInvalidInput(() -> scope.chats().history(session, null, 10_001), "window", "10001");
    }

    @Test
    void countersUsageAndLifetimeTokensEqualTheTruth() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("counters").id();
        UsageDay before = scope.usage().today();
        long lifetimeBefore = scope.profile().lifetimeTokens();

        Message root = scope.chats().append(session, NewMessage.user(null, "a", 10));
        Message reply = scope.chats().append(session, assistant(root.id(), "b", 32));
        Message last = scope.chats().append(session, NewMessage.user(reply.id(), "c", 0));

        ChatSession after = scope.chats().find(session).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(3);
        assertThat(after.totalTokens()).isEqualTo(42);
        assertThat(after.lastActivityAt()).isEqualTo(last.createdAt());
        UsageDay today = scope.usage().today();
        assertThat(today.messages()).isEqualTo(before.messages() + 3);
        assertThat(today.tokens()).isEqualTo(before.tokens() + 42);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(lifetimeBefore + 42);
    }

    @Test
    void citationsAndAttachmentsRoundTrip() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult document = ingestText(scope, knowledgeBase, "cited.txt", Texts.paragraphs(4));
        Chunk chunk = scope.documents().chunks(document.document().id()).get(0);
        ChatSessionId session = scope.chats().create("citations").id();
        Message question = scope.chats().append(session, NewMessage.builder(MessageRole.USER, "see attached")
                .attachedDocuments(List.of(document.document().id())).tokenCount(2).build());
        List<Citation> citations = List.of(
                new Citation(document.document().id(), chunk.id(), chunk.page(), chunk.text().substring(0, 40), 0.8125),
                new Citation(document.document().id(), null, null, "the whole document", -0.5));

        Message answer = scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "cited answer")
                .parent(question.id()).citations(citations).tokenCount(3).build());

        assertThat(question.attachedDocumentIds()).containsExactly(document.document().id());
        assertThat(answer.citations()).isEqualTo(citations);
        assertThat(scope.chats().history(session, answer.id(), 10)).containsExactly(question, answer);
        assertThat(scope.chats().history(session, answer.id(), 10).get(1).citations()).isEqualTo(citations);
        assertThat(scope.chats().history(session, answer.id(), 10).get(0).attachedDocumentIds())
                .containsExactly(document.document().id());
    }

    /** Issue 18, finding 16: a citation's chunk and page must belong to the cited document. */
    @Test
    void citationsWhoseChunkOrPageIsNotOfTheCitedDocumentAreRejectedAndWriteNothing() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        IngestResult cited = ingestText(scope, knowledgeBase, "cited.txt", Texts.paragraphs(4));
        IngestResult other = ingestText(scope, knowledgeBase, "other.txt", Texts.paragraphs(3) + " other");
        Chunk otherChunk = scope.documents().chunks(other.document().id()).get(0);
        UserScope stranger = newScope();
        KnowledgeBase strangersBase = newKnowledgeBase(stranger);
        IngestResult strangers = ingestText(stranger, strangersBase, "theirs.txt", Texts.paragraphs(2));
        Chunk strangersChunk = stranger.documents().chunks(strangers.document().id()).get(0);
        ChatSessionId session = scope.chats().create("citations").id();
        DocumentId document = cited.document().id();
        int pages = cited.document().pages();

        assertInvalidInput(() -> scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "x")
                .citations(List.of(new Citation(document, otherChunk.id(), null, "", 0.5))).build()),
                "citations[0] chunk", "cited document", otherChunk.id().toString());
        assertInvalidInput(() -> scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "x")
                .citations(List.of(new Citation(document, strangersChunk.id(), null, "", 0.5))).build()),
                "citations[0] chunk", "cited document");
        assertInvalidInput(() -> scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "x")
                .citations(List.of(new Citation(document, null, null, "", 0.5),
                        new Citation(document, null, pages + 1, "", 0.5))).build()),
                "citations[1] page", String.valueOf(pages + 1));
        assertInvalidInput(() -> scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "x")
                .citations(List.of(new Citation(document, null, 0, "", 0.5))).build()), "citations[0] page", "0");

        assertThat(scope.chats().history(session, null, 10)).isEmpty();
        assertThat(scope.chats().find(session).orElseThrow().totalMessages()).isZero();
    }

    @Test
    void unknownSessionParentLeafOrDocumentIsNotFoundAndWritesNothing() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("mine").id();
        ChatSessionId other = scope.chats().create("other").id();
        Message foreignRoot = scope.chats().append(other, NewMessage.user(null, "elsewhere", 1));
        ChatSessionId unknownSession = new ChatSessionId(UUID.randomUUID());
        DocumentId unknownDocument = new DocumentId(UUID.randomUUID());

        assertThatThrownBy(() -> scope.chats().append(session, NewMessage.user(foreignRoot.id(), "x", 1)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(foreignRoot.id().toString());
        assertThatThrownBy(() -> scope.chats().append(session, NewMessage.user(new MessageId(UUID.randomUUID()), "x", 1)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().append(unknownSession, NewMessage.user(null, "x", 1)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknownSession.toString());
        assertThatThrownBy(() -> scope.chats().append(session, NewMessage.builder(MessageRole.ASSISTANT, "x")
                .citations(List.of(new Citation(unknownDocument, null, null, "", 0.0))).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknownDocument.toString());
        assertThatThrownBy(() -> scope.chats().append(session, NewMessage.builder(MessageRole.USER, "x")
                .attachedDocuments(List.of(unknownDocument)).build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().history(session, foreignRoot.id(), 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().history(unknownSession, null, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().branches(new MessageId(UUID.randomUUID()))).isInstanceOf(NotFoundException.class);

        ChatSession unchanged = scope.chats().find(session).orElseThrow();
        assertThat(unchanged.totalMessages()).isZero();
        assertThat(unchanged.totalTokens()).isZero();
        assertThat(scope.chats().history(session, null, 10)).isEmpty();
        assertThat(scope.chats().find(other).orElseThrow().totalMessages()).isEqualTo(1);
    }

    @Test
    void renameAndUpdateKeepTheCounters() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ChatSessionId session = scope.chats().create("before").id();
        scope.chats().append(session, NewMessage.user(null, "hello", 7));

        ChatSession renamed = scope.chats().rename(session, "after");
        assertThat(renamed.title()).isEqualTo("after");
        assertThat(renamed.totalMessages()).isEqualTo(1);
        assertThat(renamed.totalTokens()).isEqualTo(7);

        ChatSession updated = scope.chats().update(session, "updated", "described", Map.of("model", "m"),
                List.of(knowledgeBase.id()));
        assertThat(updated.title()).isEqualTo("updated");
        assertThat(updated.description()).isEqualTo("described");
        assertThat(updated.modelConfig()).isEqualTo(Map.of("model", "m"));
        assertThat(updated.knowledgeBaseIds()).containsExactly(knowledgeBase.id());
        assertThat(updated.totalMessages()).isEqualTo(1);
        assertThat(updated.totalTokens()).isEqualTo(7);
        assertThat(scope.chats().find(session)).contains(updated);

        KnowledgeBaseId unknown = new KnowledgeBaseId(UUID.randomUUID());
        assertThatThrownBy(() -> scope.chats().update(session, "x", "", Map.of(), List.of(unknown)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().rename(new ChatSessionId(UUID.randomUUID()), "x"))
                .isInstanceOf(NotFoundException.class);
        assertThat(scope.chats().find(session)).contains(updated);
    }

    @Test
    void sessionsAreListedByIdWithoutSkipsOrRepeats() {
        UserScope scope = newScope();
        List<ChatSessionId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(scope.chats().create("s" + i).id());
        }
        List<ChatSessionId> listed = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<ChatSession> page = scope.chats().list(request);
            page.items().forEach(s -> listed.add(s.id()));
            if (!page.hasNext()) {
                break;
            }
            request = request.next(page.nextCursor());
        }

        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void deletingASessionRemovesItsMessagesAndAttachedDocuments() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ChatSession session = scope.chats().create("doomed");
        Message root = scope.chats().append(session.id(), NewMessage.user(null, "hello", 1));
        String attachedText = "The attached report describes a granite quarry near the harbor.";
        IngestResult attached = scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("attached.txt",
                "text/plain", attachedText.getBytes(StandardCharsets.UTF_8)).chatSession(session.id()).build());
        IngestResult unattached = ingestText(scope, knowledgeBase, "unattached.txt", "A note that belongs to no session.");

        scope.chats().delete(session.id());

        assertThat(scope.chats().find(session.id())).isEmpty();
        assertThatThrownBy(() -> scope.chats().history(session.id(), null, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().branches(root.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scope.chats().delete(session.id())).isInstanceOf(NotFoundException.class);
        assertThat(scope.documents().find(attached.document().id())).isEmpty();
        assertThat(scope.documents().find(unattached.document().id())).isPresent();
        assertThat(scope.search(SearchRequest.builder().text(attachedText).knowledgeBase(knowledgeBase.id()).topK(1).build()))
                .singleElement().satisfies(h -> assertThat(h.fileName()).isEqualTo("unattached.txt"));
        assertThat(scope.knowledgeBases().stats(knowledgeBase.id()).orElseThrow().documents()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsGiveExactCountersAndUsage() {
        UserScope scope = newScope();
        ChatSessionId session = scope.chats().create("busy").id();
        Message root = scope.chats().append(session, NewMessage.user(null, "root", 1));
        UsageDay before = scope.usage().today();
        long lifetimeBefore = scope.profile().lifetimeTokens();

        List<List<Message>> appended = Concurrently.run(THREADS, thread -> () -> {
            List<Message> mine = new ArrayList<>();
            MessageId parent = root.id();
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                Message message = scope.chats().append(session, NewMessage.user(parent, "t" + thread + " m" + i, thread + i));
                mine.add(message);
                parent = message.id();
            }
            return mine;
        });

        long expectedTokens = 0;
        for (int thread = 0; thread < THREADS; thread++) {
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                expectedTokens += thread + i;
            }
        }
        long messages = (long) THREADS * APPENDS_PER_THREAD;
        ChatSession after = scope.chats().find(session).orElseThrow();
        assertThat(after.totalMessages()).isEqualTo(messages + 1);
        assertThat(after.totalTokens()).isEqualTo(expectedTokens + 1);
        assertThat(scope.usage().today().messages()).isEqualTo(before.messages() + messages);
        assertThat(scope.usage().today().tokens()).isEqualTo(before.tokens() + expectedTokens);
        assertThat(scope.profile().lifetimeTokens()).isEqualTo(lifetimeBefore + expectedTokens);
        assertThat(scope.chats().branches(root.id())).hasSize(THREADS);
        for (List<Message> chain : appended) {
            Message leaf = chain.get(chain.size() - 1);
            List<Message> expected = new ArrayList<>();
            expected.add(root);
            expected.addAll(chain);
            assertThat(scope.chats().history(session, leaf.id(), 100)).containsExactlyElementsOf(expected);
        }
    }

    private static NewMessage assistant(MessageId parent, String content, int tokens) {
        return NewMessage.builder(MessageRole.ASSISTANT, content).parent(parent).tokenCount(tokens).build();
    }
}
