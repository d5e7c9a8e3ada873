package dev.ragstore.core;

import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.ingest.RecursiveChunker;
import dev.ragstore.core.ingest.TextExtractors;
import dev.ragstore.core.internal.ApiKeyTokens;
import dev.ragstore.core.internal.PasswordHashing;
import dev.ragstore.core.internal.SecretSealer;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.memory.InMemoryEphemeralStore;
import dev.ragstore.core.memory.InMemoryRelationalStore;
import dev.ragstore.core.memory.InMemoryVectorIndex;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.spi.Chunker;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.spi.MultiVectorEmbedder;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.spi.TextExtractor;
import dev.ragstore.core.user.Accounts;
import dev.ragstore.core.user.LegacyPasswordVerifier;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: one relational store, one vector index, one ephemeral store and an
 * embedder, wired explicitly with {@link #builder()} (or all in memory with {@link #inMemory()}).
 * Application code works through {@link #forUser(UserId)}; {@link #admin()} is the only
 * cross-user view. Thread-safe; {@link #close()} closes the stores it was given.
 */
public final class RagStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RagStore.class);

    private final StoreContext context;
    private final AdminScope admin;
    private final Accounts accounts;
    private final EphemeralStore ephemeral;

    private RagStore(StoreContext context) {
        this.context = context;
        this.admin = new DefaultAdminScope(context, null);
        this.accounts = new DefaultAccounts(context);
        this.ephemeral = new CheckedEphemeralStore(context.ephemeral(), context.relational());
    }

    /**
     * A store that keeps everything in memory, with the deterministic {@link HashingEmbedder}
     * (384 dimensions). For demos and host unit tests; nothing survives the JVM.
     */
    public static RagStore inMemory() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The scope of one user: every call is restricted to that user's rows. */
    public UserScope forUser(UserId userId) {
        return new DefaultUserScope(context, Objects.requireNonNull(userId, "userId"));
    }

    /**
     * User and plan management and reads across users, without an acting admin: its audited reads
     * (see {@link AdminScope}) are recorded with no user and {@code "admin": "unidentified"} in
     * their details. Prefer {@link #admin(UserId)} wherever the admin is known.
     */
    public AdminScope admin() {
        return admin;
    }

    /**
     * The admin view acting as {@code actingAdmin}: its reads of other users' rows are recorded in
     * the audit log with that user's id. The user must exist, be active and have the role ADMIN
     * when a read runs (checked then, in the store of record, not here).
     *
     * @since 0.2
     */
    public AdminScope admin(UserId actingAdmin) {
        return new DefaultAdminScope(context, Objects.requireNonNull(actingAdmin, "actingAdmin"));
    }

    /** Password and API-key authentication. */
    public Accounts accounts() {
        return accounts;
    }

    /**
     * Session tokens, rate limits, locks, job progress and the cache. A session token resolves
     * (and extends) only while its user exists and is active in the store of record, so a
     * deactivated or deleted user's token never authorises anything, even if its revocation was
     * lost; each resolve costs one read of the user by id there.
     */
    public EphemeralStore ephemeral() {
        return ephemeral;
    }

    /** The embedding space knowledge bases of this store are bound to. */
    public EmbeddingSpace space() {
        return context.embedder().space();
    }

    /** Closes the vector index, the ephemeral store and the relational store, in that order. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable closeable : List.<AutoCloseable>of(context.vectorIndex(), context.ephemeral(), context.relational())) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        LOG.info("RagStore closed (relational={}, vectors={}, ephemeral={})",
                context.relational().name(), context.vectorIndex().capabilities().adapter(), context.ephemeral().name());
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Wires a {@link RagStore}. Every component has an in-memory default, so a builder with
     * nothing set gives {@link RagStore#inMemory()}.
     */
    public static final class Builder {
        private RelationalStore relational;
        private VectorIndex vectorIndex;
        private EphemeralStore ephemeral;
        private Embedder embedder;
        private Chunker chunker;
        private final List<TextExtractor> extractors = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private SecretKey sealingKey;
        private LegacyPasswordVerifier legacyPasswords = LegacyPasswordVerifier.none();

        private Builder() {
        }

        /** The store of record (default: in memory). */
        public Builder relationalStore(RelationalStore relational) {
            this.relational = Objects.requireNonNull(relational, "relational");
            return this;
        }

        /** Where chunk vectors are indexed and searched (default: in memory, exact search). */
        public Builder vectorIndex(VectorIndex vectorIndex) {
            this.vectorIndex = Objects.requireNonNull(vectorIndex, "vectorIndex");
            return this;
        }

        /** Tokens, rate limits, locks, job progress and cache (default: in memory). */
        public Builder ephemeralStore(EphemeralStore ephemeral) {
            this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
            return this;
        }

        /** The embedder of ingestion and text queries; its space binds new knowledge bases (default: {@link HashingEmbedder} of 384 dimensions). */
        public Builder embedder(Embedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            return this;
        }

        /** How extracted text is cut (default: {@link RecursiveChunker#defaults()}). */
        public Builder chunker(Chunker chunker) {
            this.chunker = Objects.requireNonNull(chunker, "chunker");
            return this;
        }

        /** Adds an extractor, consulted before the built-in ones (plain text, Markdown, HTML). */
        public Builder textExtractor(TextExtractor extractor) {
            this.extractors.add(Objects.requireNonNull(extractor, "extractor"));
            return this;
        }

        /** The clock timestamps and usage days come from (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The AES key (128, 192 or 256 bits) model-profile API keys are sealed with; without one, profiles cannot hold keys. */
        public Builder sealingKey(SecretKey sealingKey) {
            Objects.requireNonNull(sealingKey, "sealingKey");
            SecretSealer.checkKey(sealingKey);
            this.sealingKey = sealingKey;
            return this;
        }

        /** Verifies passwords stored in a legacy format, which are upgraded on login (default: none). */
        public Builder legacyPasswordVerifier(LegacyPasswordVerifier verifier) {
            this.legacyPasswords = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Builds the store and creates the embedder's space in the vector index.
         *
         * @throws InvalidInputException if the vector index cannot hold the embedder's space
         */
        public RagStore build() {
            RelationalStore relationalStore = relational != null ? relational : InMemoryRelationalStore.create();
            VectorIndex index = vectorIndex != null ? vectorIndex : InMemoryVectorIndex.create();
            EphemeralStore ephemeralStore = ephemeral != null ? ephemeral : InMemoryEphemeralStore.create(clock);
            Embedder activeEmbedder = embedder != null ? embedder : HashingEmbedder.create(384);
            EmbeddingSpace space = activeEmbedder.space();
            if (!index.capabilities().metrics().contains(space.metric())) {
                throw InvalidInputException.of("embedder metric",
                        "must be one of " + index.capabilities().metrics() + " supported by " + index.capabilities().adapter(),
                        space.metric());
            }
            if (activeEmbedder instanceof MultiVectorEmbedder && !index.capabilities().multiVector()) {
                throw InvalidInputException.of("embedder", "must be single-vector: vector index '"
                        + index.capabilities().adapter() + "' lacks the capability multi-vector search", space.name());
            }
            index.createSpace(space);
            List<TextExtractor> allExtractors = new ArrayList<>(extractors);
            allExtractors.addAll(TextExtractors.defaults());
            SecureRandom random = new SecureRandom();
            StoreContext context = new StoreContext(relationalStore, index, ephemeralStore, activeEmbedder,
                    chunker != null ? chunker : RecursiveChunker.defaults(), List.copyOf(allExtractors), clock,
                    new TimeOrderedIds(), new PasswordHashing(legacyPasswords), new ApiKeyTokens(random),
                    sealingKey == null ? null : new SecretSealer(sealingKey, random));
            LOG.info("RagStore started (relational={}, vectors={}, ephemeral={}, space={} {}d {})",
                    relationalStore.name(), index.capabilities().adapter(), ephemeralStore.name(),
                    space.name(), space.dimension(), space.metric());
            return new RagStore(context);
        }
    }
}
