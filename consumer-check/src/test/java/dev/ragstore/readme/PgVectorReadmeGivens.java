package dev.ragstore.readme;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.UserId;
import dev.ragstore.pgvector.PgVectorIndex;
import dev.ragstore.postgres.PostgresStore;

import java.util.List;

/** The free variables of store-pgvector/README.md's blocks (compiled, not run: they need a server). */
public class PgVectorReadmeGivens extends Givens {
    protected PostgresStore store;
    protected RagStore rag;
    protected PgVectorIndex vectors;
    protected Embedder myEmbedder;
    protected UserId owner;
    protected UserId aliceId;
    protected KnowledgeBaseId kb;
    protected KnowledgeBase scans;
    protected DocumentSource source;
    protected List<Embedding> queryTokenVectors;
}
