package dev.ragstore.examples.layra;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.ephemeral.JobState;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.ImportedUser;
import dev.ragstore.core.user.LegacyPasswordVerifier;
import dev.ragstore.core.user.User;
import dev.ragstore.examples.ExampleServices;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.pgvector.PgVectorOptions;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.redis.RedisStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * LAYRA (seed 001) on RagStore: PostgreSQL + pgvector for accounts, knowledge bases, files,
 * page chunks with multi-vector embeddings and conversations; Redis for token sessions, task
 * progress and locks. (LAYRA spreads these over MySQL, MongoDB, Milvus and Redis; one
 * PostgreSQL with pgvector carries all of them here, and multi-vector search runs in pgvector.)
 *
 * <p>Flows: users imported with their legacy salted SHA-256 hashes and upgraded on first login;
 * a host-minted token session with a payload; a multi-page file ingested under a lock with job
 * progress in Redis; late-interaction page search (several vectors per page, MaxSim); a threaded
 * conversation whose answer cites pages, with a regenerated branch; a knowledge base soft-deleted,
 * restored and purged.
 *
 * <p>Run: {@code bash scripts/example.sh layra}.
 */
public final class Layra {

    /** The example's PostgreSQL schema and Redis key prefix. */
    public static final String SCHEMA = "example_layra";

    /** What the flows produced, for the example's test. */
    public record Outcome(boolean legacyLoginWorked, boolean hashUpgradedToArgon2, boolean secondLoginWorked,
            Map<String, Object> tokenPayload, boolean tokenRevoked, int pages, int chunks, long progressCallbacks,
            String jobStatus, boolean lockReleased, boolean hitsAreMultiVector, List<Integer> citedPages,
            boolean citedPagesHoldQuotes, int branches, List<String> regeneratedHistory, int hitsWhileDeleted, List<String> trash,
            int hitsAfterRestore, boolean purged) {
    }

    private Layra() {
    }

    public static void main(String[] args) throws IOException {
        play(ExampleServices.fromEnvironment(), new MiniLmEmbedder(), Path.of("docs"), System.out);
    }

    /** Wires PostgreSQL + pgvector + Redis with the legacy verifier and the paged extractor, plays every flow. */
    public static Outcome play(ExampleServices services, Embedder sentenceModel, Path files, PrintStream out)
            throws IOException {
        PostgresStore postgres = services.postgres(SCHEMA, PgVectorIndex.extension(PgVectorOptions.builder().build()));
        RedisStore redis = services.redis(SCHEMA + ":");
        try (RagStore store = RagStore.builder()
                .relationalStore(postgres)
                .vectorIndex(PgVectorIndex.of(postgres))
                .ephemeralStore(redis)
                .embedder(new SentenceVectors(sentenceModel))
                .textExtractor(new FormFeedPages())
                .legacyPasswordVerifier(new SaltedSha256())
                .build()) {
            return play(store, files, out);
        }
    }

    static Outcome play(RagStore store, Path files, PrintStream out) throws IOException {
        // Accounts from LAYRA's MySQL, imported with the hashes they have; the first login upgrades them.
        String legacyHash = SaltedSha256.hash("pepper-7", "layra rocks 2026");
        User john = store.admin().importUser(ImportedUser.builder("john_doe").email("john@layra.example")
                .passwordHash(legacyHash).emailVerified(true).build());
        boolean legacyLogin = store.accounts().login("john_doe", "layra rocks 2026").isPresent();
        String storedHash = store.admin().findUser(john.id()).orElseThrow().passwordHash();
        boolean upgraded = storedHash.startsWith("$argon2id$");
        boolean secondLogin = store.accounts().loginByEmail("john@layra.example", "layra rocks 2026").isPresent();
        out.printf("imported john_doe with a legacy hash: login %s, re-hashed to Argon2id %s, login by email %s%n",
                legacyLogin, upgraded, secondLogin);

        // Token sessions: LAYRA mints its own token (a JWT); Redis keeps it with a TTL and a payload.
        // (each login mints a new one; here: a fixed header, a claim with a fresh token id, a dummy signature)
        String claims = "{\"sub\":\"john_doe\",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}";
        String jwt = "eyJhbGciOiJIUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLWZyb20tbGF5cmE";
        store.ephemeral().sessionTokens().register(jwt, john.id(), Instant.now().plus(Duration.ofHours(1)),
                Map.of("conversation", "conv_john_1", "scopes", List.of("chat", "upload")));
        SessionToken session = store.ephemeral().sessionTokens().resolve(jwt).orElseThrow();
        out.printf("token session for %s, payload %s, expires %s%n", session.userId(), session.payload(), session.expiresAt());

        // A multi-page file: ingested under a per-document lock, progress kept in Redis.
        UserScope user = store.forUser(john.id());
        KnowledgeBase kb = user.knowledgeBases().create("project-docs", "All project-related documents", Map.of());
        List<String> pageTexts = new ArrayList<>();
        try (var paths = Files.list(files)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                pageTexts.add(Files.readString(file));
            }
        }
        byte[] manual = String.join("\f", pageTexts).getBytes(StandardCharsets.UTF_8);
        long[] callbacks = {0};
        IngestResult ingested = user.documents().ingest(kb.id(),
                DocumentSource.builder("project_manual.txt", FormFeedPages.MIME_TYPE, manual).build(),
                (processed, total, message) -> {
                    callbacks[0]++;
                    out.printf("\r  embedding pages: %d/%d chunks", processed, total);
                });
        String resource = "ingest:" + ingested.document().id();
        JobState job = store.ephemeral().jobs().get(resource).orElseThrow();
        boolean lockReleased = store.ephemeral().locks().tryAcquire(resource, Duration.ofSeconds(1))
                .map(grant -> store.ephemeral().locks().release(grant)).orElse(false);
        out.printf("%n%s: %d pages, %d chunks; job %s (%d/%d), lock released %s%n", ingested.document().fileName(),
                ingested.document().pages(), ingested.chunks(), job.status(), job.processed(), job.total(), lockReleased);

        // Late-interaction page search: every chunk has several vectors, scored by MaxSim.
        String question = "How are vectors written to Milvus when it is down? What does the relay do?";
        List<SearchHit> hits = user.search(SearchRequest.builder().text(question).knowledgeBase(kb.id())
                .topK(3).includeVectors(true).build());
        boolean multiVector = hits.stream().allMatch(hit -> hit.vectors().size() > 1);

        // A threaded conversation citing pages, then a regenerated answer on a second branch.
        ChatSession chat = user.chats().create("Project Q Discussion");
        Message asked = user.chats().append(chat.id(), NewMessage.user(null, question, 20));
        List<Citation> citations = hits.stream().map(hit -> Citation.of(hit, lastSentence(hit.chunk().text()))).toList();
        Message answer = user.chats().append(chat.id(), NewMessage.builder(MessageRole.ASSISTANT,
                "Writes commit in PostgreSQL with outbox rows; the relay ships them when Milvus is back.")
                .parent(asked.id()).tokenCount(60).model("gpt-4").citations(citations).build());
        Message regenerated = user.chats().append(chat.id(), NewMessage.builder(MessageRole.ASSISTANT,
                "In short: the outbox. Nothing is lost while Milvus is down.")
                .parent(asked.id()).tokenCount(20).model("gpt-4").citations(citations).build());
        List<Integer> citedPages = answer.citations().stream().map(Citation::page).toList();
        boolean pagesHoldQuotes = true;
        for (Citation citation : answer.citations()) {
            pagesHoldQuotes &= pageTexts.get(citation.page() - 1).contains(citation.snippet().strip());
        }
        int branches = user.chats().branches(asked.id()).size();   // the answer and its regeneration
        List<String> history = user.chats().history(chat.id(), regenerated.id(), 10).stream()
                .map(Message::content).toList();
        out.printf("answer cites pages %s (each quote is on its page: %s); %d branches; regenerated thread: %s%n",
                citedPages, pagesHoldQuotes, branches, history);

        // Knowledge base soft delete (is_delete), restore, and purge.
        SearchRequest again = SearchRequest.builder().text(question).topK(3).build();
        user.knowledgeBases().delete(kb.id());
        int whileDeleted = user.search(again).size();
        List<String> trash = user.knowledgeBases().listDeleted(PageRequest.first(10)).items().stream()
                .map(KnowledgeBase::name).toList();
        user.knowledgeBases().restore(kb.id());
        int afterRestore = user.search(again).size();
        user.knowledgeBases().delete(kb.id());
        user.knowledgeBases().purge(kb.id());
        boolean purged = user.knowledgeBases().find(kb.id()).isEmpty() && user.search(again).isEmpty();
        out.printf("soft-deleted: %d hits, trash %s; restored: %d hits; purged: %s%n", whileDeleted, trash, afterRestore,
                purged);

        store.ephemeral().sessionTokens().revoke(jwt);
        boolean revoked = store.ephemeral().sessionTokens().resolve(jwt).isEmpty();

        return new Outcome(legacyLogin, upgraded, secondLogin, session.payload(), revoked, ingested.document().pages(),
                ingested.chunks(), callbacks[0], job.status().name(), lockReleased, multiVector, citedPages,
                pagesHoldQuotes, branches, history, whileDeleted, trash, afterRestore, purged);
    }

    private static String lastSentence(String text) {
        List<String> sentences = SentenceVectors.split(text);
        return sentences.get(sentences.size() - 1);
    }

    /** LAYRA's legacy format, {@code sha256$<salt>$<hex of sha256(salt + password)>}. */
    static final class SaltedSha256 implements LegacyPasswordVerifier {

        static String hash(String salt, String password) {
            return "sha256$" + salt + "$" + hex(salt + password);
        }

        @Override
        public boolean recognises(String storedHash) {
            return storedHash.startsWith("sha256$") && storedHash.split("\\$").length == 3;
        }

        @Override
        public boolean verify(String password, String storedHash) {
            if (!recognises(storedHash)) {
                return false;
            }
            String[] parts = storedHash.split("\\$");
            return MessageDigest.isEqual(hex(parts[1] + password).getBytes(StandardCharsets.US_ASCII),
                    parts[2].getBytes(StandardCharsets.US_ASCII));
        }

        private static String hex(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256 on this JVM", e);
            }
        }
    }
}
