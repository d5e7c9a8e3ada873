/**
 * Usage metering: daily token, message, document and session counters per user, and the repository port
 * adapters implement. Every increment is atomic, so concurrent callers never lose an update.
 * Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.usage;
