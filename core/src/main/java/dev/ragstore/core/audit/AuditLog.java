package dev.ragstore.core.audit;

import dev.ragstore.core.page.Page;

import java.util.Map;

/** The audit log of one user. */
public interface AuditLog {

    /** Appends an event at the store's current time. */
    AuditEvent record(String action, Map<String, ?> details);

    /** The user's events matching {@code query}. */
    Page<AuditEvent> query(AuditQuery query);
}
