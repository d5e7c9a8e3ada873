package dev.ragstore.core.memory;

import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserRepository;

/**
 * A {@link RelationalStore} that keeps every aggregate in memory: the embedded default and the
 * reference behaviour for the other adapters.
 *
 * <p>Thread-safe. Every repository call runs under one read-write lock, so compound writes
 * (append with counters and usage, chunk replacement, cascades) are atomic and reads never see
 * half of one. Records are stored as given; {@code update} methods replace only the fields
 * their port lists and keep the rest as stored. Beyond the port contracts, rows that name an
 * owner or author need that user to exist ({@link dev.ragstore.core.error.NotFoundException}
 * "user"), as a foreign key would, and a duplicate id is a
 * {@link dev.ragstore.core.error.ConflictException} with rule {@code <entity>.id.unique}. Names
 * that must be unique are compared exactly as given (case-sensitive).
 *
 * <p>After {@link #close()} every repository call throws a non-retryable
 * {@link dev.ragstore.core.error.StoreUnavailableException}. Use {@link InMemorySnapshot} to save
 * the content to a file.
 */
public final class InMemoryRelationalStore implements RelationalStore {

    private final MemoryTables tables = new MemoryTables();
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

    private InMemoryRelationalStore() {
        Cascades cascades = new Cascades(tables);
        users = new MemoryUserRepository(tables, cascades);
        plans = new MemoryPlanRepository(tables);
        apiKeys = new MemoryApiKeyRepository(tables);
        knowledgeBases = new MemoryKnowledgeBaseRepository(tables, cascades);
        documents = new MemoryDocumentRepository(tables, cascades);
        chunks = new MemoryChunkRepository(tables);
        chats = new MemoryChatRepository(tables, cascades);
        usage = new MemoryUsageRepository(tables);
        modelProfiles = new MemoryModelProfileRepository(tables);
        audit = new MemoryAuditRepository(tables);
    }

    /** A new, empty store. */
    public static InMemoryRelationalStore create() {
        return new InMemoryRelationalStore();
    }

    /** Always {@code "memory"}. */
    @Override
    public String name() {
        return "memory";
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

    /** Drops nothing but makes every later call fail; idempotent. */
    @Override
    public void close() {
        tables.close();
    }

    /** The tables, for {@link InMemorySnapshot}. */
    MemoryTables tables() {
        return tables;
    }
}
