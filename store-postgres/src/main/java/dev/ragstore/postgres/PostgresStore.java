package dev.ragstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserId;
import dev.ragstore.core.user.UserRepository;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgPool;
import dev.ragstore.postgres.internal.PgSchema;
import dev.ragstore.postgres.internal.PgTransactions;
import dev.ragstore.postgres.spi.PgExtension;
import dev.ragstore.postgres.spi.PgHost;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every relational port of RagStore on PostgreSQL (15 or later): Jdbi over a HikariCP pool (or the
 * host's {@link DataSource}), a schema migrated by Flyway, row-level security keyed on a
 * transaction-local setting, and counters and quotas changed by single atomic statements. Built by
 * {@link #builder()}; pass it to {@code RagStore.builder().relationalStore(...)}.
 *
 * <p>Hosts join RagStore's transactions with {@link #inTransaction(UserId, Function)}: repository
 * calls made inside the callback, on the same thread, run in that transaction. Sibling modules
 * (pgvector, the Milvus outbox) are installed once on the builder, with
 * {@link Builder#install(PgExtension)}, and reach the store through the
 * {@link dev.ragstore.postgres.spi} package.
 *
 * <p>Thread-safe. {@link #close()} closes the pool the store built (never a host's DataSource);
 * later calls fail with a {@link dev.ragstore.core.error.StoreUnavailableException}.
 */
public final class PostgresStore implements RelationalStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    private final PostgresSettings settings;
    private final HikariDataSource ownPool;
    private final PgTransactions transactions;
    private final String schemaVersion;
    private final List<PgExtension> extensions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UserRepository users;
    private final PlanRepository plans;
    private final ApiKeyRepository apiKeys;
    private final KnowledgeBaseRepository knowledgeBases;
    private final DocumentRepository documents;
    private final ChunkRepository chunks;
    private final ChatRepository chats;
    private final UsageRepository usage;
    private final ModelProfileRepository modelProfiles;
    private final AuditRepository audit;

    private final Runnable releaseAdminToken;

    PostgresStore(PostgresSettings settings, HikariDataSource ownPool, PgContext context, String schemaVersion,
            Runnable releaseAdminToken) {
        this.releaseAdminToken = releaseAdminToken;
        this.settings = settings;
        this.ownPool = ownPool;
        this.transactions = context.tx();
        this.schemaVersion = schemaVersion;
        this.extensions = context.extensions().installed();
        PgUsageRepository usageRepository = new PgUsageRepository(context);
        this.users = new PgUserRepository(context);
        this.plans = new PgPlanRepository(context);
        this.apiKeys = new PgApiKeyRepository(context);
        this.knowledgeBases = new PgKnowledgeBaseRepository(context);
        this.documents = new PgDocumentRepository(context, usageRepository);
        this.chunks = new PgChunkRepository(context);
        this.chats = new PgChatRepository(context, usageRepository);
        this.usage = usageRepository;
        this.modelProfiles = new PgModelProfileRepository(context);
        this.audit = new PgAuditRepository(context);
    }

    /** A builder with the defaults of the configuration table (schema {@code ragstore}, RLS on, migrate on start). */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code "postgresql"}. */
    @Override
    public String name() {
        return "postgresql";
    }

    /** The schema RagStore's tables are in. */
    public String schema() {
        return settings.schema().name();
    }

    /** Whether row-level security is applied to this store's transactions. */
    public boolean rowLevelSecurity() {
        return settings.rowLevelSecurity();
    }

    /** The Flyway version the schema was at when the store started, e.g. {@code "2"}; {@code "unknown"} without migration. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Runs {@code work} in one transaction scoped to {@code owner}: every repository call it makes
     * on this thread, and every write of an index that joins this store (pgvector), commits with it.
     */
    @Override
    public <T> T inTransaction(UserId owner, java.util.function.Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return inTransaction(owner, handle -> work.get());
    }

    /**
     * Runs {@code work} in one transaction scoped to {@code owner}: row-level security admits only
     * that user's rows (when enabled), and RagStore repository calls made by {@code work} on this
     * thread join the transaction. Commits when {@code work} returns, rolls back when it throws.
     * Table names must be qualified with {@link #schema()}; the handle must not be closed or
     * committed by {@code work}.
     *
     * @return what {@code work} returned
     * @throws dev.ragstore.core.error.StoreUnavailableException if PostgreSQL fails (retryable for
     *         connection loss, pool timeouts, serialization failures and deadlocks)
     * @throws RuntimeException whatever {@code work} threw, after the rollback (driver failures translated)
     */
    public <T> T inTransaction(UserId owner, Function<Handle, T> work) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(work, "work");
        return transactions.hostOwner(owner, work);
    }

    /**
     * The installed extension of {@code type} (see {@link Builder#install(PgExtension)}), for
     * sibling modules' factories such as {@code PgVectorIndex.of(postgres)}.
     */
    public <E extends PgExtension> Optional<E> extension(Class<E> type) {
        Objects.requireNonNull(type, "type");
        return extensions.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * The store as its extensions see it (see {@link PgHost}): sessions in a row-level-security
     * scope, one-round-trip reads and the store's error mapping; for sibling modules and advanced
     * hosts.
     */
    public PgHost host() {
        return transactions;
    }

    /** The installed extensions, in installation order. */
    public List<PgExtension> extensions() {
        return extensions;
    }

    /**
     * {@inheritDoc} Inside {@link #inTransaction(UserId, Function)} (or any transaction of this
     * store on this thread) the action runs after the outermost transaction commits or rolls back.
     */
    @Override
    public void afterCompletion(Runnable action) {
        transactions.afterCompletion(action);
    }

    @Override
    public boolean inTransactionOnThisThread() {
        return transactions.activeOnThisThread();
    }

    /** {@link #inTransaction(UserId, Function)} without a result. */
    public void useTransaction(UserId owner, Consumer<Handle> work) {
        Objects.requireNonNull(work, "work");
        inTransaction(owner, h -> {
            work.accept(h);
            return null;
        });
    }

    /**
     * Runs {@code work} in one transaction of the admin scope, which row-level security lets see
     * every owner's rows; for cross-user jobs (reports, outbox relays, schema changes of sibling
     * modules). Otherwise as {@link #inTransaction(UserId, Function)}.
     */
    public <T> T inAdminTransaction(Function<Handle, T> work) {
        Objects.requireNonNull(work, "work");
        return transactions.hostAdmin(work);
    }

    /** {@link #inAdminTransaction(Function)} without a result. */
    public void useAdminTransaction(Consumer<Handle> work) {
        Objects.requireNonNull(work, "work");
        inAdminTransaction(h -> {
            work.accept(h);
            return null;
        });
    }

    @Override
    public UserRepository users() {
        return users;
    }

    @Override
    public PlanRepository plans() {
        return plans;
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    @Override
    public KnowledgeBaseRepository knowledgeBases() {
        return knowledgeBases;
    }

    @Override
    public DocumentRepository documents() {
        return documents;
    }

    @Override
    public ChunkRepository chunks() {
        return chunks;
    }

    @Override
    public ChatRepository chats() {
        return chats;
    }

    @Override
    public UsageRepository usage() {
        return usage;
    }

    @Override
    public ModelProfileRepository modelProfiles() {
        return modelProfiles;
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    /** Closes the pool this store built (a host's DataSource stays open); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        releaseAdminToken.run();
        transactions.close("PostgresStore '" + settings.poolName() + "'");
        if (ownPool != null) {
            ownPool.close();
        }
        LOG.info("PostgresStore '{}' closed (schema {} at {})", settings.poolName(), schema(), transactions.errors().address());
    }

    /** The configuration, with any password masked. */
    @Override
    public String toString() {
        return "PostgresStore[" + settings + ", schemaVersion=" + schemaVersion + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Configures a {@link PostgresStore}. Each setter rejects an impossible value at once, naming
     * the setting; {@link #build()} checks the combination, connects, and migrates the schema
     * (unless told not to). Not thread-safe; one builder may build several stores.
     */
    public static final class Builder {

        private String jdbcUrl;
        private String username;
        private String password;
        private DataSource dataSource;
        private PgSchema schema = new PgSchema(PostgresSettings.DEFAULT_SCHEMA);
        private Integer maximumPoolSize;
        private boolean rowLevelSecurity = true;
        private boolean migrateOnStart = true;
        private String poolName;
        private final List<PgExtension> extensions = new ArrayList<>();
        private String migrationUsername;
        private String migrationPassword;
        private DataSource migrationDataSource;

        private Builder() {
        }

        /**
         * The server to connect to with a pool of this store's own, e.g.
         * {@code jdbc:postgresql://127.0.0.1:5432/ragstore}; credentials may be given here
         * ({@code ?user=...&password=...}) or with {@link #username}/{@link #password}.
         * Mutually exclusive with {@link #dataSource}.
         *
         * @throws InvalidInputException unless it starts with {@code jdbc:postgresql:}
         */
        public Builder jdbcUrl(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw InvalidInputException.of("jdbcUrl", "must start with jdbc:postgresql:", PgPool.mask(jdbcUrl));
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user to connect as with {@link #jdbcUrl}. */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /** The password of {@link #username}; never logged or shown by {@code toString()}. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The host's own connections (its pool and credentials); the store never closes it.
         * Mutually exclusive with {@link #jdbcUrl}, {@link #username}, {@link #password},
         * {@link #maximumPoolSize} and {@link #poolName}.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The schema of RagStore's tables (default {@code ragstore}); created by the migration.
         *
         * @throws InvalidInputException unless it matches {@value PgSchema#RULE}
         */
        public Builder schema(String schema) {
            this.schema = new PgSchema(schema);
            return this;
        }

        /**
         * Connections of the pool built from {@link #jdbcUrl} (default 10).
         *
         * @throws InvalidInputException unless 1 to 1,000 connections
         */
        public Builder maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1 || maximumPoolSize > PostgresSettings.MAX_POOL_SIZE) {
                throw InvalidInputException.of("maximumPoolSize", "must be between 1 and "
                        + PostgresSettings.MAX_POOL_SIZE + " connections", maximumPoolSize);
            }
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /**
         * Whether every transaction sets the row-level-security scope (default {@code true}).
         * When {@code false} the policies still exist but every transaction runs in the admin
         * scope, and isolation rests on the owner predicate every statement carries.
         */
        public Builder rowLevelSecurity(boolean rowLevelSecurity) {
            this.rowLevelSecurity = rowLevelSecurity;
            return this;
        }

        /**
         * Whether {@link #build()} migrates the schema with Flyway (default {@code true}); when
         * {@code false} it only checks that the tables exist.
         */
        public Builder migrateOnStart(boolean migrateOnStart) {
            this.migrateOnStart = migrateOnStart;
            return this;
        }

        /**
         * The name of the pool built from {@link #jdbcUrl} and of the store in logs and messages
         * (default {@code ragstore}).
         */
        public Builder poolName(String poolName) {
            this.poolName = Checks.name("poolName", poolName);
            return this;
        }

        /**
         * The role that owns the schema, when the pool of {@link #jdbcUrl} connects as another (the
         * runtime role): migrations, schema changes (pgvector spaces) and the admin token run as it,
         * and it grants the runtime role the rows of RagStore's tables, never the tables. So the
         * runtime role can neither switch row-level security off nor make itself admin
         * (docs/security.md). The password is never logged.
         */
        public Builder migrationCredentials(String username, String password) {
            this.migrationUsername = Checks.name("migrationCredentials username", username);
            this.migrationPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Like {@link #migrationCredentials}, as connections of the schema's owner from the host
         * (with {@link #dataSource} or {@link #jdbcUrl}); the store never closes it.
         */
        public Builder migrationDataSource(DataSource migrationDataSource) {
            this.migrationDataSource = Objects.requireNonNull(migrationDataSource, "migrationDataSource");
            return this;
        }

        /**
         * Installs a sibling module in the store (see {@link PgExtension}), e.g.
         * {@code install(PgVectorIndex.extension())} or {@code install(MilvusOutbox.extension())}:
         * its migrations run with the store's, and its hooks inside the store's chunk and delete
         * transactions, in installation order.
         *
         * @throws InvalidInputException if an extension of the same name is already installed
         */
        public Builder install(PgExtension extension) {
            Objects.requireNonNull(extension, "extension");
            String name = Objects.requireNonNull(extension.name(), "extension.name()");
            for (PgExtension installed : extensions) {
                if (installed.name().equals(name)) {
                    throw InvalidInputException.of("extension", "must be installed once per store", name);
                }
            }
            this.extensions.add(extension);
            return this;
        }

        /**
         * Connects, migrates (or checks) the schema and returns the started store.
         *
         * @throws InvalidInputException naming the setting when the configuration is incomplete or
         *         contradictory, or when the schema is not migrated and {@code migrateOnStart(false)}
         * @throws dev.ragstore.core.error.StoreUnavailableException if PostgreSQL cannot be reached,
         *         refuses the credentials, or a migration fails
         */
        public PostgresStore build() {
            PostgresSettings settings = settings();
            DataSource owner = migrationDataSource;
            if (migrationUsername != null) {
                if (migrationDataSource != null) {
                    throw InvalidInputException.withoutValue("migrationCredentials",
                            "must not be set together with migrationDataSource(): set one of them");
                }
                if (jdbcUrl == null) {
                    throw InvalidInputException.withoutValue("migrationCredentials",
                            "applies only with jdbcUrl(); with dataSource() give migrationDataSource()");
                }
                owner = PgPool.unpooled(jdbcUrl, migrationUsername, migrationPassword);
            }
            return PostgresStarter.start(settings, dataSource, password, owner, extensions);
        }

        /** The configuration so far, with the password masked. */
        @Override
        public String toString() {
            return "PostgresStore.Builder[" + unchecked() + "]";
        }

        private PostgresSettings settings() {
            if (dataSource != null) {
                if (jdbcUrl != null) {
                    throw InvalidInputException.withoutValue("jdbcUrl", "must not be set together with dataSource(): set one of them");
                }
                for (String[] setting : new String[][] {{"username", username}, {"password", password},
                        {"poolName", poolName}, {"maximumPoolSize", maximumPoolSize == null ? null : "set"}}) {
                    if (setting[1] != null) {
                        throw InvalidInputException.withoutValue(setting[0],
                                "applies only to the pool built from jdbcUrl(); configure it on your DataSource instead");
                    }
                }
            } else if (jdbcUrl == null) {
                throw InvalidInputException.withoutValue("jdbcUrl",
                        "or dataSource() must be set, e.g. jdbcUrl(\"jdbc:postgresql://127.0.0.1:5432/ragstore\")");
            }
            return unchecked();
        }

        private PostgresSettings unchecked() {
            return new PostgresSettings(jdbcUrl, username, password != null, dataSource != null, schema,
                    maximumPoolSize == null ? PostgresSettings.DEFAULT_POOL_SIZE : maximumPoolSize, rowLevelSecurity,
                    migrateOnStart, poolName == null ? PostgresSettings.DEFAULT_POOL_NAME : poolName);
        }
    }
}
