package dev.ragstore.core.apikey;

import java.util.Objects;

/**
 * A newly created key together with its full secret token ({@code prefix.secret}). This is
 * the only time the token is available; RagStore keeps just its hash. {@link #toString()}
 * masks the token.
 */
public record IssuedApiKey(ApiKey key, String token) {

    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "IssuedApiKey[key=" + key + ", token=" + key.prefix() + ".***]";
    }
}
