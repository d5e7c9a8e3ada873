/**
 * The search model (requests, hits, modes, reciprocal rank fusion) and the
 * {@link dev.ragstore.core.search.VectorIndex} port. Everything is non-null unless documented
 * otherwise.
 */
package dev.ragstore.core.search;
