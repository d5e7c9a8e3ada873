package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.UserId;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every facade contract shares: the one factory {@link #newStore(StoreOptions)}, a store
 * per test, an {@link AdjustableClock}, and helpers that create uniquely named users so that no
 * contract assumes an empty store.
 *
 * <p>Subclass a contract (not this class) and implement {@link #newStore(StoreOptions)}: return a
 * new, empty or isolated store (e.g. on a fresh PostgreSQL schema) built with every component of
 * the options. It may be called more than once in one test (e.g. for a second store with a
 * failing embedder or without a sealing key). The kit closes each store after its test; register
 * further cleanup (dropping a schema) with {@link #onClose(AutoCloseable)}, which runs after the
 * stores are closed. Contracts are thread-safe only as far as the store is: the kit itself races
 * up to 64 threads against one store.
 */
public abstract class StoreContractSupport {

    /** Dimension of the kit's default {@link HashingEmbedder}. */
    protected static final int DIMENSION = 64;
    /** A password every kit user gets. */
    protected static final String PASSWORD = "correct horse battery";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The clock of the default options; move it with {@link AdjustableClock#advance}. */
    protected final AdjustableClock clock = AdjustableClock.noonToday();

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();
    private RagStore store;

    /**
     * A new store built with every component of {@code options} (see
     * {@link StoreOptions#applyTo}), empty or isolated from every other store the kit asked for.
     */
    protected abstract RagStore newStore(StoreOptions options);

    /** Registers cleanup to run after the test, once the kit has closed its stores (last registered runs first). */
    protected final synchronized void onClose(AutoCloseable cleanup) {
        cleanups.push(cleanup);
    }

    /** The kit's default options: {@link #clock}, a random AES-256 sealing key, a 64-d {@link HashingEmbedder} and {@link PagedTextExtractor}. */
    protected final StoreOptions defaultOptions() {
        return new StoreOptions(clock, randomAesKey(), HashingEmbedder.create(DIMENSION), List.of(new PagedTextExtractor()));
    }

    /** The test's store with {@link #defaultOptions()}, created on first use (by whichever thread asks first). */
    protected final synchronized RagStore store() {
        if (store == null) {
            store = open(defaultOptions());
        }
        return store;
    }

    /** Another store from the factory, closed after the test. */
    protected final synchronized RagStore open(StoreOptions options) {
        RagStore created = newStore(options);
        closeables.push(created);
        return created;
    }

    @AfterEach
    final synchronized void closeStoresAndCleanUp() throws Exception {
        Closing.drain(closeables, cleanups);
    }

    // ---- helpers ----

    /** A name no other test uses: {@code prefix} and 12 random hex characters. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a USER with a unique name, {@link #PASSWORD}, no email and no plan. */
    protected static UserId newUser(RagStore store) {
        return newUser(store, null);
    }

    /** Creates a USER with a unique name and email, {@link #PASSWORD} and the given plan (or none). */
    protected static UserId newUser(RagStore store, PlanId plan) {
        String name = unique("user");
        return store.admin().createUser(new NewUser(name, name + "@example.test", PASSWORD, "User " + name, Role.USER, plan)).id();
    }

    /** A scope of a new user of {@link #store()}. */
    protected final UserScope newScope() {
        return store().forUser(newUser(store()));
    }

    /** A live knowledge base with a unique name. */
    protected static KnowledgeBase newKnowledgeBase(UserScope scope) {
        return scope.knowledgeBases().create(unique("kb"), "a knowledge base of the contract kit", Map.of());
    }

    /** A plain-text source of {@code text} named {@code fileName}. */
    protected static DocumentSource plainText(String fileName, String text) {
        return DocumentSource.builder(fileName, "text/plain", text.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** A plain-text source with metadata. */
    protected static DocumentSource plainText(String fileName, String text, Map<String, ?> metadata) {
        return DocumentSource.builder(fileName, "text/plain", text.getBytes(StandardCharsets.UTF_8)).metadata(metadata).build();
    }

    /** Ingests {@code text} as a plain-text document. */
    protected static IngestResult ingestText(UserScope scope, KnowledgeBase knowledgeBase, String fileName, String text) {
        return scope.documents().ingest(knowledgeBase.id(), plainText(fileName, text));
    }

    /** Orders UUIDs as PostgreSQL and the canonical text do (unsigned, big-endian). */
    protected static int compareIds(UUID a, UUID b) {
        return a.toString().compareTo(b.toString());
    }

    /** A random AES-256 key. */
    protected static SecretKey randomAesKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * Asserts that {@code call} throws an {@link InvalidInputException} whose message contains
     * every fragment (ignoring case).
     */
    protected static void assertInvalidInput(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    String message = e.getMessage().toLowerCase(Locale.ROOT);
                    for (String fragment : fragments) {
                        org.assertj.core.api.Assertions.assertThat(message)
                                .as("message of %s", e)
                                .contains(fragment.toLowerCase(Locale.ROOT));
                    }
                });
    }
}
