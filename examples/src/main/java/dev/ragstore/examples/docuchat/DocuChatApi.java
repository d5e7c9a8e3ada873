package dev.ragstore.examples.docuchat;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.examples.ExampleServices;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.pgvector.PgVectorOptions;
import dev.ragstore.postgres.PostgresStore;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * DocuChatAPI (seed 004) on RagStore: PostgreSQL + pgvector. Plans with daily token, document
 * and session limits, enforced by the store; SHA-256 content-hash de-duplication and processing
 * status; chat sessions with cached counters; threaded messages with token counts, the model,
 * context documents and processing time; chunks with character positions; the daily usage
 * report; and the seed's cascade, set-null and restrict rules.
 *
 * <p>Run: {@code bash scripts/example.sh docuchat}.
 */
public final class DocuChatApi {

    /** The example's PostgreSQL schema. */
    public static final String SCHEMA = "example_docuchat";

    /** What the flows produced, for the example's test. */
    public record Outcome(int firstIngestChunks, boolean secondUploadDeduplicated, String documentStatus,
            boolean chunkOffsetsMatchText, long sessionMessages, long sessionTokens, int historySize,
            String answerModel, long answerProcessingMillis, List<String> contextDocuments, long lifetimeTokens,
            UsageDay usageToday, int reportRows, boolean planDeleteRestricted,
            boolean sessionDeleteCascadedToDocuments, boolean userDeleteCascadedToUsage, Quotas quotas) {
    }

    /** The three limits of the free plan, each hit once: what was refused and what was stored. */
    public record Quotas(QuotaExceededException tokens, long tokensUsedAfterRefusal,
            QuotaExceededException documents, long documentsStored, QuotaExceededException sessions,
            long sessionsHeld, boolean sessionFreedAfterDelete) {
    }

    private DocuChatApi() {
    }

    public static void main(String[] args) throws IOException {
        play(ExampleServices.fromEnvironment(), new MiniLmEmbedder(), Path.of("docs"), System.out);
    }

    /** Wires PostgreSQL + pgvector, plays every flow and closes the store. */
    public static Outcome play(ExampleServices services, Embedder embedder, Path files, PrintStream out)
            throws IOException {
        PostgresStore postgres = services.postgres(SCHEMA, PgVectorIndex.extension(PgVectorOptions.builder().build()));
        try (RagStore store = RagStore.builder()
                .relationalStore(postgres).vectorIndex(PgVectorIndex.of(postgres)).embedder(embedder).build()) {
            return play(store, files, out);
        }
    }

    static Outcome play(RagStore store, Path files, PrintStream out) throws IOException {
        // Plans and users: every user is on a plan; the store keeps lifetime token totals.
        Plan pro = store.admin().createPlan(NewPlan.builder().name("pro").dailyTokenLimit(50_000)
                .documentLimit(20).sessionLimit(5).monthlyPrice(new BigDecimal("19.00")).build());
        User dana = store.admin().createUser(new NewUser("dana", "dana@example.com", "docuchat secret", "Dana", Role.USER, pro.id()));
        UserScope user = store.forUser(dana.id());
        out.printf("plan '%s': %,d tokens/day, %d documents, %d sessions; user %s%n", pro.name(),
                pro.dailyTokenLimit(), pro.documentLimit(), pro.sessionLimit(), dana.username());

        // Upload into a chat session: hashed (SHA-256), processed pending -> processing -> completed.
        ChatSession session = user.chats().create("Architecture questions");
        KnowledgeBase uploads = user.knowledgeBases().create("uploads", "", Map.of());
        byte[] architecture = Files.readAllBytes(files.resolve("architecture.md"));
        DocumentSource upload = DocumentSource.builder("architecture.md", "text/markdown", architecture)
                .chatSession(session.id()).build();
        IngestResult first = user.documents().ingest(uploads.id(), upload);
        IngestResult again = user.documents().ingest(uploads.id(), upload);
        Document document = user.documents().find(first.document().id()).orElseThrow();
        out.printf("uploaded %s: %d chunks, status %s, sha-256 %s…; same bytes again: duplicate=%s, same id=%s%n",
                document.fileName(), first.chunks(), document.status(), document.contentHash().substring(0, 12),
                again.duplicate(), again.document().id().equals(first.document().id()));

        // Chunks keep their character positions in the extracted text.
        List<Chunk> chunks = user.documents().chunks(document.id());
        boolean offsetsMatch = chunks.stream().allMatch(chunk ->
                document.extractedText().substring(chunk.charStart(), chunk.charEnd()).contains(chunk.text().strip()));
        out.printf("%d chunks, character offsets match the extracted text: %s%n", chunks.size(), offsetsMatch);

        // A threaded exchange: question, answer with model, context documents, citations and timing.
        String question = "How does RagStore keep PostgreSQL and the vector index consistent?";
        Message asked = user.chats().append(session.id(), NewMessage.user(null, question, 14));
        List<SearchHit> context = user.search(SearchRequest.hybrid(question));
        List<Citation> citations = context.stream().limit(3).map(hit -> new Citation(hit.chunk().documentId(),
                hit.chunk().id(), hit.chunk().page(), hit.chunk().text().substring(0, Math.min(80, hit.chunk().text().length())),
                hit.score())).toList();
        Message answer = user.chats().append(session.id(), NewMessage.builder(MessageRole.ASSISTANT,
                        "Chunks and vectors are written in one transaction; see the cited sections.")
                .parent(asked.id()).tokenCount(180).model("gpt-4o-mini").processingMillis(850)
                .attachedDocuments(List.of(document.id())).citations(citations).build());
        ChatSession counted = user.chats().find(session.id()).orElseThrow();
        List<Message> history = user.chats().history(session.id(), answer.id(), 20);
        List<String> contextDocuments = answer.attachedDocumentIds().stream()
                .map(id -> user.documents().find(id).map(Document::fileName).orElse("?")).toList();
        out.printf("session '%s': %d messages, %d tokens (cached counters); answer by %s in %d ms citing %d chunks of %s%n",
                counted.title(), counted.totalMessages(), counted.totalTokens(), answer.model(),
                answer.processingMillis(), answer.citations().size(), contextDocuments);

        // Daily usage: the user's day and the admin's report across users; lifetime tokens on the user.
        UsageDay today = user.usage().today();
        List<UsageDay> report = store.admin().usageReport(LocalDate.now(ZoneOffset.UTC).minusDays(1),
                LocalDate.now(ZoneOffset.UTC));
        long lifetime = user.profile().lifetimeTokens();
        out.printf("usage today: %d tokens, %d messages, %d documents, %d sessions; lifetime %d tokens; report rows %d%n",
                today.tokens(), today.messages(), today.documents(), today.sessions(), lifetime, report.size());

        Quotas quotas = hitEveryLimit(store, out);

        // Restrict: a plan with users cannot be deleted.
        boolean restricted;
        try {
            store.admin().deletePlan(pro.id());
            restricted = false;
        } catch (ConflictException expected) {
            restricted = true;
        }
        // Cascade: deleting the session deletes its messages and the documents uploaded into it;
        // deleting the user deletes the rest, usage history included.
        user.chats().delete(session.id());
        boolean cascaded = user.documents().find(document.id()).isEmpty();
        store.admin().deleteUser(dana.id());
        boolean usageGone = store.admin().usageReport(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC))
                .stream().noneMatch(day -> day.userId().equals(dana.id()));
        out.printf("plan delete refused while users are on it (restrict): %s; session delete took its documents: %s;"
                + " user delete took the usage history: %s%n", restricted, cascaded, usageGone);

        return new Outcome(first.chunks(), again.duplicate() && again.document().id().equals(first.document().id()),
                document.status().name(), offsetsMatch, counted.totalMessages(), counted.totalTokens(), history.size(),
                answer.model(), answer.processingMillis(), contextDocuments, lifetime, today, report.size(), restricted,
                cascaded, usageGone, quotas);
    }

    /**
     * A user on the free plan (1,000 tokens a day, 2 documents, 2 sessions at once) hits each
     * limit. The store checks a limit and writes in one step, so the refused write left nothing.
     */
    static Quotas hitEveryLimit(RagStore store, PrintStream out) {
        Plan free = store.admin().createPlan(NewPlan.builder().name("free").dailyTokenLimit(1_000)
                .documentLimit(2).sessionLimit(2).monthlyPrice(BigDecimal.ZERO).build());
        User sam = store.admin().createUser(new NewUser("sam", "sam@example.com", "free tier pass", "Sam", Role.USER, free.id()));
        UserScope user = store.forUser(sam.id());

        // Daily tokens: appending a message meters its tokens in the same step.
        ChatSession first = user.chats().create("First");
        Message question = user.chats().append(first.id(), NewMessage.user(null, "Summarise the design.", 100));
        user.chats().append(first.id(), NewMessage.builder(MessageRole.ASSISTANT, "…").parent(question.id())
                .tokenCount(800).build());
        QuotaExceededException tokens = refusal(() -> user.chats().append(first.id(),
                NewMessage.user(question.id(), "And the details?", 200)));
        long tokensUsed = user.usage().today().tokens();
        out.printf("daily tokens: %s%n  today's usage stays %d tokens%n", tokens.getMessage(), tokensUsed);

        // Documents: the third upload is refused.
        KnowledgeBase kb = user.knowledgeBases().create("uploads", "", Map.of());
        for (String name : List.of("a.txt", "b.txt")) {
            user.documents().ingest(kb.id(), DocumentSource.builder(name, "text/plain",
                    ("Notes " + name).getBytes(StandardCharsets.UTF_8)).build());
        }
        QuotaExceededException documents = refusal(() -> user.documents().ingest(kb.id(),
                DocumentSource.builder("c.txt", "text/plain", "Notes c".getBytes(StandardCharsets.UTF_8)).build()));
        long documentsStored = user.knowledgeBases().stats(kb.id()).map(stats -> stats.documents()).orElse(0L);
        out.printf("documents: %s%n  %d documents stored%n", documents.getMessage(), documentsStored);

        // Concurrent sessions: a third is refused until one is deleted.
        user.chats().create("Second");
        QuotaExceededException sessions = refusal(() -> user.chats().create("Third"));
        long held = user.chats().list(PageRequest.first(10)).items().size();
        user.chats().delete(first.id());
        boolean freed = user.chats().create("Third, after deleting First") != null;
        out.printf("sessions: %s%n  %d held; after deleting one a new one is allowed: %s%n", sessions.getMessage(),
                held, freed);
        return new Quotas(tokens, tokensUsed, documents, documentsStored, sessions, held, freed);
    }

    private static QuotaExceededException refusal(Runnable write) {
        try {
            write.run();
        } catch (QuotaExceededException refused) {
            return refused;
        }
        throw new IllegalStateException("the write passed the plan's limit");
    }
}
