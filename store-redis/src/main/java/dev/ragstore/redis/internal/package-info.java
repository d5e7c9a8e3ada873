/**
 * Implementation details of the Redis store: connection handling, Lua scripts, key layout,
 * error translation, outage tracking and JSON codecs. Carries no compatibility promise; host
 * code must not import it. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.redis.internal;
