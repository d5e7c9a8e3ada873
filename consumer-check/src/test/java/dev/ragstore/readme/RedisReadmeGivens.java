package dev.ragstore.readme;

/** The free variables of store-redis/README.md's block (compiled, not run: it needs servers). */
public class RedisReadmeGivens extends Givens {
    protected String secret;
    protected String redisPassword;
}
