package dev.ragstore.postgres;

import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.usage.UsageKeys;
import dev.ragstore.core.usage.UsageRepository;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.internal.PgErrorMapping;
import dev.ragstore.postgres.internal.PgHints;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Daily usage on PostgreSQL. Every change is one atomic statement ({@code INSERT ... ON CONFLICT
 * DO UPDATE}, with the lifetime total in the same statement); the quota check and its consumption
 * are the same statement, so concurrent callers can never pass a limit together. The usage row is
 * always locked before the user row, the same order everywhere, so concurrent writers cannot
 * deadlock.
 */
final class PgUsageRepository implements UsageRepository {

    private static final String COLUMNS = "owner_id, day, tokens, messages, documents, sessions";

    /**
     * A CTE {@code quota (plan_name, token_limit)}: one row with the owner's plan and its daily
     * token limit, no row for an owner without a plan (no limit). Reads the owner's own user row,
     * which row-level security admits in the owner's scope; plans carry no policy.
     */
    static final String PLAN_QUOTA = "quota AS (SELECT p.name AS plan_name, p.daily_token_limit AS token_limit "
            + "FROM {schema}.users u JOIN {schema}.plans p ON p.id = u.plan_id WHERE u.id = :owner)";

    private final PgContext context;
    private final String add;
    private final String consume;
    private final String userExists;
    private final String find;
    private final String range;
    private final String report;
    private final String consumeWithinPlan;
    private final String claimKey;
    private final String findKey;
    private final String releaseKey;

    PgUsageRepository(PgContext context) {
        this.context = context;
        // the lifetime update reads the usage row's result, so the usage row is locked first
        String lifetime = "lifetime AS (UPDATE {schema}.users SET lifetime_tokens = lifetime_tokens + CAST(:tokens AS bigint) "
                + "FROM changed WHERE users.id = changed.owner_id AND CAST(:tokens AS bigint) > 0) ";
        this.add = context.sql("WITH changed AS (INSERT INTO {schema}.usage_days AS u (" + COLUMNS + ") VALUES (:owner, "
                + ":day, :tokens, :messages, :documents, :sessions) ON CONFLICT (owner_id, day) DO UPDATE SET "
                + "tokens = u.tokens + excluded.tokens, messages = u.messages + excluded.messages, "
                + "documents = u.documents + excluded.documents, sessions = u.sessions + excluded.sessions "
                + "RETURNING " + COLUMNS + "), " + lifetime + "SELECT " + COLUMNS + " FROM changed");
        // the first insert of a day must respect the limit too, hence the WHERE on the SELECT; the update's
        // condition is written as a subtraction so that a huge request cannot overflow past the limit
        this.consume = context.sql("WITH changed AS (INSERT INTO {schema}.usage_days AS u (owner_id, day, tokens) "
                + "SELECT :owner, CAST(:day AS date), CAST(:tokens AS bigint) WHERE CAST(:tokens AS bigint) <= :limit "
                + "ON CONFLICT (owner_id, day) DO UPDATE SET tokens = u.tokens + excluded.tokens "
                + "WHERE u.tokens <= :limit - excluded.tokens RETURNING u.owner_id, u.tokens), " + lifetime
                + "SELECT tokens FROM changed");
        // consume's conditional upsert with the limit of the owner's plan, read in the same statement
        this.consumeWithinPlan = context.sql("WITH " + PLAN_QUOTA + ", changed AS (INSERT INTO {schema}.usage_days AS u "
                + "(owner_id, day, tokens) SELECT :owner, CAST(:day AS date), CAST(:tokens AS bigint) "
                + "WHERE NOT EXISTS (SELECT 1 FROM quota) OR CAST(:tokens AS bigint) <= (SELECT token_limit FROM quota) "
                + "ON CONFLICT (owner_id, day) DO UPDATE SET tokens = u.tokens + excluded.tokens "
                + "WHERE NOT EXISTS (SELECT 1 FROM quota) OR u.tokens <= (SELECT token_limit FROM quota) - excluded.tokens "
                + "RETURNING u.owner_id, u.tokens), " + lifetime
                + "SELECT (SELECT count(*) FROM changed) AS counted, (SELECT plan_name FROM quota) AS plan_name, "
                + "(SELECT token_limit FROM quota) AS token_limit");
        this.userExists = context.sql("SELECT EXISTS (SELECT 1 FROM {schema}.users WHERE id = :owner)");
        this.find = context.sql("SELECT " + COLUMNS + " FROM {schema}.usage_days WHERE owner_id = :owner AND day = :day");
        String hasUsage = " AND (tokens > 0 OR messages > 0 OR documents > 0 OR sessions > 0)";
        this.range = context.sql("SELECT " + COLUMNS + " FROM {schema}.usage_days WHERE owner_id = :owner "
                + "AND day BETWEEN :from AND :to" + hasUsage + " ORDER BY day");
        // idempotency keys: a claim inserts the key with its delta, or (ON CONFLICT DO NOTHING, which waits for a
        // racing claim of the same key to commit or roll back) finds it taken
        this.claimKey = context.sql("INSERT INTO {schema}.usage_idempotency_keys (owner_id, idempotency_key, day, tokens, "
                + "messages, documents, sessions) VALUES (:owner, :idempotencyKey, :day, :tokens, :messages, :documents, "
                + ":sessions) ON CONFLICT (owner_id, idempotency_key) DO NOTHING RETURNING owner_id");
        this.findKey = context.sql("SELECT day, tokens, messages, documents, sessions FROM {schema}.usage_idempotency_keys "
                + "WHERE owner_id = :owner AND idempotency_key = :idempotencyKey");
        this.releaseKey = context.sql("DELETE FROM {schema}.usage_idempotency_keys WHERE owner_id = :owner "
                + "AND idempotency_key = :idempotencyKey");
        this.report = context.sql("SELECT " + COLUMNS + " FROM {schema}.usage_days WHERE day BETWEEN :from AND :to"
                + hasUsage + " ORDER BY day, owner_id");
    }

    @Override
    public UsageDay record(UserId userId, LocalDate day, UsageDelta delta, String idempotencyKey) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(delta, "delta");
        return context.tx().owner(userId, PgHints.none().with("idempotencyKey", idempotencyKey), h -> {
            if (idempotencyKey != null) {
                LocalDate countedOn = claim(h, userId, idempotencyKey, day, delta);
                if (countedOn != null) {
                    return findIn(h, userId, countedOn);
                }
            }
            if (delta.isZero()) {
                requireUser(h, userId);
                return findIn(h, userId, day);
            }
            return add(h, userId, day, delta);
        });
    }

    @Override
    public boolean tryConsumeTokens(UserId userId, LocalDate day, long tokens, long dailyLimit, String idempotencyKey) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        Checks.nonNegative("tokens", tokens);
        Checks.nonNegative("daily token limit", dailyLimit);
        return context.tx().owner(userId, PgHints.none().with("idempotencyKey", idempotencyKey), h -> {
            if (idempotencyKey != null && claim(h, userId, idempotencyKey, day, UsageDelta.tokens(tokens)) != null) {
                return true;
            }
            boolean consumed = h.createQuery(consume)
                    .bind("owner", userId.value())
                    .bind("day", day)
                    .bind("tokens", tokens)
                    .bind("limit", dailyLimit)
                    .mapTo(Long.class).findOne().isPresent();
            if (!consumed) {
                if (idempotencyKey != null) {
                    // a refusal stores nothing, not even the key: a repeat asks again
                    h.createUpdate(releaseKey).bind("owner", userId.value()).bind("idempotencyKey", idempotencyKey).execute();
                }
                requireUser(h, userId);
            }
            return consumed;
        });
    }

    @Override
    public UsageDay find(UserId userId, LocalDate day) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
        return context.tx().owner(userId, h -> findIn(h, userId, day));
    }

    @Override
    public List<UsageDay> range(UserId userId, LocalDate from, LocalDate to) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return context.tx().owner(userId, h -> h.createQuery(range).bind("owner", userId.value())
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> context.rows().usageDay(rs)).list());
    }

    @Override
    public List<UsageDay> report(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return context.tx().admin(h -> h.createQuery(report).bind("from", from).bind("to", to)
                .map((rs, ctx) -> context.rows().usageDay(rs)).list());
    }

    /**
     * Adds {@code delta} to {@code owner}'s day and its tokens to the lifetime total, inside the
     * caller's transaction (which must be in {@code owner}'s scope or the admin scope).
     *
     * @throws NotFoundException if the user does not exist
     */
    UsageDay add(Handle h, UserId owner, LocalDate day, UsageDelta delta) {
        return h.createQuery(add)
                .bind("owner", owner.value())
                .bind("day", day)
                .bind("tokens", delta.tokens())
                .bind("messages", delta.messages())
                .bind("documents", delta.documents())
                .bind("sessions", delta.sessions())
                .map((rs, ctx) -> context.rows().usageDay(rs)).one();
    }

    /**
     * Adds {@code tokens} (> 0) to {@code owner}'s tokens on {@code day} and lifetime total inside
     * the caller's transaction (in the owner's scope) if the owner's plan allows them; check and
     * increment are one statement.
     *
     * @throws QuotaExceededException quota {@code "daily tokens"} when the plan refuses them
     */
    void consumeWithinPlan(Handle h, UserId owner, LocalDate day, long tokens) {
        Map<String, Object> result = h.createQuery(consumeWithinPlan).bind("owner", owner.value()).bind("day", day)
                .bind("tokens", tokens).mapToMap().one();
        if (((Number) result.get("counted")).longValue() == 0) {
            throw new QuotaExceededException(QuotaExceededException.DAILY_TOKENS, (String) result.get("plan_name"),
                    ((Number) result.get("token_limit")).longValue(), tokensIn(h, owner, day), tokens);
        }
    }

    /** The owner's tokens on {@code day}, read in the caller's transaction. */
    long tokensIn(Handle h, UserId owner, LocalDate day) {
        return findIn(h, owner, day).tokens();
    }

    /**
     * Claims {@code key} for {@code delta} counted on {@code day} in the caller's transaction.
     *
     * @return {@code null} if this call claimed the key (the caller counts the delta now), else the
     *         day the key's earlier call counted the same delta on (the caller counts nothing)
     * @throws dev.ragstore.core.error.ConflictException if the key was claimed for another delta
     * @throws NotFoundException if the user does not exist
     */
    private LocalDate claim(Handle h, UserId owner, String key, LocalDate day, UsageDelta delta) {
        // two rounds: a claim racing ours may be released (a refused consumption) between our insert and our read
        for (int round = 0; round < 2; round++) {
            boolean claimed = h.createQuery(claimKey)
                    .bind("owner", owner.value())
                    .bind("idempotencyKey", key)
                    .bind("day", day)
                    .bind("tokens", delta.tokens())
                    .bind("messages", delta.messages())
                    .bind("documents", delta.documents())
                    .bind("sessions", delta.sessions())
                    .mapTo(UUID.class).findOne().isPresent();
            if (claimed) {
                return null;
            }
            Optional<ClaimedKey> earlier = h.createQuery(findKey).bind("owner", owner.value()).bind("idempotencyKey", key)
                    .map((rs, ctx) -> new ClaimedKey(rs.getObject("day", LocalDate.class), new UsageDelta(rs.getLong("tokens"),
                            rs.getLong("messages"), rs.getLong("documents"), rs.getLong("sessions"))))
                    .findOne();
            if (earlier.isPresent()) {
                if (!earlier.get().delta().equals(delta)) {
                    throw UsageKeys.reused(key, earlier.get().delta(), delta);
                }
                return earlier.get().day();
            }
        }
        throw new StoreUnavailableException(PgErrorMapping.STORE, true,
                "usage idempotency key '" + key + "' was claimed and released twice by racing calls; repeat the call", null);
    }

    /** A stored usage idempotency key: the day its delta was counted on, and the delta. */
    private record ClaimedKey(LocalDate day, UsageDelta delta) {
    }

    private UsageDay findIn(Handle h, UserId userId, LocalDate day) {
        return h.createQuery(find).bind("owner", userId.value()).bind("day", day)
                .map((rs, ctx) -> context.rows().usageDay(rs)).findOne()
                .orElseGet(() -> UsageDay.empty(userId, day));
    }

    private void requireUser(Handle h, UserId userId) {
        if (!h.createQuery(userExists).bind("owner", userId.value()).mapTo(Boolean.class).one()) {
            throw new NotFoundException("user", userId);
        }
    }
}
