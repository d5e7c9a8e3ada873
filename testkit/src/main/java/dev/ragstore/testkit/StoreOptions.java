package dev.ragstore.testkit;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.TextExtractor;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What a facade contract needs the store under test to be built with. A subclass's
 * {@code newStore(StoreOptions)} must apply every component, most simply with
 * {@link #applyTo(RagStore.Builder)}:
 *
 * <pre>{@code
 * protected RagStore newStore(StoreOptions options) {
 *     return options.applyTo(RagStore.builder().relationalStore(myStore)).build();
 * }
 * }</pre>
 *
 * {@link #toString()} never shows the sealing key.
 *
 * @param clock          the clock of timestamps, usage days and key expiry
 * @param sealingKey     the AES key model-profile secrets are sealed with, or {@code null} for a
 *                       store that has none
 * @param embedder       the embedder of ingestion and text queries
 * @param textExtractors extractors to add before the built-in ones (the kit adds
 *                       {@link PagedTextExtractor} to test pages)
 */
public record StoreOptions(Clock clock, SecretKey sealingKey, Embedder embedder, List<TextExtractor> textExtractors) {

    public StoreOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(embedder, "embedder");
        textExtractors = List.copyOf(textExtractors);
    }

    /** These options with another embedder. */
    public StoreOptions withEmbedder(Embedder replacement) {
        return new StoreOptions(clock, sealingKey, replacement, textExtractors);
    }

    /** These options with another sealing key, or none ({@code null}). */
    public StoreOptions withSealingKey(SecretKey replacement) {
        return new StoreOptions(clock, replacement, embedder, textExtractors);
    }

    /**
     * Sets clock, embedder, sealing key (when present) and text extractors on {@code builder}
     * and returns it.
     */
    public RagStore.Builder applyTo(RagStore.Builder builder) {
        builder.clock(clock).embedder(embedder);
        if (sealingKey != null) {
            builder.sealingKey(sealingKey);
        }
        for (TextExtractor extractor : textExtractors) {
            builder.textExtractor(extractor);
        }
        return builder;
    }

    @Override
    public String toString() {
        return "StoreOptions[clock=" + clock + ", sealingKey=" + (sealingKey == null ? "none" : "***")
                + ", embedder=" + embedder.space() + ", textExtractors=" + textExtractors + "]";
    }
}
