package dev.ragstore.core.spi;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A lexical stand-in for an embedding model, for tests and demos that run without one: texts
 * sharing words (or word fragments) get similar vectors, but meaning is not captured, so
 * synonyms and paraphrases are not close. Not for production retrieval.
 *
 * <p>Feature hashing: the text is lower-cased ({@link Locale#ROOT}) and split into tokens of
 * letters and digits. Each token adds weight 1 to one signed bucket, and each of its
 * {@code n} character trigrams (of {@code "<token>"}) adds the lower weight
 * {@code 1/sqrt(n)}, so the trigrams together weigh as much as the word (by L2 norm) and
 * morphological variants such as "indexing" and "indexes" end up close. A feature's bucket and sign come from the 64-bit FNV-1a hash of its UTF-8 bytes,
 * mixed with MurmurHash3's finalizer; no JVM-dependent hash is used, so vectors are identical
 * across JVMs (for text whose characters the JDKs' Unicode versions classify alike). The
 * vector is L2-normalized; a text without tokens (empty, blank, only punctuation) gets the
 * fixed unit vector with every component {@code 1/sqrt(dimension)}, so every result is finite.
 *
 * <p>Space {@code "hashing_<dimension>"}, model {@code "ragstore-hashing-v1"}, cosine, float32.
 * Immutable and thread-safe.
 */
public final class HashingEmbedder implements Embedder {

    /** The model name recorded in the space. */
    public static final String MODEL = "ragstore-hashing-v1";
    /** The most texts one {@link #embed} call takes. */
    public static final int MAX_BATCH_SIZE = 256;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TRIGRAM_SHARE = 1.0;

    private final EmbeddingSpace space;

    private HashingEmbedder(EmbeddingSpace space) {
        this.space = space;
    }

    /**
     * An embedder producing vectors of {@code dimension} components.
     *
     * @throws InvalidInputException if {@code dimension} is not within 1..{@value EmbeddingSpace#MAX_DIMENSION}
     */
    public static HashingEmbedder create(int dimension) {
        if (dimension < 1 || dimension > EmbeddingSpace.MAX_DIMENSION) {
            // Checked here too, so the message names the dimension and not the derived space name.
            throw InvalidInputException.of("embedding space dimension", "must be between 1 and " + EmbeddingSpace.MAX_DIMENSION, dimension);
        }
        return new HashingEmbedder(EmbeddingSpace.of("hashing_" + dimension, MODEL, dimension, DistanceMetric.COSINE));
    }

    /** The space {@code hashing_<dimension>} with model {@value #MODEL}, cosine metric, float32. */
    @Override
    public EmbeddingSpace space() {
        return space;
    }

    /**
     * One unit vector per text, in order.
     *
     * @throws InvalidInputException if more than {@value #MAX_BATCH_SIZE} texts are given
     */
    @Override
    public List<Embedding> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.size() > MAX_BATCH_SIZE) {
            throw InvalidInputException.of("texts", "must have at most " + MAX_BATCH_SIZE + " entries per embed call", texts.size());
        }
        List<Embedding> embeddings = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            embeddings.add(embedOne(Objects.requireNonNull(texts.get(i), "texts[" + i + "]")));
        }
        return List.copyOf(embeddings);
    }

    /** Always {@value #MAX_BATCH_SIZE}. */
    @Override
    public int maxBatchSize() {
        return MAX_BATCH_SIZE;
    }

    private Embedding embedOne(String text) {
        double[] vector = new double[space.dimension()];
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            int cp = lower.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < lower.length() && Character.isLetterOrDigit(lower.codePointAt(i))) {
                i += Character.charCount(lower.codePointAt(i));
            }
            addToken(vector, lower.substring(start, i));
        }
        return Embedding.of(normalize(vector));
    }

    private static void addToken(double[] vector, String token) {
        add(vector, hash('w', token.codePoints().toArray(), 0, token.codePointCount(0, token.length())), 1.0);
        int[] padded = ("<" + token + ">").codePoints().toArray();
        int trigrams = padded.length - 2;
        double weight = TRIGRAM_SHARE / Math.sqrt(trigrams);
        for (int t = 0; t < trigrams; t++) {
            add(vector, hash('g', padded, t, 3), weight);
        }
    }

    private static void add(double[] vector, long hash, double weight) {
        int bucket = (int) Long.remainderUnsigned(hash, vector.length);
        vector[bucket] += hash < 0 ? -weight : weight;
    }

    /** FNV-1a over the UTF-8 bytes of {@code kind} followed by the code points, then fmix64. */
    static long hash(char kind, int[] codePoints, int from, int count) {
        long h = (FNV_OFFSET ^ kind) * FNV_PRIME;
        for (int k = from; k < from + count; k++) {
            int cp = codePoints[k];
            if (cp < 0x80) {
                h = (h ^ cp) * FNV_PRIME;
            } else if (cp < 0x800) {
                h = (h ^ (0xC0 | cp >>> 6)) * FNV_PRIME;
                h = (h ^ (0x80 | cp & 0x3F)) * FNV_PRIME;
            } else if (cp < 0x10000) {
                h = (h ^ (0xE0 | cp >>> 12)) * FNV_PRIME;
                h = (h ^ (0x80 | cp >>> 6 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | cp & 0x3F)) * FNV_PRIME;
            } else {
                h = (h ^ (0xF0 | cp >>> 18)) * FNV_PRIME;
                h = (h ^ (0x80 | cp >>> 12 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | cp >>> 6 & 0x3F)) * FNV_PRIME;
                h = (h ^ (0x80 | cp & 0x3F)) * FNV_PRIME;
            }
        }
        return fmix64(h);
    }

    /** MurmurHash3's 64-bit finalizer: spreads every input bit over the low and high bits. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static float[] normalize(double[] vector) {
        double sum = 0;
        for (double v : vector) {
            sum += v * v;
        }
        float[] unit = new float[vector.length];
        if (sum == 0) {
            // No tokens, or features that cancelled out: a fixed unit vector keeps cosine defined.
            Arrays.fill(unit, (float) (1 / Math.sqrt(vector.length)));
            return unit;
        }
        double norm = Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
