package dev.ragstore.postgres.internal;

import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.core.error.RagStoreException;
import dev.ragstore.core.error.StoreUnavailableException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class PgErrorsTest {

    private final PgErrorMapping errors = new PgErrorMapping("db.example:5433",
            () -> "pool 'ragstore': total=10, active=10, idle=0, waiting=7");

    @Test
    void uniqueViolationIsAConflictNamingTheRuleAndTheValue() {
        RagStoreException translated = errors.translate(server("23505", "users_username_key",
                "Key (username)=(bob) already exists."));

        assertThat(translated).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.rule()).isEqualTo("user.username.unique"));
        assertThat(translated).hasMessageContaining("username 'bob'").hasCauseInstanceOf(PSQLException.class);
    }

    @Test
    void ownerScopedUniqueViolationEchoesTheNameWithoutTheOwner() {
        RagStoreException translated = errors.translate(server("23505", "knowledge_bases_owner_name_live_key",
                "Key (owner_id, name)=(0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b, Team, docs) already exists."));

        assertThat(translated).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.rule()).isEqualTo("knowledge_base.name.unique"));
        assertThat(translated).hasMessageContaining("'Team, docs'").hasMessageNotContaining("0190a1b2");
    }

    @Test
    void missingParentIsNotFoundNamingTheEntityAndId() {
        RagStoreException translated = errors.translate(server("23503", "users_plan_fkey",
                "Key (plan_id)=(0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b) is not present in table \"plans\"."));

        assertThat(translated).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.entity()).isEqualTo("plan");
            assertThat(e.id()).isEqualTo("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        });
    }

    @Test
    void compositeForeignKeyNamesTheParentNotTheOwner() {
        RagStoreException translated = errors.translate(server("23503", "documents_knowledge_base_fkey",
                "Key (knowledge_base_id, owner_id)=(0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b, 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c) "
                        + "is not present in table \"knowledge_bases\"."));

        assertThat(translated).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.entity()).isEqualTo("knowledge base");
            assertThat(e.id()).isEqualTo("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        });
    }

    @Test
    void deletingAPlanUsersAreOnIsAConflictPlanInUse() {
        RagStoreException translated = errors.translate(server("23503", "users_plan_fkey",
                "Key (id)=(0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b) is still referenced from table \"users\"."));

        assertThat(translated).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.rule()).isEqualTo("plan.in_use"));
    }

    @Test
    void bytesPostgresCannotStoreAreInvalidInput() {
        assertThat(errors.translate(server("22021", null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("NUL");
        assertThat(errors.translate(server("22P05", null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("22P05");
    }

    @Test
    void aValueBeyondAPostgresLimitIsInvalidInputNotAnOutage() {
        // issue 18, finding 11: 54000 (program_limit_exceeded) was a non-retryable StoreUnavailableException
        assertThat(errors.translate(server("54000", null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("54000").hasMessageContaining("limit");
    }

    @Test
    void aQuotaTriggersRefusalIsQuotaExceededWithLimitPlanAndAmounts() {
        RagStoreException translated = errors.translate(server(PgErrorMapping.QUOTA_EXCEEDED, null,
                "quota=documents;limit=5;used=5;requested=1;plan=pro; yearly=on"));

        assertThat(translated).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.quota()).isEqualTo("documents");
            assertThat(e.plan()).contains("pro; yearly=on");
            assertThat(e.limit()).isEqualTo(5);
            assertThat(e.used()).isEqualTo(5);
            assertThat(e.requested()).isEqualTo(1);
        }).hasMessageContainingAll("documents limit 5 of plan 'pro; yearly=on'", "used 5", "requested 1")
                .hasCauseInstanceOf(PSQLException.class);
    }

    @Test
    void aQuotaRefusalWithoutItsDetailIsAnOutageNotAGuess() {
        assertThat(errors.translate(server(PgErrorMapping.QUOTA_EXCEEDED, null, "something else")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetryable() {
        for (String state : new String[] {"40001", "40P01"}) {
            assertThat(errors.translate(server(state, null, null)))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.store()).isEqualTo("postgresql");
                    })
                    .hasMessageContaining(state).hasMessageContaining("nothing was written");
        }
    }

    @Test
    void terminatedBackendIsRetryableAndShowsAddressAndPoolState() {
        assertThat(errors.translate(server("57P01", null, null)))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("db.example:5433")
                .hasMessageContaining("total=10, active=10, idle=0, waiting=7");
    }

    @Test
    void connectionFailureStatesAreRetryable() {
        PSQLException io = new PSQLException("An I/O error occurred while sending to the backend.",
                org.postgresql.util.PSQLState.CONNECTION_FAILURE);

        assertThat(errors.translate(io))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("db.example:5433");
    }

    @Test
    void poolTimeoutIsRetryableWithPoolState() {
        ConnectionException timeout = new ConnectionException(
                new SQLTransientConnectionException("ragstore - Connection is not available, request timed out after 30000ms."));

        assertThat(errors.translate(timeout))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("waiting=7")
                .hasCause(timeout);
    }

    @Test
    void failedBatchIsTranslatedFromTheServerErrorItWraps() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", new int[0]);
        batch.setNextException(server("23505", "chunks_pkey", "Key (id)=(0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b) already exists."));

        assertThat(errors.translate(batch)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.rule()).isEqualTo("chunk.id.unique"));
    }

    @Test
    void unknownFailureIsUnavailableAndNotRetryable() {
        assertThat(errors.translate(new IllegalStateException("boom")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("boom");
        assertThat(errors.translate(server("42P01", null, null)))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("migrated");
    }

    @Test
    void ragStoreExceptionsPassUnchanged() {
        NotFoundException notFound = new NotFoundException("user", "x");

        assertThat(errors.translate(notFound)).isSameAs(notFound);
    }

    private static PSQLException server(String state, String constraint, String detail) {
        StringBuilder fields = new StringBuilder("SERROR\u0000C").append(state).append("\u0000Mserver says ").append(state)
                .append('\u0000');
        if (constraint != null) {
            fields.append('n').append(constraint).append('\u0000');
        }
        if (detail != null) {
            fields.append('D').append(detail).append('\u0000');
        }
        return new PSQLException(new ServerErrorMessage(fields.toString()));
    }
}
