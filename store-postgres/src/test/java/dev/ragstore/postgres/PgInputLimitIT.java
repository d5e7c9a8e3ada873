package dev.ragstore.postgres;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.spi.HashingEmbedder;
import dev.ragstore.core.spi.TextChunk;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Input the facade accepts but PostgreSQL cannot hold is reported as invalid input, not as an
 * outage (issue 18, finding 11).
 */
class PgInputLimitIT {

    @RegisterExtension
    static final PgSchemaExtension PG = new PgSchemaExtension("input_limits");

    /**
     * 999,000 characters (RagStore allows 1,000,000 in a chunk) of 111,000 distinct words, whose
     * tsvector needs about 1.3 MB: more than PostgreSQL's 1 MB (1,048,575 bytes).
     */
    static String wordsBeyondTheTsvectorLimit() {
        StringBuilder text = new StringBuilder(1_000_000);
        for (int i = 0; i < 111_000; i++) {
            text.append('w').append(String.format("%07d", i)).append(' ');
        }
        return text.toString();
    }

    @Test
    void aChunkWhoseTsvectorExceedsPostgresLimitIsInvalidInputAndWritesNoChunk() {
        String text = wordsBeyondTheTsvectorLimit();
        try (RagStore store = RagStore.builder().relationalStore(PG.store()).embedder(HashingEmbedder.create(8))
                .chunker(extracted -> List.of(new TextChunk(extracted.text(), 0, extracted.text().length(), null, 1)))
                .build()) {
            User user = store.admin().createUser(NewUser.of("limits-" + System.nanoTime(), "correct horse battery"));
            UserScope scope = store.forUser(user.id());
            KnowledgeBase kb = scope.knowledgeBases().create("kb", "", Map.of());

            assertThatThrownBy(() -> scope.documents().ingest(kb.id(), DocumentSource.builder("words.txt", "text/plain",
                    text.getBytes(StandardCharsets.UTF_8)).build()))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("chunk text");
                        assertThat(e.rule()).contains("tsvector").contains("1048575");
                    });

            Document failed = scope.documents().list(kb.id(), PageRequest.first(10)).items().get(0);
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(scope.documents().chunks(failed.id())).isEmpty();
        }
    }
}
