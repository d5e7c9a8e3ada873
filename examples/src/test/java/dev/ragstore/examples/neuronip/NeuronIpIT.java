package dev.ragstore.examples.neuronip;

import dev.ragstore.examples.ExampleRun;
import dev.ragstore.examples.ExampleServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays NeuronIP against PostgreSQL + pgvector and checks each flow. */
class NeuronIpIT {

    @Test
    void playsEveryFlowOfTheSeed() throws Exception {
        ExampleRun run = new ExampleRun();
        NeuronIp.Outcome outcome = NeuronIp.play(ExampleServices.fromEnvironment(), ExampleRun.embedder(),
                ExampleRun.docs(), run.out());
        run.printed();

        assertThat(outcome.hybridHits()).first().isEqualTo("security.md");
        assertThat(outcome.hybridHitsHaveBothRanks()).isTrue();
        assertThat(outcome.otherUserHits()).isZero();
        assertThat(outcome.apiKeyPrefix()).isNotBlank();
        assertThat(outcome.apiKeyHashNotToken()).isTrue();
        assertThat(outcome.apiKeyAuthenticates()).isTrue();
        assertThat(outcome.wrongKeyRefused()).isTrue();
        assertThat(outcome.ticketsAfterCommit()).isEqualTo(1);
        assertThat(outcome.ticketsAfterRollback()).isEqualTo(1);
        assertThat(outcome.documentsAfterRollback()).isEqualTo(outcome.documentsAfterCommit());
        assertThat(outcome.ticketsVisibleToOtherUser()).isZero();
        assertThat(outcome.keyRequestsAllowed()).isEqualTo(3);
        assertThat(outcome.keyRateLimited().permits()).isEqualTo(3);
        assertThat(outcome.keyRateLimited().retryAfter()).isPositive();
        assertThat(outcome.adminOverrideHits()).isEqualTo(outcome.hybridHits());
        assertThat(outcome.adminAuditActions()).anyMatch(action -> action.startsWith("admin.search"));
    }
}
