package dev.ragstore.core.memory;

import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * The plan limits of the in-memory store, checked under the write lock of {@link MemoryTables}
 * by the call that then writes, so check and write are one atomic step. A user without a plan
 * has no limit.
 */
final class MemoryQuotas {

    private final MemoryTables tables;

    MemoryQuotas(MemoryTables tables) {
        this.tables = tables;
    }

    /** Refuses a new document when the owner stores {@code documentLimit} documents already. */
    void requireDocumentRoom(UserId owner) {
        Plan plan = planOf(owner);
        if (plan != null) {
            long used = tables.documents.ofOwner(owner.value()).size();
            if (used >= plan.documentLimit()) {
                throw new QuotaExceededException(QuotaExceededException.DOCUMENTS, plan.name(), plan.documentLimit(), used, 1);
            }
        }
    }

    /** Refuses a new chat session when the owner holds {@code sessionLimit} sessions already. */
    void requireSessionRoom(UserId owner) {
        Plan plan = planOf(owner);
        if (plan != null) {
            long used = tables.sessions.ofOwner(owner.value()).size();
            if (used >= plan.sessionLimit()) {
                throw new QuotaExceededException(QuotaExceededException.CHAT_SESSIONS, plan.name(), plan.sessionLimit(), used, 1);
            }
        }
    }

    /** Refuses {@code tokens} (> 0) that would take the owner's tokens on {@code day} past {@code dailyTokenLimit}. */
    void requireTokenRoom(UserId owner, LocalDate day, long tokens) {
        Plan plan = planOf(owner);
        if (plan != null && tokens > 0) {
            NavigableMap<LocalDate, UsageDay> days = tables.usageByUser.get(owner.value());
            UsageDay counted = days == null ? null : days.get(day);
            long used = counted == null ? 0 : counted.tokens();
            // a subtraction, so that a huge request cannot overflow past the limit
            if (used > plan.dailyTokenLimit() || tokens > plan.dailyTokenLimit() - used) {
                throw new QuotaExceededException(QuotaExceededException.DAILY_TOKENS, plan.name(), plan.dailyTokenLimit(),
                        used, tokens);
            }
        }
    }

    /** The owner's plan, or {@code null} for none; the owner must exist. */
    private Plan planOf(UserId owner) {
        User user = tables.requireUser(owner);
        return user.planId() == null ? null : tables.plans.get(user.planId().value());
    }
}
