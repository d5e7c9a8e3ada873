/**
 * The Redis adapter: {@link dev.ragstore.redis.RedisStore} implements the ephemeral ports
 * (session tokens, rate limits, locks, job progress, cache) on Lettuce, and
 * {@link dev.ragstore.redis.RedisCachedRelationalStore} puts a read-through and recent-messages
 * cache in front of any relational store. Keys follow the seeds' layout under a configurable
 * prefix and use hash tags so the same code runs on Redis Cluster. Everything is non-null
 * unless documented otherwise.
 */
package dev.ragstore.redis;
