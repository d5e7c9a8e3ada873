package dev.ragstore.examples.hyperion;

import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.user.Role;
import dev.ragstore.examples.ExampleRun;
import dev.ragstore.examples.ExampleServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays Hyperion against PostgreSQL, Milvus (through the outbox) and Redis and checks each flow. */
class HyperionIT {

    @Test
    void playsEveryFlowOfTheSeed() throws Exception {
        ExampleRun run = new ExampleRun();
        Hyperion.Outcome outcome = Hyperion.play(ExampleServices.fromEnvironment(), ExampleRun.embedder(),
                ExampleRun.docs(), run.out());
        run.printed();

        assertThat(outcome.adminRole()).isEqualTo(Role.ADMIN);
        assertThat(outcome.userRole()).isEqualTo(Role.USER);
        assertThat(outcome.emailLogin()).isTrue();
        assertThat(outcome.documents()).isGreaterThanOrEqualTo(5);
        assertThat(outcome.markdownFiles()).hasSize(outcome.documents() - 1).doesNotContain("notes.txt");
        assertThat(outcome.modelStatus()).isEqualTo(ModelStatus.TRAINED);
        assertThat(outcome.trainingDocuments()).isEqualTo(outcome.documents() - 1);
        assertThat(outcome.modelsOfFirstDocument()).isEqualTo(1);
        assertThat(outcome.movedEndpoint()).isEqualTo("https://llm.example/v2/chat");
        assertThat(outcome.keyRotated()).isTrue();
        assertThat(outcome.apiKeyRoundTrips()).isTrue();
        assertThat(outcome.sealedKeyIsNotPlaintext()).isTrue();
        assertThat(outcome.markdownHits()).isNotEmpty().doesNotContain("notes.txt").contains("consistency.md");
        assertThat(outcome.textHits()).containsExactly("notes.txt");
        assertThat(outcome.modelConfigCached()).isTrue();
        assertThat(outcome.queryResultsCached()).isTrue();
        assertThat(outcome.actions()).contains("upload", "train", "query");
        assertThat(outcome.queryActions()).containsExactly("query");
    }
}
