package dev.ragstore.core.usage;

import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.Objects;

/** What one user consumed on one UTC day. All counters start at 0. */
public record UsageDay(UserId userId, LocalDate day, long tokens, long messages, long documents, long sessions) {

    public UsageDay {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(day, "day");
    }

    /** An all-zero day. */
    public static UsageDay empty(UserId userId, LocalDate day) {
        return new UsageDay(userId, day, 0, 0, 0, 0);
    }

    /** This day plus {@code delta}. */
    public UsageDay plus(UsageDelta delta) {
        return new UsageDay(userId, day, tokens + delta.tokens(), messages + delta.messages(),
                documents + delta.documents(), sessions + delta.sessions());
    }
}
