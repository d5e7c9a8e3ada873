package dev.ragstore.postgres.internal;

import dev.ragstore.postgres.spi.PgResult;
import dev.ragstore.postgres.spi.PgScope;
import dev.ragstore.postgres.spi.PgSession;
import dev.ragstore.postgres.spi.PgSetting;
import dev.ragstore.postgres.spi.PgSql;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/** The two kinds of {@link PgSession}: in a transaction whose scope is applied, and a one-round-trip read. */
final class PgSessions {

    private PgSessions() {
    }

    /** A session on {@code handle}, which runs a transaction already in {@code scope}. */
    static PgSession transaction(Handle handle, PgScope scope, String schema) {
        return new Session(handle, scope, null, null, schema);
    }

    /**
     * A session on {@code handle} in auto-commit mode: its one query sends {@code applied} (the
     * scope row-level security is to see; admin when it is off) with the statement; {@code scope}
     * is what it reports; the admin scope presents {@code adminSetting} (the store's token).
     */
    static PgSession oneRoundTripRead(Handle handle, PgScope applied, PgScope scope, String adminSetting, String schema) {
        return new Session(handle, scope, Objects.requireNonNull(applied, "applied"), adminSetting, schema);
    }

    private static final class Session implements PgSession {

        private final Handle handle;
        private final PgScope scope;
        /** The scope to send with the one query of a one-round-trip read; {@code null} in a transaction. */
        private final PgScope toApply;
        private final String adminSetting;
        private final String schema;
        private boolean queried;

        Session(Handle handle, PgScope scope, PgScope toApply, String adminSetting, String schema) {
            this.handle = handle;
            this.scope = scope;
            this.toApply = toApply;
            this.adminSetting = adminSetting;
            this.schema = schema;
        }

        @Override
        public PgScope scope() {
            return scope;
        }

        @Override
        public String schema() {
            return schema;
        }

        @Override
        public boolean inTransaction() {
            return toApply == null;
        }

        @Override
        public Handle handle() {
            return handle;
        }

        @Override
        public Connection connection() {
            return handle.getConnection();
        }

        @Override
        public <T> T query(PgSql statement, List<PgSetting> settings, PgResult<T> result) throws SQLException {
            Objects.requireNonNull(statement, "statement");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(result, "result");
            if (!inTransaction()) {
                if (queried) {
                    throw new IllegalStateException("a one-round-trip read sends one query; this one was already sent");
                }
                queried = true;
            }
            PgSql batch = new PgSql();
            String separator = "SELECT ";
            if (toApply instanceof PgScope.Owner owner) {
                batch.sql(separator + "set_config('" + PgTransactions.OWNER + "', ").text(owner.id().value().toString())
                        .sql(", true), set_config('" + PgTransactions.ADMIN + "', 'off', true)");
                separator = ", ";
            } else if (toApply instanceof PgScope.Admin) {
                batch.sql(separator + "set_config('" + PgTransactions.ADMIN + "', ").text(adminSetting).sql(", true)");
                separator = ", ";
            }
            for (PgSetting setting : settings) {
                batch.sql(separator + "set_config(").text(setting.name()).sql(", ").text(setting.value()).sql(", true)");
                separator = ", ";
            }
            boolean prefixed = !separator.equals("SELECT ");
            if (prefixed) {
                batch.sql("; ");
            }
            batch.append(statement);
            try (PreparedStatement prepared = batch.prepare(connection())) {
                prepared.execute();
                if (prefixed && !prepared.getMoreResults()) {
                    throw new IllegalStateException("the statement returned no rows: " + statement.text());
                }
                try (ResultSet rows = prepared.getResultSet()) {
                    if (rows == null) {
                        throw new IllegalStateException("the statement returned no rows: " + statement.text());
                    }
                    return result.map(rows);
                }
            }
        }

        @Override
        public int update(PgSql statement) throws SQLException {
            Objects.requireNonNull(statement, "statement");
            if (!inTransaction()) {
                throw new IllegalStateException("a one-round-trip read cannot write; use PgHost.transaction");
            }
            try (PreparedStatement prepared = statement.prepare(connection())) {
                return prepared.executeUpdate();
            }
        }

        @Override
        public String toString() {
            return "PgSession[" + scope + ", schema " + schema + (inTransaction() ? ", transaction" : ", one round trip") + "]";
        }
    }
}
