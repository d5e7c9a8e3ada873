package dev.ragstore.readme;

import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.UserId;

/** The free variables of README.md's wiring blocks (compiled, not run: they need servers). */
public class ReadmeGivens extends Givens {
    protected String secret;
    protected String url;
    protected String user;
    protected String pw;
    protected Embedder embedder;
    protected UserId userId;
    protected KnowledgeBaseId knowledgeBaseId;
}
