package dev.ragstore.postgres.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.postgres.PgSchemaExtension;
import dev.ragstore.postgres.PostgresStore;
import dev.ragstore.testkit.ModelProfileContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ModelProfileContract} on PostgreSQL (relational store) with the in-memory vector index. */
class PgModelProfileContractIT extends ModelProfileContract {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("model_profile_contract");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }

    @Test
    void rotationOverwritesTheOldCiphertextInTheRow() {
        UserScope scope = newScope();
        ModelProfile created = scope.models().create("rotated", "https://a.example.test", "sk-old-key", "", List.of());
        byte[] oldSealed = created.sealedApiKey();
        assertThat(rowsHolding(oldSealed)).isEqualTo(1);

        ModelProfile rotated = scope.models().rotateApiKey(created.id(), "sk-new-key");

        assertThat(rowsHolding(oldSealed)).as("rows still holding the old ciphertext").isZero();
        assertThat(rowsHolding(rotated.sealedApiKey())).isEqualTo(1);
        try (PostgresStore admin = PG.store()) {
            byte[] stored = admin.inAdminTransaction(h -> h.createQuery("SELECT sealed_api_key FROM " + PG.schema()
                    + ".model_profiles WHERE id = :id").bind("id", created.id().value()).mapTo(byte[].class).one());
            assertThat(stored).isEqualTo(rotated.sealedApiKey());
        }
    }

    /** Model-profile rows whose sealed key contains {@code sealed}. */
    private static long rowsHolding(byte[] sealed) {
        try (PostgresStore admin = PG.store()) {
            return admin.inAdminTransaction(h -> h.createQuery("SELECT count(*) FROM " + PG.schema()
                    + ".model_profiles WHERE position(CAST(:sealed AS bytea) IN sealed_api_key) > 0")
                    .bind("sealed", sealed).mapTo(Long.class).one());
        }
    }
}
