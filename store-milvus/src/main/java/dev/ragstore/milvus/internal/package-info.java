/**
 * Implementation of the Milvus adapter: connection and error translation, collection layout, the
 * filter translator, row encoding, searches and the outbox's SQL. No compatibility promise: host
 * code must not use these types. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.milvus.internal;
