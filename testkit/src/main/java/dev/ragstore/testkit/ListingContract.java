package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.page.SortOrder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of the keyset listings (issue 13, item 6): documents of a user across live knowledge
 * bases, narrowed by mime type, status and chat session; oldest-first and newest-first order on
 * every list (documents, knowledge bases, chat sessions, audit events); and keyset stability:
 * pages read while other threads add rows never skip nor repeat a row.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class ListingContract extends StoreContractSupport {

    @Test
    void documentsOfTheUserAreListedAcrossLiveKnowledgeBasesBothWays() {
        UserScope scope = newScope();
        KnowledgeBase first = newKnowledgeBase(scope);
        KnowledgeBase second = newKnowledgeBase(scope);
        KnowledgeBase doomed = newKnowledgeBase(scope);
        List<DocumentId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(ingestText(scope, i % 2 == 0 ? first : second, "doc-" + i + ".txt", "document number " + i).document().id());
        }
        DocumentId hidden = ingestText(scope, doomed, "hidden.txt", "in a knowledge base about to be deleted").document().id();
        UserScope other = newScope();
        ingestText(other, newKnowledgeBase(other), "others.txt", "another user's document");
        scope.knowledgeBases().delete(doomed.id());

        assertThat(ids(readAll(p -> scope.documents().list(DocumentQuery.all(), p), PageRequest.first(2)), Document::id))
                .containsExactlyElementsOf(created);
        List<DocumentId> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(ids(readAll(p -> scope.documents().list(DocumentQuery.all(), p), PageRequest.newestFirst(2)), Document::id))
                .containsExactlyElementsOf(newestFirst);

        scope.knowledgeBases().restore(doomed.id());
        assertThat(scope.documents().list(DocumentQuery.all(), PageRequest.newestFirst(1)).items())
                .extracting(Document::id).containsExactly(hidden);
    }

    @Test
    void documentsAreListedByMimeTypeAndChatSession() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        ChatSession session = scope.chats().create("with files");
        ChatSession otherSession = scope.chats().create("without files");
        DocumentId plain = ingestText(scope, knowledgeBase, "plain.txt", "just plain text").document().id();
        DocumentId paged = scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("paged.txt",
                PagedTextExtractor.MIME_TYPE, PagedTextExtractor.source(List.of("page one", "page two"))).build()).document().id();
        DocumentId attached = scope.documents().ingest(knowledgeBase.id(), DocumentSource.builder("attached.txt", "text/plain",
                "attached to a chat".getBytes(StandardCharsets.UTF_8)).chatSession(session.id()).build()).document().id();
        UserScope other = newScope();
        ChatSession othersSession = other.chats().create("someone else's");
        other.documents().ingest(newKnowledgeBase(other).id(), DocumentSource.builder("theirs.txt", "text/plain",
                "their attachment".getBytes(StandardCharsets.UTF_8)).chatSession(othersSession.id()).build());

        assertThat(scope.documents().list(DocumentQuery.all().withMimeType("text/plain"), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(plain, attached);
        assertThat(scope.documents().list(DocumentQuery.all().withMimeType(PagedTextExtractor.MIME_TYPE), PageRequest.first(10))
                .items()).extracting(Document::id).containsExactly(paged);
        assertThat(scope.documents().list(DocumentQuery.all().withMimeType("application/pdf"), PageRequest.first(10)).items())
                .isEmpty();
        assertThat(scope.documents().list(DocumentQuery.all().withChatSession(session.id()), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(attached);
        assertThat(scope.documents().list(DocumentQuery.all().withChatSession(session.id()).withMimeType(PagedTextExtractor.MIME_TYPE),
                PageRequest.first(10)).items()).isEmpty();
        assertThat(scope.documents().list(DocumentQuery.all().withChatSession(otherSession.id()), PageRequest.first(10)).items())
                .isEmpty();
        // another user's session matches nothing, and says nothing about it
        assertThat(scope.documents().list(DocumentQuery.all().withChatSession(othersSession.id()), PageRequest.first(10)).items())
                .isEmpty();
        assertThatThrownBy(() -> DocumentQuery.all().withMimeType(" "))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("document mime type");
    }

    @Test
    void documentsAreListedByStatus() {
        RagStore failing = open(defaultOptions().withEmbedder(FailingEmbedder.failingFirst(defaultOptions().embedder(), 1)));
        UserScope scope = failing.forUser(newUser(failing));
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        assertThatThrownBy(() -> ingestText(scope, knowledgeBase, "fails.txt", "the embedder fails on this one"))
                .satisfies(e -> assertThat(Texts.causes(e)).anyMatch(c -> c instanceof FailingEmbedder.InjectedFailure));
        DocumentId completed = ingestText(scope, knowledgeBase, "works.txt", "the embedder works again").document().id();
        DocumentId failed = scope.documents().list(DocumentQuery.all(), PageRequest.first(10)).items().stream()
                .filter(d -> d.fileName().equals("fails.txt")).findFirst().orElseThrow().id();

        assertThat(scope.documents().list(DocumentQuery.all().withStatus(DocumentStatus.FAILED), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(failed);
        assertThat(scope.documents().list(DocumentQuery.all().withStatus(DocumentStatus.COMPLETED), PageRequest.newestFirst(10))
                .items()).extracting(Document::id).containsExactly(completed);
        assertThat(scope.documents().list(DocumentQuery.all().withStatus(DocumentStatus.PENDING), PageRequest.first(10)).items())
                .isEmpty();
    }

    @Test
    void knowledgeBasesSessionsDocumentsAndAuditEventsListNewestFirst() {
        UserScope scope = newScope();
        List<KnowledgeBase> bases = new ArrayList<>();
        List<ChatSession> sessions = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bases.add(newKnowledgeBase(scope));
            sessions.add(scope.chats().create("session " + i));
            events.add(scope.audit().record("listed", Map.of("i", (long) i)));
        }
        List<DocumentId> documents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            documents.add(ingestText(scope, bases.get(0), "d" + i + ".txt", "text " + i).document().id());
        }
        Collections.reverse(bases);
        Collections.reverse(sessions);
        Collections.reverse(events);
        Collections.reverse(documents);

        assertThat(readAll(p -> scope.knowledgeBases().list(p), PageRequest.newestFirst(2))).containsExactlyElementsOf(bases);
        assertThat(ids(readAll(p -> scope.chats().list(p), PageRequest.newestFirst(2)), ChatSession::id))
                .containsExactlyElementsOf(ids(sessions, ChatSession::id));
        assertThat(ids(readAll(p -> scope.documents().list(bases.get(4).id(), p), PageRequest.newestFirst(3)), Document::id))
                .containsExactlyElementsOf(documents);
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("9999-01-01T00:00:00Z");
        assertThat(readAll(p -> scope.audit().query(new AuditQuery("listed", from, to, p)), PageRequest.newestFirst(2)))
                .containsExactlyElementsOf(events);

        // a cursor keeps its order from page to page; withOrder turns a request around at the same cursor
        Page<KnowledgeBase> firstPage = scope.knowledgeBases().list(PageRequest.newestFirst(2));
        PageRequest next = PageRequest.newestFirst(2).next(firstPage.nextCursor());
        assertThat(next.order()).isEqualTo(SortOrder.NEWEST_FIRST);
        assertThat(scope.knowledgeBases().list(next).items()).containsExactly(bases.get(2), bases.get(3));
        assertThat(scope.knowledgeBases().list(next.withOrder(SortOrder.OLDEST_FIRST)).items())
                .containsExactly(bases.get(0));
        assertThat(new PageRequest(2, null)).isEqualTo(PageRequest.first(2));
    }

    @Test
    void oldestFirstPagesNeitherSkipNorRepeatWhileKnowledgeBasesAreAdded() {
        UserScope scope = newScope();
        List<KnowledgeBase> before = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            before.add(newKnowledgeBase(scope));
        }
        int[] pagesRead = {0};
        List<KnowledgeBase> read = whileWriting(() -> newKnowledgeBase(scope), () -> readAll(p -> {
            // before each of the first four pages (more would let the writer outrun a reader of 2 a page)
            if (pagesRead[0]++ < 4) {
                addBetweenPages(scope);
            }
            return scope.knowledgeBases().list(p);
        }, PageRequest.first(2)));

        assertStrictlyOrdered(ids(read, k -> k.id().value()), 1);
        assertThat(read.subList(0, before.size())).containsExactlyElementsOf(before);
        // rows added meanwhile come after the cursor, so oldest-first reaches them (at least those added between pages)
        assertThat(read.size()).isGreaterThanOrEqualTo(before.size() + 2 * 4);
    }

    @Test
    void newestFirstPagesNeitherSkipNorRepeatWhileDocumentsAreAdded() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(scope);
        List<DocumentId> before = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            before.add(ingestText(scope, knowledgeBase, "before-" + i + ".txt", "existing document " + i).document().id());
        }
        List<Document> read = whileWriting(() -> ingestText(scope, knowledgeBase, unique("concurrent") + ".txt",
                unique("added concurrently")), () -> readAll(p -> {
            Page<Document> page = scope.documents().list(DocumentQuery.all(), p);
            ingestText(scope, knowledgeBase, unique("between") + ".txt", unique("added between pages"));
            return page;
        }, PageRequest.newestFirst(2)));

        List<UUID> readIds = ids(read, d -> d.id().value());
        assertStrictlyOrdered(readIds, -1);
        List<DocumentId> expected = new ArrayList<>(before);
        Collections.reverse(expected);
        // every document that existed before the first page, each once, in order, at the end of the read
        assertThat(ids(read, Document::id).subList(read.size() - before.size(), read.size())).containsExactlyElementsOf(expected);
    }

    // ---- helpers ----

    /** Reads every page from {@code first} on. */
    protected static <T> List<T> readAll(Function<PageRequest, Page<T>> list, PageRequest first) {
        List<T> all = new ArrayList<>();
        PageRequest request = first;
        for (int pages = 0; pages < 10_000; pages++) {
            Page<T> page = list.apply(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(request.limit());
            all.addAll(page.items());
            if (!page.hasNext()) {
                return all;
            }
            request = request.next(page.nextCursor());
        }
        throw new AssertionError("more than 10,000 pages: the cursor does not advance");
    }

    private static <T, R> List<R> ids(List<T> items, Function<T, R> idOf) {
        return items.stream().map(idOf).toList();
    }

    /** Ids strictly ascending ({@code sign} 1) or descending (-1): no repeats, no reordering. */
    private static void assertStrictlyOrdered(List<UUID> ids, int sign) {
        for (int i = 1; i < ids.size(); i++) {
            assertThat(Integer.signum(compareIds(ids.get(i), ids.get(i - 1))))
                    .as("item %d (%s) after item %d (%s)", i, ids.get(i), i - 1, ids.get(i - 1)).isEqualTo(sign);
        }
    }

    /** Two knowledge bases added from another thread before a page is read. */
    private static void addBetweenPages(UserScope scope) {
        CompletableFuture.runAsync(() -> {
            newKnowledgeBase(scope);
            newKnowledgeBase(scope);
        }, runnable -> new Thread(runnable, "listing-contract-between-pages").start()).join();
    }

    /** Runs {@code reader} while another thread runs {@code write} up to 40 times (bounded, so an oldest-first reader ends). */
    private static <T> T whileWriting(Runnable write, java.util.function.Supplier<T> reader) {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40 && !stop.get(); i++) {
                write.run();
            }
        }, runnable -> new Thread(runnable, "listing-contract-writer").start());
        try {
            return reader.get();
        } finally {
            stop.set(true);
            writer.join();
        }
    }
}
