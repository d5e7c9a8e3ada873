/**
 * Documents of a knowledge base: the {@link dev.ragstore.core.document.Document} record and its
 * status, the source bytes to ingest, the per-user {@link dev.ragstore.core.document.Documents} view,
 * ingestion listeners and results, and the repository port adapters implement. The same bytes
 * ingested twice into one knowledge base give the same document. Everything is non-null unless
 * documented otherwise.
 */
package dev.ragstore.core.document;
