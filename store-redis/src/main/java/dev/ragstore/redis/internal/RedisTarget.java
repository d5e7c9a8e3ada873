package dev.ragstore.redis.internal;

import dev.ragstore.core.error.InvalidInputException;
import io.lettuce.core.RedisURI;

import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed Redis URI with renderings that never show credentials: {@link #display()} for logs
 * and {@code toString()}, {@link #address()} ({@code host:port}) for error messages.
 */
public final class RedisTarget {

    private final String raw;
    private final boolean cluster;
    private final String display;
    private final String address;

    private RedisTarget(String raw, boolean cluster, String display, String address) {
        this.raw = raw;
        this.cluster = cluster;
        this.display = display;
        this.address = address;
    }

    /**
     * Parses {@code uri}: {@code redis://}, {@code rediss://} or {@code redis-sentinel://} for a
     * standalone or Sentinel setup; {@code redis://} or {@code rediss://} (one seed node) for a
     * cluster.
     *
     * @param field the builder setting named in errors
     * @throws InvalidInputException if the URI cannot be parsed (the URI itself is not echoed,
     *         since it may hold a password)
     */
    public static RedisTarget parse(String field, String uri, boolean cluster) {
        Objects.requireNonNull(uri, field);
        String scheme = uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        boolean sentinel = scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel");
        if (!(scheme.equals("redis") || scheme.equals("rediss") || (sentinel && !cluster))) {
            throw InvalidInputException.withoutValue(field, "must start with " + (cluster ? "redis:// or rediss://"
                    : "redis://, rediss:// or redis-sentinel://") + ", but has scheme '" + scheme + "'");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw InvalidInputException.withoutValue(field, "must be a valid Redis URI (" + scheme + "://"
                    + (hasCredentials(uri) ? "***@" : "") + "host:port/db); it could not be parsed");
        }
        String hosts = sentinel
                ? parsed.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).collect(Collectors.joining(","))
                : parsed.getHost() + ":" + parsed.getPort();
        String display = scheme + "://" + (hasCredentials(uri) ? "***@" : "") + hosts + "/" + parsed.getDatabase()
                + (sentinel ? "#" + parsed.getSentinelMasterId() : "");
        String address = sentinel ? "sentinels " + hosts + " (master '" + parsed.getSentinelMasterId() + "')" : hosts;
        return new RedisTarget(uri, cluster, display, address);
    }

    /** A fresh Lettuce URI (Lettuce mutates the timeout of the one it is given). */
    public RedisURI toRedisUri() {
        return RedisURI.create(raw);
    }

    public boolean cluster() {
        return cluster;
    }

    /** The URI with any user name and password replaced by {@code ***}. */
    public String display() {
        return display;
    }

    /** {@code host:port} (or the Sentinel list) for error messages. */
    public String address() {
        return address;
    }

    @Override
    public String toString() {
        return display + (cluster ? " (cluster)" : "");
    }

    private static boolean hasCredentials(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return false;
        }
        String rest = uri.substring(start + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end).contains("@");
    }
}
