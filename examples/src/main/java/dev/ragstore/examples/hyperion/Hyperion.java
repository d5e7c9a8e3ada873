package dev.ragstore.examples.hyperion;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentQuery;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.ephemeral.Cache;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.examples.ExampleServices;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import dev.ragstore.milvus.MilvusOutbox;
import dev.ragstore.milvus.MilvusOutboxRelay;
import dev.ragstore.milvus.MilvusVectorIndex;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.redis.RedisCachedRelationalStore;
import dev.ragstore.redis.RedisStore;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hyperion (seed 000) on RagStore: PostgreSQL for users with roles, model profiles and action
 * logs; Milvus for the embeddings with their metadata, fed through the PostgreSQL outbox; Redis
 * for the read-through cache and the seed's {@code user:<id>:<type>} keys.
 *
 * <p>Flows: an admin and a user; the user uploads documents, creates a model profile (LLM
 * endpoint, sealed API key) linked to the documents it trains on, which moves
 * {@code TRAINING -> TRAINED}, then changes endpoint and rotates its key; queries
 * with metadata filters over Milvus; every action logged; model configuration and query results
 * cached under {@code user:<id>:model_config} and {@code user:<id>:query_results}.
 *
 * <p>Run: {@code bash scripts/example.sh hyperion}.
 */
public final class Hyperion {

    /** The example's PostgreSQL schema, Redis key prefix and Milvus collection prefix. */
    public static final String SCHEMA = "example_hyperion";

    /** What the flows produced, for the example's test. */
    public record Outcome(Role adminRole, Role userRole, boolean emailLogin, int documents, List<String> markdownFiles,
            ModelStatus modelStatus, int trainingDocuments, int modelsOfFirstDocument, String movedEndpoint, boolean keyRotated,
            boolean apiKeyRoundTrips, boolean sealedKeyIsNotPlaintext, List<String> markdownHits,
            List<String> textHits, boolean modelConfigCached, boolean queryResultsCached,
            List<String> actions, List<String> queryActions) {
    }

    private Hyperion() {
    }

    public static void main(String[] args) throws IOException {
        play(ExampleServices.fromEnvironment(), new MiniLmEmbedder(), Path.of("docs"), System.out);
    }

    /** Wires PostgreSQL + Milvus (through the outbox) + Redis, plays every flow and closes it all. */
    public static Outcome play(ExampleServices services, Embedder embedder, Path files, PrintStream out)
            throws IOException {
        PostgresStore postgres = services.postgres(SCHEMA, MilvusOutbox.extension());
        RedisStore redis = services.redis(SCHEMA + ":");
        MilvusVectorIndex milvus = MilvusVectorIndex.builder().uri(services.milvusUri())
                .collectionPrefix(SCHEMA + "_").build();
        try (MilvusOutboxRelay relay = MilvusOutboxRelay.builder().postgres(postgres).milvus(milvus)
                .interval(Duration.ofMillis(100)).build();
             RagStore store = RagStore.builder()
                     .relationalStore(RedisCachedRelationalStore.wrap(postgres, redis))
                     .vectorIndex(relay.vectorIndex())
                     .ephemeralStore(redis)
                     .embedder(embedder)
                     .sealingKey(demoSealingKey())
                     .build()) {
            return play(store, relay, files, out);
        }
    }

    static Outcome play(RagStore store, MilvusOutboxRelay relay, Path files, PrintStream out) throws IOException {
        // Users with roles.
        User admin = store.admin().createUser(new NewUser("hyperion-admin", "admin@hyperion.example",
                "admin passphrase", "Operator", Role.ADMIN, null));
        User maya = store.admin().createUser(new NewUser("maya", "maya@hyperion.example", "maya passphrase",
                "Maya", Role.USER, null));
        // Login looks the user up by email (the seed's index on users.email).
        boolean emailLogin = store.accounts().loginByEmail("maya@hyperion.example", "maya passphrase").isPresent();
        UserScope user = store.forUser(maya.id());
        out.printf("users: %s (%s), %s (%s); login by email: %s%n", admin.username(), admin.role(), maya.username(),
                maya.role(), emailLogin);

        // Documents: file name, size and type; chunks and vectors go to Milvus through the outbox.
        KnowledgeBase training = user.knowledgeBases().create("training", "Documents the model trains on", Map.of());
        List<DocumentId> uploaded = new ArrayList<>();
        try (var paths = Files.list(files)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                IngestResult result = user.documents().ingest(training.id(), DocumentSource.builder(
                                file.getFileName().toString(), "text/markdown", Files.readAllBytes(file))
                        .metadata(Map.of("file_type", "md", "file_size", Files.size(file))).build());
                user.audit().record("upload", Map.of("file", file.getFileName().toString(), "chunks", result.chunks()));
                uploaded.add(result.document().id());
            }
        }
        // one plain-text note, so the metadata filter has something to tell apart
        uploaded.add(user.documents().ingest(training.id(), DocumentSource.builder("notes.txt", "text/plain",
                        "Milvus keeps the vectors; PostgreSQL keeps the truth.".getBytes(StandardCharsets.UTF_8))
                .metadata(Map.of("file_type", "txt")).build()).document().id());
        int documents = uploaded.size();
        // documents by type, newest first (the seed's index on file_type)
        List<String> markdownFiles = user.documents().list(DocumentQuery.all().withMimeType("text/markdown"),
                PageRequest.newestFirst(20)).items().stream().map(Document::fileName).toList();
        relay.awaitSync(Duration.ofSeconds(30));
        out.printf("%d documents uploaded (markdown, newest first: %s); outbox backlog after sync: %s%n", documents,
                markdownFiles, relay.backlog());

        // A model: LLM endpoint, API key sealed at rest, trained on the knowledge base.
        ModelProfile model = user.models().create("support-bot", "https://llm.example/v1/chat",
                "sk-demo-not-a-real-key", "Answers support questions from the docs", List.of(training.id()));
        // training data: the model's links to the documents it trains on
        for (DocumentId document : uploaded.subList(0, uploaded.size() - 1)) {
            user.models().linkDocument(model.id(), document);
        }
        user.audit().record("train", Map.of("model", model.name()));
        ModelProfile trained = user.models().setStatus(model.id(), ModelStatus.TRAINED);
        boolean keyRoundTrips = user.models().revealApiKey(model.id()).filter("sk-demo-not-a-real-key"::equals).isPresent();
        boolean sealed = !new String(trained.sealedApiKey(), StandardCharsets.ISO_8859_1)
                .contains("sk-demo-not-a-real-key");
        int trainingDocuments = user.models().linkedDocuments(model.id(), PageRequest.first(50)).items().size();
        int modelsOfFirstDocument = user.models().linkedProfiles(uploaded.get(0)).size();
        out.printf("model '%s' at %s: %s -> %s on %d training documents, API key sealed at rest: %s%n", model.name(),
                model.endpoint(), model.status(), trained.status(), trainingDocuments, sealed);

        // the model moves to a new endpoint and its key is rotated: the old key is gone for good
        ModelProfile moved = user.models().update(model.id(), model.name(), "https://llm.example/v2/chat",
                "Answers support questions from the docs (v2)", List.of(training.id()));
        user.models().rotateApiKey(model.id(), "sk-demo-rotated-key");
        boolean rotated = user.models().revealApiKey(model.id()).filter("sk-demo-rotated-key"::equals).isPresent();
        out.printf("model now at %s, key rotated: %s%n", moved.endpoint(), rotated);

        // Queries: semantic search over Milvus, narrowed by the metadata each embedding carries.
        String question = "what happens when the vector database is down";
        List<String> markdownHits = fileNames(user.search(SearchRequest.builder().text(question)
                .filter(Filter.eq("file_type", "md")).topK(5).build()));
        List<String> textHits = fileNames(user.search(SearchRequest.builder().text(question)
                .filter(Filter.eq("file_type", "txt")).topK(5).build()));
        user.audit().record("query", Map.of("question", question, "hits", markdownHits.size()));
        out.printf("query (file_type = md): %s%nquery (file_type = txt): %s%n", markdownHits, textHits);

        // Redis keys of the seed: user:<id>:<type>.
        Cache cache = store.ephemeral().cache();
        String configKey = "user:" + maya.id() + ":model_config";
        String resultsKey = "user:" + maya.id() + ":query_results";
        cache.put(configKey, "{\"model\":\"" + model.name() + "\",\"endpoint\":\"" + model.endpoint() + "\"}", Duration.ofMinutes(10));
        cache.put(resultsKey, String.join(",", markdownHits), Duration.ofMinutes(1));
        boolean configCached = cache.get(configKey).filter(value -> value.contains("support-bot")).isPresent();
        boolean resultsCached = cache.get(resultsKey).isPresent();
        out.printf("cache %s -> %s%n", configKey, cache.get(configKey).orElse("(miss)"));

        // Action logs: all of the user's actions, and those of one type.
        List<String> actions = actions(user, null);
        List<String> queries = actions(user, "query");
        out.printf("action log: %s; queries only: %s%n", actions, queries);

        // Leave Milvus clean: deleting the users removes their vectors through the outbox.
        store.admin().deleteUser(maya.id());
        store.admin().deleteUser(admin.id());
        relay.awaitSync(Duration.ofSeconds(30));

        return new Outcome(admin.role(), maya.role(), emailLogin, documents, markdownFiles, trained.status(),
                trainingDocuments, modelsOfFirstDocument, moved.endpoint(), rotated, keyRoundTrips, sealed,
                markdownHits, textHits, configCached, resultsCached, actions, queries);
    }

    private static List<String> fileNames(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::fileName).distinct().toList();
    }

    private static List<String> actions(UserScope user, String action) {
        List<String> actions = new ArrayList<>();
        for (AuditEvent event : user.audit().query(new AuditQuery(action, Instant.EPOCH,
                Instant.now().plusSeconds(60), PageRequest.first(100))).items()) {
            actions.add(event.action());
        }
        return actions;
    }

    /** A fresh AES key for the demo; a real host loads its key from a secret store. */
    private static SecretKey demoSealingKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES on this JVM", e);
        }
    }
}
