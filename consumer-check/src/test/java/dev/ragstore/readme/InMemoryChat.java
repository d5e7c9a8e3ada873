package dev.ragstore.readme;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.user.NewUser;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A user of an in-memory store with a knowledge base of one document and a chat session holding
 * one question: the blocks of README.md that take a scope run on it.
 */
public class InMemoryChat extends Givens implements AutoCloseable {
    protected final RagStore store = RagStore.inMemory();
    protected final UserScope scope = store.forUser(
            store.admin().createUser(NewUser.of("alice", "correct horse battery")).id());
    protected final ChatSession session = scope.chats().create("quotas");
    protected final Message question = scope.chats().append(session.id(),
            NewMessage.user(null, "how are quotas enforced", 5));
    protected final String text = "Per user and day, by the plan's token limit.";
    protected final int tokens = 12;
    protected final String requestId = "request-1";
    protected final long embeddingTokens = 30;
    protected final List<Embedding> colbertQueryVectors;

    public InMemoryChat() {
        KnowledgeBase kb = scope.knowledgeBases().create("docs", "", Map.of("lang", "en"));
        scope.documents().ingest(kb.id(), DocumentSource.builder("quotas.md", "text/markdown",
                "Quotas are enforced per user and day.".getBytes(StandardCharsets.UTF_8))
                .metadata(Map.of("lang", "en", "year", 2025, "path", "reports/2024_q1.md")).build());
        colbertQueryVectors = HashingEmbedder.create(384).embed(List.of("quotas", "enforced"));   // the in-memory default space
    }

    @Override
    public void close() {
        store.close();
    }
}
