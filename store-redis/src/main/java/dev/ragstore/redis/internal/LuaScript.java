package dev.ragstore.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which also caches it on the
 * server) when the server does not know it yet, e.g. after a restart or a failover. All keys a
 * script touches are passed in {@code KEYS} and share one hash slot, so scripts run unchanged on
 * Redis Cluster. Thread-safe (immutable).
 */
public final class LuaScript {

    private final String source;
    private final String sha1;
    private final ScriptOutputType output;

    private LuaScript(String source, ScriptOutputType output) {
        this.source = source;
        this.output = output;
        this.sha1 = sha1(source);
    }

    /** A script whose reply is read as {@code output}. */
    public static LuaScript of(String source, ScriptOutputType output) {
        return new LuaScript(source, output);
    }

    /**
     * Runs the script; Lettuce exceptions propagate untranslated.
     *
     * @param <T> {@code Long} for INTEGER, {@code List<Object>} for MULTI, {@code String} for VALUE/STATUS
     */
    public <T> T run(RedisClusterCommands<String, String> commands, String[] keys, String... args) {
        try {
            return commands.evalsha(sha1, output, keys, args);
        } catch (RedisNoScriptException unknown) {
            return commands.eval(source, output, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
