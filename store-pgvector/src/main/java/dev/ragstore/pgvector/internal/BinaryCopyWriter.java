package dev.ragstore.pgvector.internal;

import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.internal.HalfFloat;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's binary {@code COPY} format to a {@link CopyIn}, buffering up to
 * 256 KiB between writes. Field encodings follow each type's binary send/receive functions:
 * uuid (16 bytes), int4, timestamptz (microseconds since 2000-01-01 UTC), text (UTF-8), jsonb
 * (version byte 1 then the JSON text), pgvector {@code vector} (int16 dimension, int16 zero,
 * float4 values) and {@code halfvec} (int16 dimension, int16 zero, binary16 values). Not
 * thread-safe; one writer per {@code COPY}.
 */
public final class BinaryCopyWriter {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int FLUSH_AT = 256 * 1024;
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final CopyIn copy;
    private byte[] buffer = new byte[FLUSH_AT + 64 * 1024];
    private int position;

    /** Starts the stream on {@code copy}, which must be a {@code COPY ... FROM STDIN (FORMAT binary)}. */
    public BinaryCopyWriter(CopyIn copy) {
        this.copy = copy;
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
        position = SIGNATURE.length;
        putInt(0);
        putInt(0);
    }

    /** Begins a row of {@code fields} fields; flushes when the buffer is full. */
    public void startRow(int fields) throws SQLException {
        if (position >= FLUSH_AT) {
            flush();
        }
        ensure(2);
        putShort(fields);
    }

    public void nullField() {
        ensure(4);
        putInt(-1);
    }

    public void uuid(UUID value) {
        ensure(20);
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
    }

    public void int4(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
    }

    /** An int4 field, or NULL when {@code value} is {@code null}. */
    public void int4OrNull(Integer value) {
        if (value == null) {
            nullField();
        } else {
            int4(value);
        }
    }

    public void timestamptz(Instant value) {
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                value.getNano() / 1_000);
        ensure(12);
        putInt(8);
        putLong(micros);
    }

    public void text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length);
        putInt(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    public void jsonb(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ensure(5 + bytes.length);
        putInt(bytes.length + 1);
        buffer[position++] = 1;
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** A pgvector {@code vector} field. */
    public void vector(Embedding embedding) {
        int dimension = embedding.dimension();
        ensure(8 + 4 * dimension);
        putInt(4 + 4 * dimension);
        putShort(dimension);
        putShort(0);
        for (int i = 0; i < dimension; i++) {
            putInt(Float.floatToRawIntBits(embedding.get(i)));
        }
    }

    /**
     * A pgvector {@code halfvec} field. Every value must be within the half-precision range
     * (checked by {@link VectorCodec#check}).
     */
    public void halfvec(Embedding embedding) {
        int dimension = embedding.dimension();
        ensure(8 + 2 * dimension);
        putInt(4 + 2 * dimension);
        putShort(dimension);
        putShort(0);
        for (int i = 0; i < dimension; i++) {
            short bits = HalfFloat.fromFloat(embedding.get(i));
            if (!HalfFloat.isFinite(bits)) {
                throw new IllegalStateException("halfvec value out of range at index " + i + " (unchecked input)");
            }
            putShort(bits);
        }
    }

    /** Writes the trailer, sends the rest and ends the {@code COPY}; returns the number of rows. */
    public long finish() throws SQLException {
        ensure(2);
        putShort(-1);
        flush();
        return copy.endCopy();
    }

    private void flush() throws SQLException {
        if (position > 0) {
            copy.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }

    private void ensure(int bytes) {
        if (position + bytes > buffer.length) {
            byte[] larger = new byte[Math.max(buffer.length * 2, position + bytes)];
            System.arraycopy(buffer, 0, larger, 0, position);
            buffer = larger;
        }
    }

    private void putShort(int value) {
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
