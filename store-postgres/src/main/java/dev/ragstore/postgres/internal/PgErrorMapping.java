package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.postgres.spi.PgErrors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where PostgreSQL, JDBC, HikariCP and Jdbi failures become RagStore exceptions.
 * The driver exception always stays attached as the cause. Thread-safe.
 *
 * <ul>
 *   <li>23505 unique violation → {@link ConflictException} with the rule named by the constraint;</li>
 *   <li>23503 foreign-key violation → {@link NotFoundException} for a missing parent, or
 *       {@link ConflictException} {@code plan.in_use} for a plan users are still on;</li>
 *   <li>22003 (numeric value out of range: a counter past 2<sup>63</sup> - 1) → {@link ConflictException}
 *       {@code counter.range}, as the in-memory store reports it;</li>
 *   <li>22021 / 22P05 (bytes PostgreSQL cannot store, such as NUL), 22001, 23502, 23514 →
 *       {@link InvalidInputException};</li>
 *   <li>54000 (a value beyond a PostgreSQL limit, such as a chunk text whose full-text entry, its
 *       {@code tsvector}, exceeds 1 MB) → {@link InvalidInputException} naming the field when
 *       it is known;</li>
 *   <li>40001 / 40P01 / 55P03 / 57014 (serialization failure, deadlock, lock or statement timeout),
 *       08xxx, 57P01-57P03, 53300 and pool timeouts → {@link StoreUnavailableException}, retryable,
 *       with the server address and the pool's state;</li>
 *   <li>RQ001 (raised by the V6 quota triggers on documents and chat sessions) →
 *       {@link QuotaExceededException} with the limit, plan and amounts the trigger reported;</li>
 *   <li>anything else → {@link StoreUnavailableException}, not retryable.</li>
 * </ul>
 */
public final class PgErrorMapping implements PgErrors {

    /** The SQLSTATE of a plan limit refused by a V6 quota trigger. */
    public static final String QUOTA_EXCEEDED = "RQ001";

    private static final int MAX_ECHO = 80;
    /** The DETAIL of a V6 quota trigger; the plan name comes last, so any character it holds parses. */
    private static final Pattern QUOTA_DETAIL =
            Pattern.compile("quota=([^;]*);limit=(\\d+);used=(\\d+);requested=(\\d+);plan=(.*)", Pattern.DOTALL);
    /** "Key (a, b)=(x, y) ..." — the structure of a constraint DETAIL is the same in every server locale. */
    private static final Pattern KEY_DETAIL = Pattern.compile("\\(([^)]*)\\)=\\((.*)\\)");

    private static final Map<String, Unique> UNIQUE = Map.ofEntries(
            unique("users_username_key", "user.username.unique", "username", "username", 0),
            unique("users_email_key", "user.email.unique", "email", "email", 0),
            unique("users_pkey", "user.id.unique", "user id", "id", 0),
            unique("plans_name_key", "plan.name.unique", "plan name", "name", 0),
            unique("plans_pkey", "plan.id.unique", "plan id", "id", 0),
            unique("api_keys_prefix_key", "api_key.prefix.unique", "api key prefix", "prefix", 0),
            unique("api_keys_pkey", "api_key.id.unique", "api key id", "id", 0),
            unique("knowledge_bases_owner_name_live_key", "knowledge_base.name.unique", "knowledge base name", "name", 1),
            unique("knowledge_bases_pkey", "knowledge_base.id.unique", "knowledge base id", "id", 0),
            unique("chat_sessions_pkey", "chat_session.id.unique", "chat session id", "id", 0),
            unique("documents_pkey", "document.id.unique", "document id", "id", 0),
            unique("documents_knowledge_base_hash_key", "document.content_hash.unique", "document content hash", "contentHash", 1),
            unique("chunks_pkey", "chunk.id.unique", "chunk id", "chunk", 0),
            unique("chunks_document_index_key", "chunk.index.unique", "chunk index", "index", 1),
            unique("messages_pkey", "message.id.unique", "message id", "id", 0),
            unique("messages_idempotency_key", "message.idempotency_key.reused", "message idempotency key", "idempotencyKey", 2),
            unique("usage_idempotency_keys_pkey", "usage.idempotency_key.reused", "usage idempotency key", "idempotencyKey", 1),
            unique("model_profiles_owner_name_key", "model_profile.name.unique", "model profile name", "name", 1),
            unique("model_profiles_pkey", "model_profile.id.unique", "model profile id", "id", 0),
            unique("audit_events_pkey", "audit_event.id.unique", "audit event id", "id", 0));

    private static final Map<String, ForeignKey> FOREIGN = Map.ofEntries(
            foreign("users_plan_fkey", "plan", "plan_id", "plan", "plan.in_use"),
            foreign("api_keys_owner_fkey", "user", "owner_id", "owner", null),
            foreign("knowledge_bases_owner_fkey", "user", "owner_id", "owner", null),
            foreign("chat_sessions_owner_fkey", "user", "owner_id", "owner", null),
            foreign("documents_owner_fkey", "user", "owner_id", "owner", null),
            foreign("documents_knowledge_base_fkey", "knowledge base", "knowledge_base_id, owner_id", "knowledgeBase", null),
            foreign("documents_chat_session_fkey", "chat session", "chat_session_id, owner_id", "session", null),
            foreign("chunks_document_fkey", "document", "document_id, owner_id", "document", null),
            foreign("messages_session_fkey", "chat session", "session_id, owner_id", "session", null),
            foreign("messages_author_fkey", "user", "author_id", "author", null),
            foreign("messages_parent_fkey", "message", "parent_id", "parent", null),
            foreign("usage_days_owner_fkey", "user", "owner_id", "owner", null),
            foreign("usage_idempotency_keys_owner_fkey", "user", "owner_id", "owner", null),
            foreign("model_profiles_owner_fkey", "user", "owner_id", "owner", null),
            foreign("model_profile_documents_profile_fkey", "model profile", "model_profile_id, owner_id", "modelProfile", null),
            foreign("model_profile_documents_document_fkey", "document", "document_id, owner_id", "document", null),
            foreign("audit_events_owner_fkey", "user", "owner_id", "owner", null),
            foreign("quota_locks_owner_fkey", "user", "owner_id", "owner", null));

    private final String address;
    private final Supplier<String> poolState;

    /**
     * @param address   where the server is, e.g. {@code "127.0.0.1:5432"}, for messages
     * @param poolState a one-line snapshot of the connection pool, e.g.
     *                  {@code "pool 'ragstore': total=10, active=10, idle=0, waiting=7"}
     */
    public PgErrorMapping(String address, Supplier<String> poolState) {
        this.address = Objects.requireNonNull(address, "address");
        this.poolState = Objects.requireNonNull(poolState, "poolState");
    }

    /** The server address messages name. */
    @Override
    public String address() {
        return address;
    }

    /**
     * Translates {@code failure}. A {@link RagStoreException} is returned unchanged; any other
     * exception becomes a RagStore exception with {@code failure} as its cause.
     */
    @Override
    public RagStoreException translate(Throwable failure) {
        return translate(failure, PgHints.none());
    }

    /**
     * Translates {@code failure} like {@link #translate(Throwable)}, naming in conflict and
     * not-found messages the values {@code hints} gives (PostgreSQL omits them for tables under
     * row-level security).
     */
    public RagStoreException translate(Throwable failure, PgHints hints) {
        if (failure instanceof RagStoreException known) {
            return known;
        }
        SQLException sql = findSqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        if (sql instanceof SQLTransientConnectionException || (state == null && isConnectionFailure(failure))) {
            return unavailable(true, "no connection could be obtained", failure);
        }
        if (state == null) {
            return new StoreUnavailableException(STORE, false,
                    "PostgreSQL call at " + address + " failed: " + failure.getMessage(), failure);
        }
        switch (state) {
            case "23505":
                return uniqueViolation(sql, failure, hints);
            case "23503":
                return foreignKeyViolation(sql, failure, hints);
            case "22021":
            case "22P05":
                return InvalidInputException.withoutValue("text",
                        "must be valid UTF-8 that PostgreSQL can store, without NUL (U+0000) characters ("
                                + state + ": " + serverMessage(sql) + ")");
            case "54000":
                return programLimit(sql, failure);
            case QUOTA_EXCEEDED:
                return quotaExceeded(sql, failure);
            case "22003":
                // bigint counters (usage, lifetime tokens, chat totals): the in-memory store
                // refuses the same sum with the same exception and rule
                return new ConflictException("counter.range", "a counter would pass " + Long.MAX_VALUE
                        + " (rule counter.range; 22003: " + serverMessage(sql) + "); nothing was written", failure);
            case "22001":
            case "23502":
            case "23514":
                return InvalidInputException.withoutValue(constraintOrColumn(sql),
                        "is rejected by the database (" + state + ": " + serverMessage(sql) + ")");
            case "40001":
            case "40P01":
            case "55P03":
            case "57014":
                return new StoreUnavailableException(STORE, true, "PostgreSQL at " + address
                        + " aborted the transaction (" + state + ": " + serverMessage(sql) + "); nothing was written, retry the call",
                        failure);
            case "57P01":
            case "57P02":
            case "57P03":
            case "53300":
                return unavailable(true, state + ": " + serverMessage(sql), failure);
            default:
                break;
        }
        if (state.startsWith("08")) {
            return unavailable(true, state + ": " + serverMessage(sql), failure);
        }
        if (state.startsWith("28")) {
            return new StoreUnavailableException(STORE, false, "PostgreSQL at " + address
                    + " refused the credentials (" + state + "): check username and password", failure);
        }
        if (state.startsWith("42") || state.equals("3F000")) {
            return new StoreUnavailableException(STORE, false, "PostgreSQL at " + address
                    + " rejected a statement (" + state + ": " + serverMessage(sql)
                    + "); is the schema migrated to this version of RagStore?", failure);
        }
        return new StoreUnavailableException(STORE, false,
                "PostgreSQL at " + address + " failed (" + state + ": " + serverMessage(sql) + ")", failure);
    }

    /**
     * 54000 (program_limit_exceeded) is raised for values too large for a PostgreSQL structure: the
     * chunk text's {@code tsvector} (the generated {@code text_search} column of the chunks table and
     * of pgvector's space tables) above 1,048,575 bytes of distinct words and positions, or an index
     * entry, array or jsonb value beyond its limit. The input can be accepted by RagStore's own rules
     * and still not fit, so it is invalid input, not an outage; the statement rolled back.
     */
    private static RagStoreException programLimit(SQLException sql, Throwable failure) {
        String message = serverMessage(sql);
        InvalidInputException invalid = message.contains("tsvector")
                ? InvalidInputException.withoutValue("chunk text", "must fit PostgreSQL's full-text index entry "
                        + "(tsvector: at most 1048575 bytes of distinct words and their positions); split the text into "
                        + "smaller chunks (54000: " + message + ")")
                : InvalidInputException.withoutValue(constraintOrColumn(sql), "exceeds a PostgreSQL limit (54000: "
                        + message + ")");
        invalid.initCause(failure);
        return invalid;
    }

    private RagStoreException quotaExceeded(SQLException sql, Throwable failure) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        Matcher detail = server == null || server.getDetail() == null ? null : QUOTA_DETAIL.matcher(server.getDetail());
        if (detail == null || !detail.matches()) {
            return new StoreUnavailableException(STORE, false, "PostgreSQL at " + address + " refused a write by a quota "
                    + "trigger without the expected detail (" + QUOTA_EXCEEDED + ": " + serverMessage(sql) + ")", failure);
        }
        QuotaExceededException quota = new QuotaExceededException(detail.group(1), detail.group(5),
                Long.parseLong(detail.group(2)), Long.parseLong(detail.group(3)), Long.parseLong(detail.group(4)));
        quota.initCause(failure);
        return quota;
    }

    private RagStoreException unavailable(boolean retryable, String what, Throwable cause) {
        return new StoreUnavailableException(STORE, retryable,
                "PostgreSQL unavailable at " + address + " (" + poolState.get() + "): " + what, cause);
    }

    private static RagStoreException uniqueViolation(SQLException sql, Throwable failure, PgHints hints) {
        String constraint = constraint(sql);
        Unique unique = UNIQUE.get(constraint);
        if (unique == null) {
            return new ConflictException(constraint == null ? "unique" : constraint,
                    "a unique rule of the database was broken: " + serverMessage(sql), failure);
        }
        String value = hints.get(unique.hint());
        if (value == null) {
            Matcher detail = detail(sql);
            value = detail == null ? null : nth(detail.group(2), unique.valueIndex());
        }
        return new ConflictException(unique.rule(),
                unique.what() + (value == null ? "" : " " + echo(value)) + " is already taken (rule " + unique.rule() + ")",
                failure);
    }

    private static RagStoreException foreignKeyViolation(SQLException sql, Throwable failure, PgHints hints) {
        String constraint = constraint(sql);
        ForeignKey key = FOREIGN.get(constraint);
        if (key == null) {
            return new ConflictException(constraint == null ? "foreign_key" : constraint,
                    "a reference rule of the database was broken: " + serverMessage(sql), failure);
        }
        Matcher detail = detail(sql);
        if (detail != null && !detail.group(1).equals(key.columns()) && key.inUseRule() != null) {
            // the key named is the parent's own: a delete of a row that is still referenced
            return new ConflictException(key.inUseRule(), key.entity() + " " + echo(nth(detail.group(2), 0))
                    + " is still in use (rule " + key.inUseRule() + ")", failure);
        }
        String id = hints.get(key.hint());
        if (id == null) {
            id = detail == null ? "unknown" : nth(detail.group(2), 0);
        }
        return notFound(key.entity(), id, failure);
    }

    private static NotFoundException notFound(String entity, String id, Throwable cause) {
        NotFoundException notFound = new NotFoundException(entity, id);
        notFound.initCause(cause);
        return notFound;
    }

    /** The parsed "Key (columns)=(values)" of the DETAIL, or {@code null} (PostgreSQL omits it under row-level security). */
    private static Matcher detail(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null || server.getDetail() == null) {
            return null;
        }
        Matcher matcher = KEY_DETAIL.matcher(server.getDetail());
        return matcher.find() ? matcher : null;
    }

    /** The value at {@code index} of a DETAIL value list; leading key columns are uuids, which hold no ", ". */
    private static String nth(String values, int index) {
        String rest = values;
        for (int i = 0; i < index; i++) {
            int comma = rest.indexOf(", ");
            if (comma < 0) {
                return rest;
            }
            rest = rest.substring(comma + 2);
        }
        if (index == 0) {
            int comma = rest.indexOf(", ");
            return comma < 0 ? rest : rest.substring(0, comma);
        }
        return rest;
    }

    private static String constraint(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null ? null : server.getConstraint();
    }

    private static String constraintOrColumn(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return "value";
        }
        if (server.getConstraint() != null) {
            return server.getConstraint();
        }
        return server.getColumn() != null ? server.getColumn() : "value";
    }

    private static String serverMessage(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server != null && server.getMessage() != null ? server.getMessage() : String.valueOf(sql.getMessage());
    }

    private static String echo(String value) {
        String text = "'" + value + "'";
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }

    private static SQLException findSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // a failed batch wraps the server's error as its "next exception"
                SQLException next = sql.getNextException();
                return next != null && !(sql instanceof PSQLException) ? next : sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.jdbi.v3.core.ConnectionException || t instanceof java.net.ConnectException
                    || t instanceof java.io.EOFException || t instanceof java.net.SocketException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Map.Entry<String, Unique> unique(String constraint, String rule, String what, String hint, int valueIndex) {
        return Map.entry(constraint, new Unique(rule, what, hint, valueIndex));
    }

    private static Map.Entry<String, ForeignKey> foreign(String constraint, String entity, String columns, String hint,
            String inUseRule) {
        return Map.entry(constraint, new ForeignKey(entity, columns, hint, inUseRule));
    }

    /**
     * @param hint       the {@link PgHints} name of the value the message names
     * @param valueIndex the position of that value in the DETAIL's key, when PostgreSQL gives it
     */
    private record Unique(String rule, String what, String hint, int valueIndex) {
    }

    /**
     * @param columns the referencing columns as PostgreSQL lists them in DETAIL
     * @param hint    the {@link PgHints} name of the referenced id
     */
    private record ForeignKey(String entity, String columns, String hint, String inUseRule) {
    }
}
