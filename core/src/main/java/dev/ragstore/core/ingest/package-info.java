/**
 * The built-in ingestion steps: text extractors for plain text, Markdown, CSV and HTML
 * ({@link dev.ragstore.core.ingest.TextExtractors#defaults()}) and the default
 * {@link dev.ragstore.core.ingest.RecursiveChunker}. All are immutable, deterministic and
 * thread-safe. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.ingest;
