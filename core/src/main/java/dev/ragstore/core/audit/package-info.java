/**
 * The audit log: append-only {@link dev.ragstore.core.audit.AuditEvent}s of a user's actions,
 * queried through {@link dev.ragstore.core.audit.AuditLog}, and the repository port adapters
 * implement. Events are never edited; deleting a user keeps their events without the owner.
 * Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.audit;
