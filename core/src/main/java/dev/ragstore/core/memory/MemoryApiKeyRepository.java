package dev.ragstore.core.memory;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** API keys in memory. The owner must exist ({@link dev.ragstore.core.error.NotFoundException} "user" otherwise). */
final class MemoryApiKeyRepository implements ApiKeyRepository {

    private final MemoryTables tables;

    MemoryApiKeyRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public ApiKey insert(ApiKey key) {
        Objects.requireNonNull(key, "key");
        return tables.write(() -> {
            if (tables.apiKeys.contains(key.id().value())) {
                throw new ConflictException("api_key.id.unique", "api key id '" + key.id() + "' is already taken");
            }
            if (tables.apiKeyIdsByPrefix.containsKey(key.prefix())) {
                throw new ConflictException("api_key.prefix.unique", "api key prefix '" + key.prefix() + "' is already taken");
            }
            tables.requireUser(key.ownerId());
            tables.putApiKey(key);
            return key;
        });
    }

    @Override
    public Optional<ApiKey> findByPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return tables.read(() -> Optional.ofNullable(tables.apiKeyIdsByPrefix.get(prefix)).map(tables.apiKeys::get));
    }

    @Override
    public List<ApiKey> list(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        return tables.read(() -> List.copyOf(tables.apiKeys.ofOwner(owner.value()).values()));
    }

    @Override
    public boolean delete(UserId owner, ApiKeyId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return tables.write(() -> {
            if (tables.apiKeys.get(owner.value(), id.value()) == null) {
                return false;
            }
            tables.removeApiKey(id.value());
            return true;
        });
    }

    @Override
    public void touch(ApiKeyId id, Instant usedAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(usedAt, "usedAt");
        tables.writeRun(() -> {
            ApiKey k = tables.apiKeys.get(id.value());
            if (k != null) {
                tables.putApiKey(new ApiKey(k.id(), k.ownerId(), k.name(), k.prefix(), k.secretHash(), k.rateLimitPerMinute(),
                        k.expiresAt(), usedAt, k.createdAt()));
            }
        });
    }
}
