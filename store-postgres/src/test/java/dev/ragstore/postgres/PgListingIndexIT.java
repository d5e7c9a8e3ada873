package dev.ragstore.postgres;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each keyset listing of V10 can read one page through its owner-leading index while row-level
 * security is on: the statements (the repositories' shapes, oldest and newest first) are planned
 * as the runtime role, which does not own the tables, in the owner's transaction, with sequential
 * scans priced out so the plan shows which index the statement can use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgListingIndexIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("listing_index");

    private static final String APP_USER = System.getenv().getOrDefault("RAGSTORE_PG_APP_USER", "ragstore_app");
    private static final String APP_PASSWORD = System.getenv().getOrDefault("RAGSTORE_PG_APP_PASSWORD", "ragstore_app");

    private PostgresStore store;
    private UserId owner;
    private String session;

    @BeforeAll
    void aStoreWhoseRuntimeRoleIsSubjectToRowLevelSecurity() {
        store = PostgresStore.builder().jdbcUrl(PG.fixture().jdbcUrl()).username(APP_USER).password(APP_PASSWORD)
                .migrationCredentials(PG.fixture().user(), PG.fixture().password())
                .schema(PG.schema()).maximumPoolSize(2).poolName("listing-index").build();
        PgFixtures fixtures = new PgFixtures(store);
        owner = fixtures.user();
        KnowledgeBase knowledgeBase = fixtures.knowledgeBase(owner);
        ChatSession chat = fixtures.session(owner);
        session = chat.id().toString();
        for (int i = 0; i < 20; i++) {
            Document document = fixtures.document(owner, knowledgeBase.id(), i % 2 == 0 ? chat.id() : null,
                    i % 3 == 0 ? "application/pdf" : "text/plain");
            assertThat(document.ownerId()).isEqualTo(owner);
        }
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "documents by owner            | documents d WHERE d.owner_id = '{owner}' {live}                                    | d.id | documents_owner_idx",
        "documents by mime type        | documents d WHERE d.owner_id = '{owner}' AND d.mime_type = 'text/plain' {live}     | d.id | documents_owner_mime_type_idx",
        "documents by status           | documents d WHERE d.owner_id = '{owner}' AND d.status = 'FAILED' {live}            | d.id | documents_owner_status_idx",
        "documents by chat session     | documents d WHERE d.owner_id = '{owner}' AND d.chat_session_id = '{session}' {live} | d.id | documents_owner_chat_session_idx",
        "knowledge-base trash          | knowledge_bases WHERE owner_id = '{owner}' AND deleted_at IS NOT NULL             | id   | knowledge_bases_owner_deleted_idx",
        "chat sessions                 | chat_sessions WHERE owner_id = '{owner}'                                           | id   | chat_sessions_owner_idx",
        "documents linked to a profile | model_profile_documents l WHERE l.owner_id = '{owner}' AND l.model_profile_id = '{owner}' | l.document_id | model_profile_documents_pkey",
        "profiles linked to a document | model_profile_documents l WHERE l.owner_id = '{owner}' AND l.document_id = '{owner}' | l.model_profile_id | model_profile_documents_document_idx",
    })
    void eachListingReadsAPageThroughItsOwnerLeadingIndex(String listing, String from, String key, String index) {
        String live = "AND EXISTS (SELECT 1 FROM " + PG.schema() + ".knowledge_bases k WHERE k.owner_id = d.owner_id "
                + "AND k.id = d.knowledge_base_id AND k.deleted_at IS NULL)";
        String select = "SELECT " + key + " FROM " + PG.schema() + "." + from.replace("{owner}", owner.toString())
                .replace("{session}", session).replace("{live}", live);
        for (String sql : List.of(select + " ORDER BY " + key + " LIMIT 21",
                select + " AND " + key + " < '" + owner + "' ORDER BY " + key + " DESC LIMIT 21")) {
            String plan = store.inTransaction(owner, h -> {
                h.execute("SET LOCAL enable_seqscan = off");
                h.execute("SET LOCAL enable_bitmapscan = off");
                return String.join("\n", h.createQuery("EXPLAIN " + sql).mapTo(String.class).list());
            });
            assertThat(plan).as("%s: plan of %s", listing, sql).contains(index);
        }
    }
}
