package dev.ragstore.core.audit;

import dev.ragstore.core.page.PageRequest;

import java.time.Instant;
import java.util.Objects;

/**
 * Which audit events to read: those of one user, optionally of one action, in {@code [from, to)}.
 *
 * @param action exact action name, or {@code null} for all
 */
public record AuditQuery(String action, Instant from, Instant to, PageRequest page) {

    public AuditQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(page, "page");
        if (to.isBefore(from)) {
            throw dev.ragstore.core.error.InvalidInputException.of("audit query to", "must not be before from " + from, to);
        }
    }
}
