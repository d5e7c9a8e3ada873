package dev.ragstore.pgvector.contract;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.pgvector.PgVectorSchema;
import dev.ragstore.testkit.KnowledgeBaseTrashContract;
import dev.ragstore.testkit.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KnowledgeBaseTrashContract} on PostgreSQL with the pgvector index, which follows relational
 * deletes in the same transaction; and, beyond the facade, that a soft delete keeps the vector rows
 * (so restore needs no re-embedding) while a purge deletes them from every space table.
 */
class PgVectorKnowledgeBaseTrashContractIT extends KnowledgeBaseTrashContract {

    @RegisterExtension
    static final PgVectorSchema PG = new PgVectorSchema("pgvector_trash");

    @Override
    protected RagStore newStore(StoreOptions options) {
        return PG.ragStore(options);
    }

    @Test
    void softDeleteKeepsTheVectorRowsAndPurgeDeletesThem() {
        UserScope scope = newScope();
        KnowledgeBase knowledgeBase = scope.knowledgeBases().create(unique("kb"), "", Map.of());
        ingestText(scope, knowledgeBase, "rows.txt", "Vectors of this text are stored in the space table.");
        long stored = vectorRows(knowledgeBase);
        assertThat(stored).isPositive();

        scope.knowledgeBases().delete(knowledgeBase.id());
        assertThat(vectorRows(knowledgeBase)).isEqualTo(stored);
        scope.knowledgeBases().restore(knowledgeBase.id());
        assertThat(vectorRows(knowledgeBase)).isEqualTo(stored);

        scope.knowledgeBases().delete(knowledgeBase.id());
        scope.knowledgeBases().purge(knowledgeBase.id());
        assertThat(vectorRows(knowledgeBase)).isZero();
    }

    /** Rows of the knowledge base in every pgvector table of the schema (space tables and token tables). */
    private static long vectorRows(KnowledgeBase knowledgeBase) {
        return PG.store().inAdminTransaction(h -> {
            List<String> tables = h.createQuery("SELECT table_name FROM information_schema.columns WHERE table_schema = :schema "
                    + "AND column_name = 'knowledge_base_id' AND (table_name LIKE 'vectors%' OR table_name LIKE 'multivectors%')")
                    .bind("schema", PG.schema()).mapTo(String.class).list();
            assertThat(tables).isNotEmpty();
            long rows = 0;
            for (String table : tables) {
                rows += h.createQuery("SELECT count(*) FROM " + PG.schema() + ".\"" + table + "\" WHERE knowledge_base_id = :id")
                        .bind("id", knowledgeBase.id().value()).mapTo(Long.class).one();
            }
            return rows;
        });
    }
}
