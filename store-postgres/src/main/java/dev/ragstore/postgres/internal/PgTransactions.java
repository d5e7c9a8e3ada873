package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.spi.PgHost;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ragstore.core.chunk.Chunk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs work in one transaction with the row-level-security scope applied first: the owner scope
 * sets {@code ragstore.owner} (and turns {@code ragstore.admin} off), the admin scope sets
 * {@code ragstore.admin = 'on'}; both are transaction-local. With row-level security disabled
 * every transaction runs in the admin scope and isolation rests on the owner predicate of each
 * statement.
 *
 * <p>A call made while this thread already runs a transaction of this instance joins it (same
 * handle, same commit); when its scope differs, the scope is switched for the nested work and
 * restored afterwards. A failure inside joined work fails the whole transaction.
 *
 * <p>Failures are translated by {@link PgErrorMapping}: a {@link RagStoreException} passes unchanged and
 * anything else is translated, except that a host's own runtime exceptions ({@link #hostOwner},
 * {@link #hostAdmin}) pass unchanged after the rollback. Thread-safe.
 */
public final class PgTransactions implements PgHost {

    private static final Logger LOG = LoggerFactory.getLogger(PgTransactions.class);
    static final String OWNER = "ragstore.owner";
    static final String ADMIN = "ragstore.admin";
    private static final String OWNER_SCOPE =
            "SELECT set_config('ragstore.owner', :owner, true) || set_config('ragstore.admin', 'off', true)";
    private static final String ADMIN_SCOPE = "SELECT set_config('ragstore.admin', :admin, true)";

    private final Jdbi jdbi;
    private final PgSchema schema;
    private final PgRows rows;
    private final PgErrorMapping errors;
    private final boolean rowLevelSecurity;
    private final ThreadLocal<Active> active = new ThreadLocal<>();
    private volatile String closedBy;
    /** What the admin scope sets {@code ragstore.admin} to: the store's registered token, or {@code on} for the schema's owner. */
    private volatile String adminSetting = "on";
    /** Connections of the role that owns the schema, for schema changes; {@code null} when the runtime role owns it. */
    private volatile Jdbi ownerJdbi;

    public PgTransactions(Jdbi jdbi, PgSchema schema, PgRows rows, PgErrorMapping errors, boolean rowLevelSecurity) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.rowLevelSecurity = rowLevelSecurity;
    }

    /** The translator failures go through. */
    @Override
    public PgErrorMapping errors() {
        return errors;
    }

    @Override
    public String schema() {
        return schema.name();
    }

    @Override
    public Chunk readChunk(ResultSet rows) throws SQLException {
        return this.rows.chunk(rows);
    }

    @Override
    public boolean rowLevelSecurity() {
        return rowLevelSecurity;
    }

    /**
     * {@inheritDoc} A runtime exception of the work's own that is neither a RagStore, Jdbi nor SQL
     * failure (a programming error such as {@link IllegalStateException}) passes unchanged after
     * the rollback.
     */
    @Override
    public <T> T transaction(PgScope scope, PgWork<T> work) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(work, "work");
        UUID owner = owner(scope);
        PgHints hints = owner == null ? PgHints.none() : PgHints.none().with("owner", owner);
        return run(owner, hints, true, handle -> {
            try {
                return work.run(PgSessions.transaction(handle, scope, schema.name()));
            } catch (SQLException e) {
                throw errors.translate(e, hints);
            }
        });
    }

    @Override
    public <T> T read(PgScope scope, PgWork<T> work) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(work, "work");
        UUID owner = owner(scope);
        PgHints hints = owner == null ? PgHints.none() : PgHints.none().with("owner", owner);
        requireOpen();
        if (active.get() != null) {
            return transaction(scope, work);
        }
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (RuntimeException e) {
            throw errors.translate(e, hints);
        }
        try {
            PgScope applied = rowLevelSecurity ? scope : PgScope.admin();
            return work.run(PgSessions.oneRoundTripRead(handle, applied, scope, adminSetting, schema.name()));
        } catch (SQLException e) {
            throw errors.translate(e, hints);
        } catch (RuntimeException e) {
            throw translated(e, hints, true);
        } finally {
            closeQuietly(handle);
        }
    }

    /** A session of {@code scope} on {@code handle}, which runs a transaction already in that scope (hooks). */
    public dev.ragstore.postgres.spi.PgSession session(Handle handle, PgScope scope) {
        return PgSessions.transaction(handle, scope, schema.name());
    }

    private static UUID owner(PgScope scope) {
        return scope instanceof PgScope.Owner o ? o.id().value() : null;
    }

    /** Makes every later call fail with a {@link StoreUnavailableException} naming {@code store}. */
    public void close(String store) {
        this.closedBy = Objects.requireNonNull(store, "store");
    }

    /** Runs {@code work} in a transaction scoped to {@code owner}'s rows and returns its result. */
    public <T> T owner(UserId owner, Function<Handle, T> work) {
        return owner(owner, PgHints.none(), work);
    }

    /**
     * Like {@link #owner(UserId, Function)}; a failure names the values of {@code hints} (the
     * owner is always one, as {@code "owner"}).
     */
    public <T> T owner(UserId owner, PgHints hints, Function<Handle, T> work) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(hints, "hints");
        return run(owner.value(), hints.get("owner") == null ? hints.with("owner", owner) : hints, false, work);
    }

    /**
     * Runs a host's {@code work} in {@code owner}'s scope: like {@link #owner(UserId, Function)},
     * except that a runtime exception of the host's own (not a Jdbi or JDBC failure) reaches the
     * caller unchanged after the rollback.
     */
    public <T> T hostOwner(UserId owner, Function<Handle, T> work) {
        Objects.requireNonNull(owner, "owner");
        return run(owner.value(), PgHints.none().with("owner", owner), true, work);
    }

    /** Runs a host's {@code work} in the admin scope, passing its own exceptions like {@link #hostOwner}. */
    public <T> T hostAdmin(Function<Handle, T> work) {
        return run(null, PgHints.none(), true, work);
    }

    /** Runs {@code work} in a transaction of the admin scope (every owner's rows). */
    public <T> T admin(Function<Handle, T> work) {
        return admin(PgHints.none(), work);
    }

    /** Like {@link #admin(Function)}; a failure names the values of {@code hints}. */
    public <T> T admin(PgHints hints, Function<Handle, T> work) {
        Objects.requireNonNull(hints, "hints");
        return run(null, hints, false, work);
    }

    private <T> T run(UUID owner, PgHints hints, boolean hostWork, Function<Handle, T> work) {
        Objects.requireNonNull(work, "work");
        requireOpen();
        Active current = active.get();
        if (current != null) {
            return joined(current, owner, hints, hostWork, work);
        }
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (RuntimeException e) {
            throw errors.translate(e, hints);
        }
        try {
            handle.begin();
            applyScope(handle, owner);
            Active started = new Active(handle, owner, new ArrayList<>());
            active.set(started);
            T result = work.apply(handle);
            handle.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(handle, e);
            throw translated(e, hints, hostWork);
        } catch (Error e) {
            rollbackQuietly(handle, e);
            throw e;
        } finally {
            Active ended = active.get();
            active.remove();
            closeQuietly(handle);
            if (ended != null) {
                ended.afterCompletion().forEach(PgTransactions::runQuietly);
            }
        }
    }

    /**
     * Makes the admin scope present {@code setting} (a token registered in
     * {@code ragstore_admin_tokens}) instead of {@code on}, which only the schema's owner may use.
     */
    public void useAdminToken(String setting) {
        this.adminSetting = Objects.requireNonNull(setting, "setting");
    }

    /** Runs schema changes ({@link #schemaChange}) on connections of the schema's owner, when that is another role. */
    public void useOwnerConnections(Jdbi owner) {
        this.ownerJdbi = owner;
    }

    @Override
    public <T> T schemaChange(PgWork<T> work) {
        Objects.requireNonNull(work, "work");
        Jdbi owner = ownerJdbi;
        if (owner == null) {
            return transaction(PgScope.admin(), work);
        }
        requireOpen();
        try (Handle handle = owner.open()) {
            return handle.inTransaction(h -> {
                // the schema's owner may use 'on'; its sessions are subject to the forced policies too
                h.createQuery("SELECT set_config('ragstore.admin', 'on', true)").mapTo(String.class).one();
                try {
                    return work.run(PgSessions.transaction(h, PgScope.admin(), schema.name()));
                } catch (SQLException e) {
                    throw errors.translate(e);
                }
            });
        } catch (RuntimeException e) {
            throw translated(e, PgHints.none(), true);
        }
    }

    /** Whether this thread runs a transaction of this instance now. */
    public boolean activeOnThisThread() {
        return active.get() != null;
    }

    /**
     * Runs {@code action} when the transaction this thread runs ends (after its commit or
     * rollback, once its connection is back in the pool), or at once when it runs none.
     */
    public void afterCompletion(Runnable action) {
        Objects.requireNonNull(action, "action");
        Active current = active.get();
        if (current == null) {
            runQuietly(action);
        } else {
            current.afterCompletion().add(action);
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("An action after a PostgreSQL transaction failed: {}", e.toString(), e);
        }
    }

    private void requireOpen() {
        if (closedBy != null) {
            throw new StoreUnavailableException(PgErrorMapping.STORE, false, closedBy + " is closed; build a new store", null);
        }
    }

    private <T> T joined(Active current, UUID owner, PgHints hints, boolean hostWork, Function<Handle, T> work) {
        boolean switched = rowLevelSecurity && !Objects.equals(current.owner(), owner);
        try {
            if (switched) {
                applyScope(current.handle(), owner);
            }
            T result = work.apply(current.handle());
            if (switched) {
                restoreScope(current, null);
            }
            return result;
        } catch (RuntimeException e) {
            RuntimeException failure = translated(e, hints, hostWork);
            if (switched) {
                restoreScope(current, failure);
            }
            throw failure;
        }
    }

    /**
     * Puts the joined transaction back in its own scope after nested work for another scope, also
     * when that work failed and the host catches the failure (the transaction must not go on in
     * the other owner's scope). When the transaction is aborted the restore cannot run, and nothing
     * can run in it any more either.
     */
    private void restoreScope(Active current, Throwable failure) {
        try {
            applyScope(current.handle(), current.owner());
        } catch (RuntimeException e) {
            if (isAbortedTransaction(e)) {
                return;
            }
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                throw errors.translate(e);
            }
        }
    }

    private static boolean isAbortedTransaction(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && "25P02".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void applyScope(Handle handle, UUID owner) {
        if (owner == null || !rowLevelSecurity) {
            handle.createQuery(ADMIN_SCOPE).bind("admin", adminSetting).mapTo(String.class).one();
        } else {
            handle.createQuery(OWNER_SCOPE).bind("owner", owner.toString()).mapTo(String.class).one();
        }
    }

    /** RagStore's own work never lets a raw exception out; a host's own exceptions pass unchanged. */
    private RuntimeException translated(RuntimeException e, PgHints hints, boolean hostWork) {
        if (!hostWork || e instanceof RagStoreException || e instanceof JdbiException || hasSqlCause(e)) {
            return errors.translate(e, hints);
        }
        return e;
    }

    private static boolean hasSqlCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Handle handle, Throwable failure) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static void closeQuietly(Handle handle) {
        try {
            handle.close();
        } catch (RuntimeException ignored) {
            // the connection is broken or the transaction already ended; the pool discards it
        }
    }

    /** The transaction this thread runs: its handle, scope ({@code null} owner = admin) and the actions to run when it ends. */
    private record Active(Handle handle, UUID owner, List<Runnable> afterCompletion) {
    }
}
