package dev.ragstore.postgres.internal;

import dev.ragstore.core.page.PageRequest;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.util.Objects;
import java.util.UUID;

/**
 * One keyset list's four statements (first page or after a cursor, oldest or newest first) over
 * a {@code SELECT ... WHERE ...} ordered by an id column. A query from {@link #query} has
 * {@code :after} (when paging on) and {@code :limit} (one more than the page, see
 * {@link dev.ragstore.core.page.Page#of}) bound; the caller binds the rest.
 */
public final class PgKeyset {

    private final String firstAscending;
    private final String afterAscending;
    private final String firstDescending;
    private final String afterDescending;

    /**
     * @param select   a schema-qualified {@code SELECT ... WHERE <predicates>}, without ORDER BY
     * @param idColumn the column the list is ordered by, e.g. {@code id} or {@code d.id}
     */
    public PgKeyset(String select, String idColumn) {
        Objects.requireNonNull(select, "select");
        Objects.requireNonNull(idColumn, "idColumn");
        this.firstAscending = select + " ORDER BY " + idColumn + " LIMIT :limit";
        this.afterAscending = select + " AND " + idColumn + " > :after ORDER BY " + idColumn + " LIMIT :limit";
        this.firstDescending = select + " ORDER BY " + idColumn + " DESC LIMIT :limit";
        this.afterDescending = select + " AND " + idColumn + " < :after ORDER BY " + idColumn + " DESC LIMIT :limit";
    }

    /** The statement for {@code page}, with {@code :after} and {@code :limit} bound. */
    public Query query(Handle handle, PageRequest page) {
        boolean first = page.after() == null;
        String sql = page.newestFirst() ? (first ? firstDescending : afterDescending) : (first ? firstAscending : afterAscending);
        Query query = handle.createQuery(sql).bind("limit", page.limit() + 1);
        return first ? query : query.bind("after", UUID.fromString(page.after()));
    }
}
