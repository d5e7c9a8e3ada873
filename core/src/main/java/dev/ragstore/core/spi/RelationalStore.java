package dev.ragstore.core.spi;

import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.chat.ChatRepository;
import dev.ragstore.core.chunk.ChunkRepository;
import dev.ragstore.core.document.DocumentRepository;
import dev.ragstore.core.knowledge.KnowledgeBaseRepository;
import dev.ragstore.core.model.ModelProfileRepository;
import dev.ragstore.core.plan.PlanRepository;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserRepository;

/**
 * Port: the store of record for every relational aggregate. An adapter (in-memory,
 * PostgreSQL) implements all repositories over one consistent store, so the cascade rules of
 * the domain hold across them.
 */
public interface RelationalStore extends AutoCloseable {

    /** A short name for messages and logs, e.g. {@code "postgresql"}. */
    String name();

    UserRepository users();

    PlanRepository plans();

    ApiKeyRepository apiKeys();

    KnowledgeBaseRepository knowledgeBases();

    DocumentRepository documents();

    ChunkRepository chunks();

    ChatRepository chats();

    UsageRepository usage();

    ModelProfileRepository modelProfiles();

    AuditRepository audit();

    /** Releases connections; later calls fail. */
    @Override
    void close();
}
