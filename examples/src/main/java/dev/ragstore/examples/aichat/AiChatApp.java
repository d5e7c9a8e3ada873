package dev.ragstore.examples.aichat;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.ephemeral.RateLimit;
import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.examples.ExampleServices;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.pgvector.PgVectorOptions;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.redis.RedisCachedRelationalStore;
import dev.ragstore.redis.RedisStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The AI Chat App (seed 003) on RagStore: PostgreSQL for users, chats, messages and files;
 * pgvector in the same database standing in for its Weaviate; Redis for sessions, a cache with
 * expiry and per-user, per-endpoint rate limits; an audit log.
 *
 * <p>Flows played, in the seed's order: authentication (credentials checked in PostgreSQL, a
 * session in Redis), chat (store the user's message, store the AI's answer, update the chat),
 * file upload (file row, content processed and indexed for search), rate limiting, caching,
 * audit, and the cascades ({@code ON DELETE CASCADE} from chat to messages and from user to
 * everything).
 *
 * <p>Run: {@code bash scripts/example.sh aichat}.
 */
public final class AiChatApp {

    /** The example's PostgreSQL schema and Redis key prefix. */
    public static final String SCHEMA = "example_aichat";

    /** What the flows produced, for the example's test. */
    public record Outcome(boolean loggedIn, boolean wrongPasswordRefused, boolean sessionResolved,
            int messagesInChat, String chatTitle, int fileChunks, String topHitFile, int allowedRequests,
            int refusedRequests, boolean cacheHit, boolean cacheExpired, List<String> auditActions,
            boolean chatMessagesGoneAfterDelete, boolean userGoneAfterDelete, boolean sessionGoneAfterDelete) {
    }

    private AiChatApp() {
    }

    public static void main(String[] args) throws IOException {
        play(ExampleServices.fromEnvironment(), new MiniLmEmbedder(), Path.of("docs"), System.out);
    }

    /** Wires the store, plays every flow against it and closes it. */
    public static Outcome play(ExampleServices services, Embedder embedder, Path files, PrintStream out)
            throws IOException {
        PostgresStore postgres = services.postgres(SCHEMA, PgVectorIndex.extension(PgVectorOptions.builder().build()));
        RedisStore redis = services.redis(SCHEMA + ":");
        try (RagStore store = RagStore.builder()
                .relationalStore(RedisCachedRelationalStore.wrap(postgres, redis))
                .vectorIndex(PgVectorIndex.of(postgres))
                .ephemeralStore(redis)
                .embedder(embedder)
                .build()) {
            return play(store, files, out);
        }
    }

    static Outcome play(RagStore store, Path files, PrintStream out) throws IOException {
        EphemeralStore redis = store.ephemeral();

        // Authentication flow: validate credentials against PostgreSQL, create a session in Redis.
        User ada = store.admin().createUser(new NewUser("ada", "ada@example.com", "analytical engine", "Ada", Role.USER, null));
        boolean loggedIn = store.accounts().login("ada", "analytical engine").isPresent();
        boolean wrongPasswordRefused = store.accounts().login("ada", "difference engine").isEmpty();
        SessionToken session = redis.sessionTokens().issue(ada.id(), Duration.ofHours(12));
        boolean sessionResolved = redis.sessionTokens().resolve(session.token())
                .map(token -> token.userId().equals(ada.id())).orElse(false);
        out.printf("login: %s, wrong password refused: %s, Redis session %s… resolves to ada: %s%n",
                loggedIn, wrongPasswordRefused, session.token().substring(0, 8), sessionResolved);

        UserScope user = store.forUser(ada.id());
        user.audit().record("login", Map.of("via", "password"));

        // File upload flow: the file row, then its content processed and indexed for search.
        KnowledgeBase uploads = user.knowledgeBases().create("uploads", "Ada's files", Map.of());
        int fileChunks = 0;
        try (var paths = Files.list(files)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                IngestResult result = user.documents().ingest(uploads.id(), DocumentSource.builder(
                        file.getFileName().toString(), "text/markdown", Files.readAllBytes(file)).build());
                fileChunks += result.chunks();
                user.audit().record("upload", Map.of("file", file.getFileName().toString(), "chunks", result.chunks()));
            }
        }
        out.printf("uploaded %s: %d chunks indexed%n", files, fileChunks);

        // Chat flow: store the user's message, answer from the files, store the answer, update the chat.
        ChatSession chat = user.chats().create("New chat");
        String question = "What happens to a write while Milvus is down?";
        Message asked = user.chats().append(chat.id(), NewMessage.user(null, question, 12));
        List<SearchHit> context = user.search(SearchRequest.hybrid(question));
        String topHitFile = context.isEmpty() ? null : context.get(0).fileName();
        user.chats().append(chat.id(), NewMessage.builder(MessageRole.ASSISTANT,
                        "See " + topHitFile + ": writes still succeed and wait in the outbox.")
                .parent(asked.id()).tokenCount(40).model("demo-model").build());
        ChatSession renamed = user.chats().rename(chat.id(), "Milvus outages");
        int messagesInChat = user.chats().history(chat.id(), null, 50).size();
        user.audit().record("chat", Map.of("messages", messagesInChat));
        out.printf("chat '%s': %d messages, answer grounded in %s%n", renamed.title(), messagesInChat, topHitFile);

        // Rate limiting: rate_limit:{user_id}:{endpoint}, 3 requests a minute on this endpoint.
        RateLimit chatLimit = new RateLimit(3, Duration.ofMinutes(1));
        int allowed = 0;
        int refused = 0;
        for (int request = 0; request < 5; request++) {
            if (redis.rateLimiter().tryAcquire(ada.id(), "POST /chats/messages", chatLimit).allowed()) {
                allowed++;
            } else {
                refused++;
            }
        }
        out.printf("POST /chats/messages: %d allowed, %d refused (limit 3/min)%n", allowed, refused);

        // Cache with expiry: cache:{key}.
        String key = "chat-title:" + chat.id();
        redis.cache().put(key, renamed.title(), Duration.ofMillis(300));
        boolean cacheHit = redis.cache().get(key).filter(renamed.title()::equals).isPresent();
        sleep(Duration.ofMillis(600));
        boolean cacheExpired = redis.cache().get(key).isEmpty();
        out.printf("cache: hit %s, expired after its TTL %s%n", cacheHit, cacheExpired);

        // Audit log: every action of the user, newest last.
        List<String> auditActions = user.audit().query(new AuditQuery(null, Instant.EPOCH, Instant.now().plusSeconds(60), PageRequest.first(50)))
                .items().stream().map(AuditEvent::action).toList();
        out.printf("audit log: %s%n", auditActions);

        // Cascades: deleting a chat deletes its messages; deleting the user deletes everything.
        user.chats().delete(chat.id());
        boolean chatMessagesGone = isGone(() -> user.chats().history(chat.id(), null, 50));
        store.admin().deleteUser(ada.id());
        redis.sessionTokens().revokeAll(ada.id());
        boolean userGone = store.admin().findUser(ada.id()).isEmpty() && store.accounts().login("ada", "analytical engine").isEmpty();
        boolean sessionGone = redis.sessionTokens().resolve(session.token()).isEmpty();
        out.printf("after deletes: chat messages gone %s, user and files gone %s, session gone %s%n",
                chatMessagesGone, userGone, sessionGone);

        return new Outcome(loggedIn, wrongPasswordRefused, sessionResolved, messagesInChat, renamed.title(), fileChunks,
                topHitFile, allowed, refused, cacheHit, cacheExpired, auditActions, chatMessagesGone, userGone, sessionGone);
    }

    private static boolean isGone(Runnable read) {
        try {
            read.run();
            return false;
        } catch (NotFoundException expected) {
            return true;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
