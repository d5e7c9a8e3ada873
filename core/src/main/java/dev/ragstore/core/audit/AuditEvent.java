package dev.ragstore.core.audit;

import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An append-only record of something a user did.
 *
 * @param userId the acting user, or {@code null} once that user is deleted
 * @param action a short verb phrase such as {@code "document.delete"} (1 to 200 characters)
 */
public record AuditEvent(AuditEventId id, UserId userId, String action, Map<String, Object> details, Instant at) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Checks.name("audit action", action);
        details = Checks.metadata(details);
        Objects.requireNonNull(at, "at");
    }
}
