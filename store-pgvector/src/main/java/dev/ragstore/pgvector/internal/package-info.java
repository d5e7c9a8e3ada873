/**
 * Implementation of the pgvector index: SQL text, binary COPY encoding, the space registry and
 * the search statements. No compatibility promise: host applications must not import this package.
 */
package dev.ragstore.pgvector.internal;
