package dev.ragstore.core;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.apikey.ApiKeys;
import dev.ragstore.core.apikey.IssuedApiKey;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.internal.ApiKeyTokens;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** The API keys of one user; only the hash of each secret is stored. */
final class DefaultApiKeys implements ApiKeys {

    /** Attempts at a fresh random prefix when one collides with an existing key's. */
    private static final int PREFIX_ATTEMPTS = 3;

    private final StoreContext context;
    private final UserId owner;

    DefaultApiKeys(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public IssuedApiKey create(String name, Instant expiresAt, int rateLimitPerMinute) {
        Checks.name("api key name", name);
        Checks.nonNegative("api key rate limit", rateLimitPerMinute);
        Instant now = context.now();
        Instant expiry = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
        if (expiry != null && !expiry.isAfter(now)) {
            throw InvalidInputException.of("api key expiresAt", "must be after the current time " + now, expiresAt);
        }
        Lookups.user(context, owner);
        for (int attempt = 1; ; attempt++) {
            ApiKeyTokens.Generated generated = context.apiKeyTokens().generate();
            ApiKey key = new ApiKey(new ApiKeyId(context.ids().next()), owner, name, generated.prefix(),
                    generated.secretHash(), rateLimitPerMinute, expiry, null, now);
            try {
                return new IssuedApiKey(context.relational().apiKeys().insert(key), generated.token());
            } catch (ConflictException e) {
                if (!"api_key.prefix.unique".equals(e.rule()) || attempt >= PREFIX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<ApiKey> list() {
        return context.relational().apiKeys().list(owner);
    }

    @Override
    public boolean revoke(ApiKeyId id) {
        Objects.requireNonNull(id, "id");
        return context.relational().apiKeys().delete(owner, id);
    }
}
