package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.ScopedRead;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Failures are translated by {@link PgErrors}: a {@link RagStoreException} passes unchanged and
 * anything else is translated, except that a host's own runtime exceptions ({@link #hostOwner},
 * {@link #hostAdmin}) pass unchanged after the rollback. Thread-safe.
 */
public final class PgTransactions {

    private static final String OWNER = "ragstore.owner";
    private static final String ADMIN = "ragstore.admin";
    private static final String OWNER_SCOPE =
            "SELECT set_config('ragstore.owner', :owner, true) || set_config('ragstore.admin', 'off', true)";
    private static final String ADMIN_SCOPE = "SELECT set_config('ragstore.admin', 'on', true)";

    private final Jdbi jdbi;
    private final PgErrors errors;
    private final boolean rowLevelSecurity;
    private final ThreadLocal<Active> active = new ThreadLocal<>();
    private volatile String closedBy;

    public PgTransactions(Jdbi jdbi, PgErrors errors, boolean rowLevelSecurity) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.rowLevelSecurity = rowLevelSecurity;
    }

    /** The translator failures go through. */
    public PgErrors errors() {
        return errors;
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

    /**
     * Runs a read of {@code owner}'s rows in one round trip. When this thread runs a transaction of
     * this instance, {@code read} joins it with the scope already switched to {@code owner} and no
     * settings to apply; otherwise it gets a pooled connection in auto-commit mode and the
     * settings of the owner scope (or the admin scope without row-level security), which it applies
     * with {@code set_config(name, value, true)} in the first statement of its one execution.
     * Failures are translated like {@link #owner(UserId, PgHints, Function)}'s.
     */
    public <T> T singleRoundTripRead(UserId owner, PgHints hints, ScopedRead<T> read) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(read, "read");
        PgHints named = hints.get("owner") == null ? hints.with("owner", owner) : hints;
        requireOpen();
        Active current = active.get();
        if (current != null) {
            return joined(current, owner.value(), named, false, handle -> {
                try {
                    return read.read(handle.getConnection(), Map.of());
                } catch (SQLException e) {
                    throw errors.translate(e, named);
                }
            });
        }
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (RuntimeException e) {
            throw errors.translate(e, named);
        }
        try {
            return read.read(handle.getConnection(), scopeSettings(owner.value()));
        } catch (SQLException | RuntimeException e) {
            throw e instanceof RagStoreException r ? r : errors.translate(e, named);
        } finally {
            closeQuietly(handle);
        }
    }

    /** The transaction-local settings of a scope, as {@link #applyScope} sets them. */
    private Map<String, String> scopeSettings(UUID owner) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (owner == null || !rowLevelSecurity) {
            settings.put(ADMIN, "on");
        } else {
            settings.put(OWNER, owner.toString());
            settings.put(ADMIN, "off");
        }
        return settings;
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
            active.set(new Active(handle, owner));
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
            active.remove();
            closeQuietly(handle);
        }
    }

    private void requireOpen() {
        if (closedBy != null) {
            throw new StoreUnavailableException(PgErrors.STORE, false, closedBy + " is closed; build a new store", null);
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
                applyScope(current.handle(), current.owner());
            }
            return result;
        } catch (RuntimeException e) {
            throw translated(e, hints, hostWork);
        }
    }

    private void applyScope(Handle handle, UUID owner) {
        if (owner == null || !rowLevelSecurity) {
            handle.createQuery(ADMIN_SCOPE).mapTo(String.class).one();
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

    /** The transaction this thread runs: its handle and scope ({@code null} owner = admin). */
    private record Active(Handle handle, UUID owner) {
    }
}
