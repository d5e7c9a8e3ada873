package dev.ragstore.examples.neuronip;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.RateLimitExceededException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * NeuronIP (seed 002) on RagStore: PostgreSQL + pgvector in one database. Knowledge
 * collections with documents and chunks; hybrid retrieval (full text + vectors) under
 * row-level security, with an audited admin override; API keys stored as a hash with a unique
 * prefix, an expiry and an enforced rate limit; and an application table (support tickets) beside RagStore's, written in the same
 * transaction as a document and guarded by the same row-level-security scope.
 *
 * <p>Run: {@code bash scripts/example.sh neuronip}.
 */
public final class NeuronIp {

    /** The example's PostgreSQL schema. */
    public static final String SCHEMA = "example_neuronip";

    /** What the flows produced, for the example's test. */
    public record Outcome(List<String> hybridHits, boolean hybridHitsHaveBothRanks, int otherUserHits,
            String apiKeyPrefix, boolean apiKeyHashNotToken, boolean apiKeyAuthenticates, boolean wrongKeyRefused,
            int ticketsAfterCommit, int documentsAfterCommit, int ticketsAfterRollback, int documentsAfterRollback,
            int ticketsVisibleToOtherUser, int keyRequestsAllowed, RateLimitExceededException keyRateLimited,
            List<String> adminOverrideHits, List<String> adminAuditActions) {
    }

    private NeuronIp() {
    }

    public static void main(String[] args) throws IOException {
        play(ExampleServices.fromEnvironment(), new MiniLmEmbedder(), Path.of("docs"), System.out);
    }

    /** Wires PostgreSQL + pgvector, creates the application's own table, plays every flow. */
    public static Outcome play(ExampleServices services, Embedder embedder, Path files, PrintStream out)
            throws IOException {
        PostgresStore postgres = services.postgres(SCHEMA, PgVectorIndex.extension(PgVectorOptions.builder().build()));
        // The application's own table, created by the schema's owner, with the same owner policy
        // as RagStore's tables: row-level security reads the scope RagStore sets per transaction.
        services.ownerSql(
                "CREATE TABLE " + SCHEMA + ".support_tickets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " owner_id uuid NOT NULL REFERENCES " + SCHEMA + ".users(id) ON DELETE CASCADE,"
                        + " document_id uuid REFERENCES " + SCHEMA + ".documents(id) ON DELETE SET NULL,"
                        + " subject text NOT NULL)",
                "ALTER TABLE " + SCHEMA + ".support_tickets ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY tickets_owner ON " + SCHEMA + ".support_tickets USING (owner_id = "
                        + "nullif(current_setting('ragstore.owner', true), '')::uuid)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + SCHEMA + ".support_tickets TO " + services.appUser());
        try (RagStore store = RagStore.builder()
                .relationalStore(postgres).vectorIndex(PgVectorIndex.of(postgres)).embedder(embedder).build()) {
            return play(store, postgres, files, out);
        }
    }

    static Outcome play(RagStore store, PostgresStore postgres, Path files, PrintStream out) throws IOException {
        User analyst = store.admin().createUser(new NewUser("analyst", "analyst@neuronip.example", "neuron passphrase",
                "Analyst", Role.USER, null));
        User admin = store.admin().createUser(new NewUser("neuron-admin", "admin@neuronip.example", "admin passphrase",
                "Admin", Role.ADMIN, null));
        User other = store.admin().createUser(new NewUser("other", "other@neuronip.example", "other passphrase",
                "Other", Role.USER, null));
        UserScope user = store.forUser(analyst.id());

        // Knowledge collections: documents chunked, embedded and indexed (HNSW + full text).
        KnowledgeBase collection = user.knowledgeBases().create("platform-docs", "RagStore's own docs", Map.of());
        try (var paths = Files.list(files)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                user.documents().ingest(collection.id(), DocumentSource.builder(file.getFileName().toString(),
                        "text/markdown", Files.readAllBytes(file)).build());
            }
        }

        // Hybrid retrieval under row-level security: full-text and vector rankings fused.
        String question = "row level security policy for each tenant";
        SearchRequest hybrid = SearchRequest.builder().text(question).mode(SearchMode.HYBRID)
                .knowledgeBase(collection.id()).topK(5).build();
        List<SearchHit> hits = user.search(hybrid);
        List<String> hitFiles = hits.stream().map(SearchHit::fileName).distinct().toList();
        boolean bothRanks = hits.stream().anyMatch(hit -> hit.vectorRank() != null && hit.keywordRank() != null);
        int otherHits = store.forUser(other.id()).search(SearchRequest.hybrid(question)).size();
        out.printf("hybrid search \"%s\": %s; another user sees %d hits%n", question, hitFiles, otherHits);

        // API keys: only a hash and a unique prefix are stored; the token is shown once.
        IssuedApiKey issued = user.apiKeys().create("warehouse-sync", Instant.now().plus(30, ChronoUnit.DAYS), 3);
        ApiKey key = issued.key();
        boolean hashNotToken = !key.secretHash().contains(issued.token()) && !issued.token().equals(key.secretHash());
        boolean authenticates = store.accounts().authenticateApiKey(issued.token())
                .map(found -> found.ownerId().equals(analyst.id())).orElse(false);
        boolean wrongRefused = store.accounts().authenticateApiKey(key.prefix() + ".not-the-secret").isEmpty();
        out.printf("API key %s… (prefix %s, %d/min, expires %s): authenticates %s, wrong secret refused %s%n",
                issued.token().substring(0, 6), key.prefix(), key.rateLimitPerMinute(), key.expiresAt(),
                authenticates, wrongRefused);
        // The key's rate limit is enforced on authentication (the first call above used one permit).
        int allowed = 1;
        RateLimitExceededException limited = null;
        while (limited == null) {
            try {
                store.accounts().authenticateApiKey(issued.token());
                allowed++;
            } catch (RateLimitExceededException refused) {
                limited = refused;
            }
        }
        out.printf("API key calls: %d allowed, then %s%n", allowed, limited.getMessage());

        // Admin override: an identified admin searches the analyst's collections; the read is audited.
        List<String> overrideHits = store.admin(admin.id()).search(List.of(analyst.id()), hybrid).stream().map(SearchHit::fileName).distinct().toList();
        List<String> adminActions = store.admin(admin.id()).auditLog(admin.id(), new AuditQuery(null, Instant.EPOCH,
                Instant.now().plusSeconds(60), PageRequest.first(20))).items().stream().map(AuditEvent::action).toList();
        out.printf("admin override search: %s; the admin's audited reads: %s%n", overrideHits, adminActions);

        // The application's table written in RagStore's transaction: both commit, or neither.
        byte[] report = "Ticket 4711: search returns stale results after a collection rename."
                .getBytes(StandardCharsets.UTF_8);
        postgres.inTransaction(analyst.id(), handle -> {
            IngestResult attachment = user.documents().ingest(collection.id(),
                    DocumentSource.builder("ticket-4711.txt", "text/plain", report).build());
            return handle.createUpdate("INSERT INTO " + SCHEMA + ".support_tickets (owner_id, document_id, subject)"
                            + " VALUES (:owner, :document, :subject)")
                    .bind("owner", analyst.id().value()).bind("document", attachment.document().id().value())
                    .bind("subject", "Stale results after rename").execute();
        });
        int ticketsAfterCommit = tickets(postgres, analyst);
        int documentsAfterCommit = documentCount(user, collection);
        try {
            postgres.inTransaction(analyst.id(), handle -> {
                IngestResult attachment = user.documents().ingest(collection.id(), DocumentSource.builder(
                        "ticket-4712.txt", "text/plain", "Ticket 4712: never stored.".getBytes(StandardCharsets.UTF_8)).build());
                handle.createUpdate("INSERT INTO " + SCHEMA + ".support_tickets (owner_id, document_id, subject)"
                                + " VALUES (:owner, :document, 'never stored')")
                        .bind("owner", analyst.id().value()).bind("document", attachment.document().id().value()).execute();
                throw new IllegalStateException("the ticket system refused the ticket");
            });
        } catch (IllegalStateException expected) {
            out.printf("second ticket rolled back: %s%n", expected.getMessage());
        }
        int ticketsAfterRollback = tickets(postgres, analyst);
        int documentsAfterRollback = documentCount(user, collection);
        int ticketsOfOther = tickets(postgres, other);
        out.printf("tickets: %d after commit, %d after rollback (documents %d -> %d); the other user sees %d%n",
                ticketsAfterCommit, ticketsAfterRollback, documentsAfterCommit, documentsAfterRollback, ticketsOfOther);

        return new Outcome(hitFiles, bothRanks, otherHits, key.prefix(), hashNotToken, authenticates, wrongRefused,
                ticketsAfterCommit, documentsAfterCommit, ticketsAfterRollback, documentsAfterRollback, ticketsOfOther,
                allowed, limited, overrideHits, adminActions);
    }

    private static int tickets(PostgresStore postgres, User owner) {
        // no WHERE clause: row-level security alone decides which tickets the scope sees
        return postgres.inTransaction(owner.id(), handle -> handle.createQuery(
                "SELECT count(*) FROM " + SCHEMA + ".support_tickets").mapTo(Integer.class).one());
    }

    private static int documentCount(UserScope user, KnowledgeBase collection) {
        return user.knowledgeBases().stats(collection.id()).map(stats -> (int) stats.documents()).orElse(0);
    }
}
