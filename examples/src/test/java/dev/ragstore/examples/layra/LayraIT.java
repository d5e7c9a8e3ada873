package dev.ragstore.examples.layra;

import dev.ragstore.examples.ExampleRun;
import dev.ragstore.examples.ExampleServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays LAYRA against PostgreSQL + pgvector and Redis and checks each flow. */
class LayraIT {

    @Test
    void playsEveryFlowOfTheSeed() throws Exception {
        ExampleRun run = new ExampleRun();
        Layra.Outcome outcome = Layra.play(ExampleServices.fromEnvironment(), ExampleRun.embedder(),
                ExampleRun.docs(), run.out());
        run.printed();

        assertThat(outcome.legacyLoginWorked()).isTrue();
        assertThat(outcome.hashUpgradedToArgon2()).isTrue();
        assertThat(outcome.secondLoginWorked()).isTrue();
        assertThat(outcome.tokenPayload()).isEqualTo(Map.of("conversation", "conv_john_1", "scopes", List.of("chat", "upload")));
        assertThat(outcome.tokenRevoked()).isTrue();
        assertThat(outcome.pages()).isEqualTo(ExampleRun.docs().toFile().list((dir, name) -> name.endsWith(".md")).length);
        assertThat(outcome.chunks()).isGreaterThan(outcome.pages());
        assertThat(outcome.progressCallbacks()).isPositive();
        assertThat(outcome.jobStatus()).isEqualTo("COMPLETED");
        assertThat(outcome.lockReleased()).isTrue();
        assertThat(outcome.hitsAreMultiVector()).isTrue();
        assertThat(outcome.citedPages()).hasSize(3).allMatch(page -> page >= 1 && page <= outcome.pages());
        assertThat(outcome.citedPagesHoldQuotes()).isTrue();
        assertThat(outcome.branches()).isEqualTo(2);
        assertThat(outcome.regeneratedHistory()).hasSize(2).last().asString().startsWith("In short");
        assertThat(outcome.hitsWhileDeleted()).isZero();
        assertThat(outcome.trash()).containsExactly("project-docs");
        assertThat(outcome.hitsAfterRestore()).isEqualTo(3);
        assertThat(outcome.purged()).isTrue();
    }
}
