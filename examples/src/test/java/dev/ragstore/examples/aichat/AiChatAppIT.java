package dev.ragstore.examples.aichat;

import dev.ragstore.examples.ExampleRun;
import dev.ragstore.examples.ExampleServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays the AI Chat App against PostgreSQL, pgvector and Redis and checks what each flow did. */
class AiChatAppIT {

    @Test
    void playsEveryFlowOfTheSeed() throws Exception {
        ExampleRun run = new ExampleRun();
        AiChatApp.Outcome outcome = AiChatApp.play(ExampleServices.fromEnvironment(), ExampleRun.embedder(),
                ExampleRun.docs(), run.out());

        assertThat(run.printed()).contains("login: true").contains("3 allowed, 2 refused");
        assertThat(outcome.loggedIn()).isTrue();
        assertThat(outcome.wrongPasswordRefused()).isTrue();
        assertThat(outcome.sessionResolved()).isTrue();
        assertThat(outcome.fileChunks()).isGreaterThan(10);
        assertThat(outcome.topHitFile()).isEqualTo("consistency.md");
        assertThat(outcome.messagesInChat()).isEqualTo(2);
        assertThat(outcome.chatTitle()).isEqualTo("Milvus outages");
        assertThat(outcome.allowedRequests()).isEqualTo(3);
        assertThat(outcome.refusedRequests()).isEqualTo(2);
        assertThat(outcome.cacheHit()).isTrue();
        assertThat(outcome.cacheExpired()).isTrue();
        assertThat(outcome.auditActions()).startsWith("login").contains("upload").endsWith("chat");
        assertThat(outcome.chatMessagesGoneAfterDelete()).isTrue();
        assertThat(outcome.userGoneAfterDelete()).isTrue();
        assertThat(outcome.sessionGoneAfterDelete()).isTrue();
    }
}
