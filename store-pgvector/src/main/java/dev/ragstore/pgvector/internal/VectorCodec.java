package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.HalfFloat;

import java.util.List;

/**
 * Checks vectors against a space and renders pgvector's text form ({@code [1.0,2.5]}), used for
 * query parameters; stored vectors go through {@link BinaryCopyWriter}. Stateless.
 */
public final class VectorCodec {

    private VectorCodec() {
    }

    /**
     * Checks that {@code embedding} fits {@code space}: its dimension, and for a
     * {@link VectorType#FLOAT16} space that every value is within ±{@value HalfFloat#MAX_VALUE}.
     *
     * @param field the name used in the error, e.g. {@code "chunk vector"}
     * @throws InvalidInputException naming the space, the rule and the offending dimension or index
     */
    public static void check(EmbeddingSpace space, Embedding embedding, String field) {
        if (embedding.dimension() != space.dimension()) {
            throw InvalidInputException.of(field + " dimension",
                    "must be " + space.dimension() + " for space '" + space.name() + "'", embedding.dimension());
        }
        if (space.vectorType() == VectorType.FLOAT16) {
            for (int i = 0; i < embedding.dimension(); i++) {
                if (!HalfFloat.fits(embedding.get(i))) {
                    throw InvalidInputException.withoutValue(field + "[" + i + "]",
                            "must be within ±" + (int) HalfFloat.MAX_VALUE + " for half-precision space '" + space.name() + "'");
                }
            }
        }
    }

    /** Checks every vector of {@code embeddings} with {@link #check}. */
    public static void checkAll(EmbeddingSpace space, List<Embedding> embeddings, String field) {
        for (Embedding embedding : embeddings) {
            check(space, embedding, field);
        }
    }

    /** pgvector's text form of {@code embedding}; every float is written so that it parses back exactly. */
    public static String literal(Embedding embedding) {
        StringBuilder text = new StringBuilder(embedding.dimension() * 12 + 2).append('[');
        for (int i = 0; i < embedding.dimension(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(embedding.get(i));
        }
        return text.append(']').toString();
    }

    /**
     * The embedding of pgvector's text form ({@code [1,2.5]}) of a {@code vector} or
     * {@code halfvec}; pgvector writes each value so that it parses back exactly.
     */
    public static Embedding parse(String text) {
        String body = text.substring(1, text.length() - 1);
        String[] parts = body.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return Embedding.of(values);
    }

    /** The text form of a {@code vector[]} (or {@code halfvec[]}) array of {@code embeddings}. */
    public static String arrayLiteral(List<Embedding> embeddings) {
        StringBuilder text = new StringBuilder().append('{');
        for (int i = 0; i < embeddings.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append('"').append(literal(embeddings.get(i))).append('"');
        }
        return text.append('}').toString();
    }
}
