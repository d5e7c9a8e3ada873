package dev.ragstore.readme;

import dev.ragstore.core.spi.Embedder;

/** The free variables of store-milvus/README.md's block (compiled, not run: it needs servers). */
public class MilvusReadmeGivens extends Givens {
    protected String url;
    protected String user;
    protected String password;
    protected Embedder embedder;
}
