package dev.ragstore.postgres;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.apikey.ApiKeyId;
import dev.ragstore.core.apikey.ApiKeyRepository;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.ragstore.postgres.internal.PgHints;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * API keys on PostgreSQL. Owner calls run in the owner's scope; the lookup by prefix (which
 * authenticates a caller who is not known yet) and {@link #touch} run in the admin scope.
 */
final class PgApiKeyRepository implements ApiKeyRepository {

    private static final String COLUMNS =
            "id, owner_id, name, prefix, secret_hash, rate_limit_per_minute, expires_at, last_used_at, created_at";

    private final PgContext context;
    private final String insert;
    private final String findByPrefix;
    private final String list;
    private final String delete;
    private final String touch;

    PgApiKeyRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.api_keys (" + COLUMNS + ") VALUES (:id, :owner, :name, :prefix, "
                + ":secretHash, :rateLimit, :expiresAt, :lastUsedAt, :createdAt) RETURNING " + COLUMNS);
        this.findByPrefix = context.sql("SELECT " + COLUMNS + " FROM {schema}.api_keys WHERE prefix = :prefix");
        this.list = context.sql("SELECT " + COLUMNS + " FROM {schema}.api_keys WHERE owner_id = :owner ORDER BY id");
        this.delete = context.sql("DELETE FROM {schema}.api_keys WHERE owner_id = :owner AND id = :id");
        this.touch = context.sql("UPDATE {schema}.api_keys SET last_used_at = :usedAt WHERE id = :id");
    }

    @Override
    public ApiKey insert(ApiKey key) {
        Objects.requireNonNull(key, "key");
        PgHints hints = PgHints.none().with("id", key.id()).with("prefix", key.prefix());
        return context.tx().owner(key.ownerId(), hints, h -> h.createQuery(insert)
                .bind("id", key.id().value())
                .bind("owner", key.ownerId().value())
                .bind("name", key.name())
                .bind("prefix", key.prefix())
                .bind("secretHash", key.secretHash())
                .bind("rateLimit", key.rateLimitPerMinute())
                .bindByType("expiresAt", timestamp(key.expiresAt()), OffsetDateTime.class)
                .bindByType("lastUsedAt", timestamp(key.lastUsedAt()), OffsetDateTime.class)
                .bindByType("createdAt", timestamp(key.createdAt()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().apiKey(rs)).one());
    }

    @Override
    public Optional<ApiKey> findByPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return context.tx().admin(h -> h.createQuery(findByPrefix).bind("prefix", prefix)
                .map((rs, ctx) -> context.rows().apiKey(rs)).findOne());
    }

    @Override
    public List<ApiKey> list(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        return context.tx().owner(owner, h -> h.createQuery(list).bind("owner", owner.value())
                .map((rs, ctx) -> context.rows().apiKey(rs)).list());
    }

    @Override
    public boolean delete(UserId owner, ApiKeyId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        return context.tx().owner(owner, h -> h.createUpdate(delete).bind("owner", owner.value())
                .bind("id", id.value()).execute() > 0);
    }

    @Override
    public void touch(ApiKeyId id, Instant usedAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(usedAt, "usedAt");
        context.tx().admin(h -> h.createUpdate(touch).bind("id", id.value())
                .bindByType("usedAt", timestamp(usedAt), OffsetDateTime.class).execute());
    }
}
