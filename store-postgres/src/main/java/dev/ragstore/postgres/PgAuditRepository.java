package dev.ragstore.postgres;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.audit.AuditRepository;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.user.UserId;
import org.jdbi.v3.core.Handle;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import dev.ragstore.postgres.internal.PgHints;
import dev.ragstore.postgres.internal.PgKeyset;

import static dev.ragstore.postgres.internal.PgRows.timestamp;

/**
 * The audit log on PostgreSQL. An event of a user is written and read in that user's scope; an
 * event without a user (or whose user was deleted) only in the admin scope.
 */
final class PgAuditRepository implements AuditRepository {

    private static final String COLUMNS = "id, owner_id, action, details, at";

    private final PgContext context;
    private final String insert;
    private final PgKeyset list;
    private final PgKeyset listAll;

    PgAuditRepository(PgContext context) {
        this.context = context;
        this.insert = context.sql("INSERT INTO {schema}.audit_events (" + COLUMNS + ") VALUES (:id, :owner, :action, "
                + "CAST(:details AS jsonb), :at) RETURNING " + COLUMNS);
        String query = "SELECT " + COLUMNS + " FROM {schema}.audit_events WHERE owner_id = :owner "
                + "AND (CAST(:action AS text) IS NULL OR action = CAST(:action AS text)) AND at >= :from AND at < :to";
        this.list = new PgKeyset(context.sql(query), "id");
        String queryAll = "SELECT " + COLUMNS + " FROM {schema}.audit_events WHERE "
                + "(CAST(:action AS text) IS NULL OR action = CAST(:action AS text)) AND at >= :from AND at < :to";
        this.listAll = new PgKeyset(context.sql(queryAll), "id");
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Function<Handle, AuditEvent> work = h -> h.createQuery(insert)
                .bind("id", event.id().value())
                .bindByType("owner", event.userId() == null ? null : event.userId().value(), UUID.class)
                .bind("action", event.action())
                .bind("details", context.json().writeMetadata(event.details()))
                .bindByType("at", timestamp(event.at()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().auditEvent(rs)).one();
        PgHints hints = PgHints.none().with("id", event.id());
        return event.userId() == null ? context.tx().admin(hints, work) : context.tx().owner(event.userId(), hints, work);
    }

    /** Every owner's events, read in the admin scope (row-level security stays on; {@code ragstore_admin()} admits them). */
    @Override
    public Page<AuditEvent> queryAll(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        List<AuditEvent> fetched = context.tx().admin(h -> listAll.query(h, query.page())
                .bind("action", query.action())
                .bindByType("from", timestamp(query.from()), OffsetDateTime.class)
                .bindByType("to", timestamp(query.to()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().auditEvent(rs)).list());
        return Page.of(fetched, query.page().limit(), AuditEvent::id);
    }

    @Override
    public Page<AuditEvent> query(UserId userId, AuditQuery query) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(query, "query");
        List<AuditEvent> fetched = context.tx().owner(userId, h -> list.query(h, query.page())
                .bind("owner", userId.value())
                .bind("action", query.action())
                .bindByType("from", timestamp(query.from()), OffsetDateTime.class)
                .bindByType("to", timestamp(query.to()), OffsetDateTime.class)
                .map((rs, ctx) -> context.rows().auditEvent(rs)).list());
        return Page.of(fetched, query.page().limit(), AuditEvent::id);
    }
}
