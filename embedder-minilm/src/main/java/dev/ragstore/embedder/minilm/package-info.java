/**
 * An in-process {@link dev.ragstore.core.spi.Embedder} for RagStore: the sentence-transformers
 * model all-MiniLM-L6-v2 run by ONNX Runtime from a Maven Central jar, with nothing downloaded
 * at run time. Optional: add {@code ragstore-embedder-minilm} only when you want it.
 */
package dev.ragstore.embedder.minilm;
