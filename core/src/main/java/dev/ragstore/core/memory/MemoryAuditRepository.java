package dev.ragstore.core.memory;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.user.UserId;

import java.util.Objects;

/**
 * The audit log in memory, grouped by user. An event's user, when given, must exist; events
 * outlive their user with the user set to null.
 */
final class MemoryAuditRepository implements AuditRepository {

    private final MemoryTables tables;

    MemoryAuditRepository(MemoryTables tables) {
        this.tables = tables;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return tables.write(() -> {
            if (tables.audit.contains(event.id().value())) {
                throw new ConflictException("audit_event.id.unique", "audit event id '" + event.id() + "' is already taken");
            }
            if (event.userId() != null) {
                tables.requireUser(event.userId());
            }
            tables.audit.put(event.userId() == null ? null : event.userId().value(), event.id().value(), event);
            return event;
        });
    }

    @Override
    public Page<AuditEvent> query(UserId userId, AuditQuery query) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(query, "query");
        return tables.read(() -> Paging.page(tables.audit.ofOwner(userId.value()), query.page(), e -> matches(e, query),
                AuditEvent::id));
    }

    @Override
    public Page<AuditEvent> queryAll(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return tables.read(() -> Paging.page(tables.audit.ordered(), query.page(), e -> matches(e, query), AuditEvent::id));
    }

    private static boolean matches(AuditEvent event, AuditQuery query) {
        return (query.action() == null || query.action().equals(event.action()))
                && !event.at().isBefore(query.from()) && event.at().isBefore(query.to());
    }
}
