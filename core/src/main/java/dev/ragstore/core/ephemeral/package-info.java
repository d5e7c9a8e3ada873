/**
 * Ports and values for ephemeral state: session tokens, rate limits, locks, job progress and
 * cache entries, each with a time to live. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.ephemeral;
