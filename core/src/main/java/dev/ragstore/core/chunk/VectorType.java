package dev.ragstore.core.chunk;

/** How a space stores vector components: 32-bit floats or 16-bit half floats. */
public enum VectorType {
    FLOAT32,
    FLOAT16
}
