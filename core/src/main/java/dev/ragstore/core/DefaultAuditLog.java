package dev.ragstore.core;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.audit.AuditLog;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.user.UserId;

import java.util.Map;
import java.util.Objects;

/** The append-only audit log of one user. */
final class DefaultAuditLog implements AuditLog {

    private final StoreContext context;
    private final UserId owner;

    DefaultAuditLog(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public AuditEvent record(String action, Map<String, ?> details) {
        Objects.requireNonNull(details, "details");
        AuditEvent event = new AuditEvent(new AuditEventId(context.ids().next()), owner, action,
                Checks.metadata(details), context.now());
        return context.relational().audit().append(event);
    }

    @Override
    public Page<AuditEvent> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return context.relational().audit().query(owner, query);
    }
}
