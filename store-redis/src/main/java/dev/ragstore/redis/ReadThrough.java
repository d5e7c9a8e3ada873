package dev.ragstore.redis;

import dev.ragstore.core.internal.RecordJson;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.redis.internal.SecretMemory;
import dev.ragstore.redis.internal.VersionedCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The read-through step shared by the cached repositories: serve a current entry, else load from
 * the store of record and fill with the ticket of the miss. Inside a transaction of the store of
 * record on this thread, reads go to the store (own writes visible, nothing uncommitted cached),
 * and invalidations wait for the transaction to end. An entry that cannot be decoded or
 * fails {@code accept} (e.g. another owner's record) is never served: the read goes to the store.
 */
final class ReadThrough {

    private static final Logger LOG = LoggerFactory.getLogger(ReadThrough.class);

    private final RedisStore redis;
    private final RelationalStore relational;

    /**
     * @param relational the store of record, whose transactions invalidations wait for
     */
    ReadThrough(RedisStore redis, RelationalStore relational) {
        this.redis = redis;
        this.relational = relational;
    }

    /**
     * Invalidates {@code key} once the write that made it stale is committed (or rolled back):
     * never before, or a read between the invalidation and the commit would re-cache the old row
     * for the TTL. Outside a transaction the write has committed already and this runs at once.
     */
    void invalidate(String key) {
        relational.afterCompletion(() -> redis.records().invalidate(key));
    }

    /** Whether this thread runs a transaction of the store of record: reads then bypass the cache. */
    boolean inTransaction() {
        return relational.inTransactionOnThisThread();
    }

    /** Bumps the generations once the write that made them stale has ended, like {@link #invalidate}. */
    void bumpGenerations(String... generationKeys) {
        relational.afterCompletion(() -> redis.records().bumpGenerations(generationKeys));
    }

    VersionedCache cache() {
        return redis.records();
    }

    RecordJson json() {
        return redis.json();
    }

    RedisStore redis() {
        return redis;
    }

    /**
     * @param generationKey owner generation the entry depends on, or {@code null}
     * @param accept        checked on every cached value before it is served
     */
    <T> Optional<T> find(String key, String generationKey, Class<T> type, Predicate<T> accept, Supplier<Optional<T>> load) {
        if (inTransaction()) {
            // the transaction sees its own writes, and nothing uncommitted may reach the cache
            return load.get();
        }
        Function<String, T> decode = text -> json().read(text, type);
        Function<T, String> encode = json()::write;
        VersionedCache.Lookup lookup = redis.records().read(key, generationKey);
        if (lookup.hit()) {
            T cached;
            try {
                cached = decodeOrNull(key, lookup.data(), decode);
            } catch (SecretMemory.NotHeld secretElsewhere) {
                // A current entry whose secret this process does not hold: read the store of record and
                // remember the secret (encoding does), leaving the entry to the processes that hold it.
                Optional<T> loaded = load.get();
                loaded.ifPresent(value -> encodeOrNull(key, value, encode));
                return loaded;
            }
            if (cached != null && accept.test(cached)) {
                return Optional.of(cached);
            }
            redis.records().invalidate(key);
            return load.get();
        }
        Optional<T> loaded = load.get();
        if (loaded.isPresent() && lookup.ticket() != null) {
            String encoded = encodeOrNull(key, loaded.get(), encode);
            if (encoded != null) {
                redis.records().fill(lookup.ticket(), encoded);
            }
        }
        return loaded;
    }

    /**
     * The decoded value, or {@code null} if it is malformed (an entry of an older format included);
     * {@link SecretMemory.NotHeld} propagates.
     */
    static <T> T decodeOrNull(String key, String data, Function<String, T> decode) {
        try {
            return decode.apply(data);
        } catch (SecretMemory.NotHeld notHeld) {
            throw notHeld;
        } catch (RuntimeException malformed) {
            LOG.debug("ignoring undecodable cache entry {}", key, malformed);
            return null;
        }
    }

    static <T> String encodeOrNull(String key, T value, Function<T, String> encode) {
        try {
            return encode.apply(value);
        } catch (RuntimeException unencodable) {
            LOG.debug("not caching {}: cannot encode it", key, unencodable);
            return null;
        }
    }
}
