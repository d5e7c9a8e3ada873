package dev.ragstore.examples.docuchat;

import dev.ragstore.core.error.QuotaExceededException;
import dev.ragstore.examples.ExampleRun;
import dev.ragstore.examples.ExampleServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays DocuChatAPI against PostgreSQL + pgvector and checks what each flow did. */
class DocuChatApiIT {

    @Test
    void playsEveryFlowOfTheSeed() throws Exception {
        ExampleRun run = new ExampleRun();
        DocuChatApi.Outcome outcome = DocuChatApi.play(ExampleServices.fromEnvironment(), ExampleRun.embedder(),
                ExampleRun.docs(), run.out());
        run.printed();

        assertThat(outcome.firstIngestChunks()).isGreaterThan(3);
        assertThat(outcome.secondUploadDeduplicated()).isTrue();
        assertThat(outcome.documentStatus()).isEqualTo("COMPLETED");
        assertThat(outcome.chunkOffsetsMatchText()).isTrue();
        assertThat(outcome.sessionMessages()).isEqualTo(2);
        assertThat(outcome.sessionTokens()).isEqualTo(14 + 180);
        assertThat(outcome.historySize()).isEqualTo(2);
        assertThat(outcome.answerModel()).isEqualTo("gpt-4o-mini");
        assertThat(outcome.answerProcessingMillis()).isEqualTo(850);
        assertThat(outcome.contextDocuments()).containsExactly("architecture.md");
        assertThat(outcome.lifetimeTokens()).isEqualTo(14 + 180);
        assertThat(outcome.usageToday().tokens()).isEqualTo(14 + 180);
        assertThat(outcome.usageToday().messages()).isEqualTo(2);
        assertThat(outcome.usageToday().documents()).isEqualTo(1);
        assertThat(outcome.usageToday().sessions()).isEqualTo(1);
        assertThat(outcome.reportRows()).isGreaterThanOrEqualTo(1);
        assertThat(outcome.planDeleteRestricted()).isTrue();
        assertThat(outcome.sessionDeleteCascadedToDocuments()).isTrue();
        assertThat(outcome.userDeleteCascadedToUsage()).isTrue();

        DocuChatApi.Quotas quotas = outcome.quotas();
        assertThat(quotas.tokens().quota()).isEqualTo(QuotaExceededException.DAILY_TOKENS);
        assertThat(quotas.tokens().plan()).contains("free");
        assertThat(quotas.tokens().limit()).isEqualTo(1_000);
        assertThat(quotas.tokens().used()).isEqualTo(900);
        assertThat(quotas.tokens().requested()).isEqualTo(200);
        assertThat(quotas.tokensUsedAfterRefusal()).isEqualTo(900);
        assertThat(quotas.documents().quota()).isEqualTo(QuotaExceededException.DOCUMENTS);
        assertThat(quotas.documents().limit()).isEqualTo(2);
        assertThat(quotas.documentsStored()).isEqualTo(2);
        assertThat(quotas.sessions().quota()).isEqualTo(QuotaExceededException.CHAT_SESSIONS);
        assertThat(quotas.sessions().limit()).isEqualTo(2);
        assertThat(quotas.sessionsHeld()).isEqualTo(2);
        assertThat(quotas.sessionFreedAfterDelete()).isTrue();
    }
}
