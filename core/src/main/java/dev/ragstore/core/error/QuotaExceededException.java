package dev.ragstore.core.error;

import java.util.Objects;
import java.util.Optional;

/**
 * A write would pass a limit of the user's plan; nothing was written. The store checks the limit
 * and makes the write in one atomic step, so concurrent writers never pass it together. The
 * message names the limit, the plan and the amounts, e.g. {@code "daily tokens limit 1000 of plan
 * 'starter' would be exceeded: used 900, requested 200; nothing was written"}.
 */
public final class QuotaExceededException extends RagStoreException {

    /** {@link #quota()} of the daily token allowance ({@code Plan.dailyTokenLimit}), per UTC day. */
    public static final String DAILY_TOKENS = "daily tokens";
    /** {@link #quota()} of the documents a user may own ({@code Plan.documentLimit}). */
    public static final String DOCUMENTS = "documents";
    /** {@link #quota()} of the chat sessions a user may hold at once ({@code Plan.sessionLimit}). */
    public static final String CHAT_SESSIONS = "chat sessions";

    private static final long serialVersionUID = 1L;

    private final String quota;
    private final String plan;
    private final long limit;
    private final long used;
    private final long requested;

    /**
     * A refusal by the limit {@code quota} of the plan named {@code plan}.
     *
     * @param plan the plan's name, or {@code null} for a limit that belongs to no plan
     */
    public QuotaExceededException(String quota, String plan, long limit, long used, long requested) {
        super(Objects.requireNonNull(quota, "quota") + " limit " + limit + (plan == null ? "" : " of plan '" + plan + "'")
                + " would be exceeded: used " + used + ", requested " + requested + "; nothing was written");
        this.quota = quota;
        this.plan = plan;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
    }

    /** A refusal by a limit that belongs to no plan. */
    public QuotaExceededException(String quota, long limit, long used, long requested) {
        this(quota, null, limit, used, requested);
    }

    /** Which limit refused, e.g. {@link #DAILY_TOKENS}, {@link #DOCUMENTS} or {@link #CHAT_SESSIONS}. */
    public String quota() {
        return quota;
    }

    /** The name of the plan whose limit refused, when the limit belongs to a plan. */
    public Optional<String> plan() {
        return Optional.ofNullable(plan);
    }

    /** The limit as it was when the request was refused. */
    public long limit() {
        return limit;
    }

    /** How much was used when the request was refused (as read at that moment). */
    public long used() {
        return used;
    }

    /** How much the refused request asked for. */
    public long requested() {
        return requested;
    }
}
