package dev.ragstore.core.audit;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.user.UserId;

/** Port: the append-only audit log. Implementations are thread-safe. */
public interface AuditRepository {

    /** Appends an event. */
    AuditEvent append(AuditEvent event);

    /** The user's events matching {@code query}, ordered by id (oldest first). */
    Page<AuditEvent> query(UserId userId, AuditQuery query);

    /**
     * Every user's events matching {@code query} (those without a user included), ordered by id
     * (oldest first); the admin view's cross-user read.
     *
     * @since 0.2
     */
    Page<AuditEvent> queryAll(AuditQuery query);
}
