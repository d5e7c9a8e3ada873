package dev.ragstore.testkit;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.MultiVectorEmbedder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link MultiVectorEmbedder} standing in for ColBERT: each distinct lower-cased word of a text
 * (at most {@value #MAX_TOKENS}) becomes one vector, the single-vector embedding of that word by
 * the delegate, so a query word found in a chunk scores a cosine of 1 under MaxSim. {@link #embed}
 * delegates unchanged (one pooled vector per text). Thread-safe as its delegate.
 */
public final class TokenVectorEmbedder implements MultiVectorEmbedder {

    /** The most token vectors one text gets. */
    public static final int MAX_TOKENS = 64;

    private final Embedder delegate;

    /** Token vectors by {@code delegate}, in its space. */
    public TokenVectorEmbedder(Embedder delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public EmbeddingSpace space() {
        return delegate.space();
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        return delegate.embed(texts);
    }

    @Override
    public List<List<Embedding>> embedMulti(List<String> texts) {
        List<List<Embedding>> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            Set<String> words = new LinkedHashSet<>();
            for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty() && words.size() < MAX_TOKENS) {
                    words.add(word);
                }
            }
            if (words.isEmpty()) {
                words.add(text);
            }
            result.add(delegate.embed(List.copyOf(words)));
        }
        return result;
    }

    @Override
    public int maxBatchSize() {
        return delegate.maxBatchSize();
    }

    @Override
    public String toString() {
        return "TokenVectorEmbedder[" + delegate.space() + "]";
    }
}
