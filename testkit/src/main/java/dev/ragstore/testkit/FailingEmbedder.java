package dev.ragstore.testkit;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.spi.Embedder;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Embedder} that lets its first calls through, then fails a number of calls with an
 * {@link InjectedFailure}, then works again: the crash of an embedding service halfway through an
 * ingestion, for testing that ingestion resumes without duplicates. Thread-safe.
 */
public final class FailingEmbedder implements Embedder {

    /** The text of every injected failure's message, so tests can find it in stored error messages. */
    public static final String FAILURE_MESSAGE = "injected embedder failure";

    private final Embedder delegate;
    private final int successesBefore;
    private final int failures;
    private final int maxBatchSize;
    private final AtomicInteger calls = new AtomicInteger();

    private FailingEmbedder(Embedder delegate, int successesBefore, int failures, int maxBatchSize) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (successesBefore < 0 || failures < 0 || maxBatchSize < 1) {
            throw new IllegalArgumentException("successesBefore and failures must be >= 0 and maxBatchSize >= 1, but were "
                    + successesBefore + ", " + failures + ", " + maxBatchSize);
        }
        this.successesBefore = successesBefore;
        this.failures = failures;
        this.maxBatchSize = maxBatchSize;
    }

    /** Fails the first {@code failures} calls, then delegates. */
    public static FailingEmbedder failingFirst(Embedder delegate, int failures) {
        return new FailingEmbedder(delegate, 0, failures, delegate.maxBatchSize());
    }

    /**
     * Delegates {@code successesBefore} calls, fails the next {@code failures}, then delegates
     * again; batches hold at most {@code maxBatchSize} texts so that a multi-chunk document
     * needs several calls.
     */
    public static FailingEmbedder failingAfter(Embedder delegate, int successesBefore, int failures, int maxBatchSize) {
        return new FailingEmbedder(delegate, successesBefore, failures, maxBatchSize);
    }

    /** How many times {@link #embed} was called, failed calls included. */
    public int calls() {
        return calls.get();
    }

    @Override
    public EmbeddingSpace space() {
        return delegate.space();
    }

    /**
     * Delegates, or throws {@link InjectedFailure} when this call is one of the failing ones.
     */
    @Override
    public List<Embedding> embed(List<String> texts) {
        int call = calls.incrementAndGet();
        if (call > successesBefore && call <= successesBefore + failures) {
            throw new InjectedFailure(FAILURE_MESSAGE + " (call " + call + " of " + texts.size() + " texts)");
        }
        return delegate.embed(texts);
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public String toString() {
        return "FailingEmbedder[" + delegate.space().name() + ", successesBefore=" + successesBefore + ", failures="
                + failures + ", calls=" + calls.get() + "]";
    }

    /** The failure a {@link FailingEmbedder} injects; stands for an embedding service that went down. */
    public static final class InjectedFailure extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
