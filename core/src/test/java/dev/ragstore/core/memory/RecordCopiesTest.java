package dev.ragstore.core.memory;

import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.model.ModelProfileId;
import dev.ragstore.core.model.ModelStatus;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCopiesTest {

    private final Fixtures fixtures = new Fixtures();
    private final UserId owner = new UserId(fixtures.nextUuid());

    @Test
    void aCopyChangesOneComponentAndKeepsTheRest() {
        User user = fixtures.user("ann");
        User admin = user.withActive(false).withRole(Role.ADMIN);

        assertThat(admin).isEqualTo(new User(user.id(), "ann", user.email(), user.passwordHash(), user.displayName(),
                Role.ADMIN, false, user.emailVerified(), user.planId(), user.lifetimeTokens(), user.preferences(),
                user.lastLoginAt(), user.createdAt(), user.updatedAt()));
        assertThat(user.active()).as("the original is unchanged").isTrue();

        Document document = fixtures.document(owner, new KnowledgeBaseId(fixtures.nextUuid()), "h");
        Document failed = document.withStatus(DocumentStatus.FAILED).withErrorMessage("boom");
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.errorMessage()).isEqualTo("boom");
        assertThat(failed.withStatus(document.status()).withErrorMessage(null)).isEqualTo(document);
    }

    @Test
    void aCopyIsCheckedAsTheCanonicalConstructorChecks() {
        Document document = fixtures.document(owner, new KnowledgeBaseId(fixtures.nextUuid()), "h");
        assertThatThrownBy(() -> document.withPages(-1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("document pages must be >= 0");

        User user = fixtures.user("bob");
        assertThatThrownBy(() -> user.withPreferences(Map.of("a;drop", "x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata key");
        assertThatThrownBy(() -> user.withDisplayName(null)).isInstanceOf(NullPointerException.class);

        ChatSession session = fixtures.session(owner, List.of());
        assertThatThrownBy(() -> session.withTitle(" "))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("chat session title");

        Message message = fixtures.message(session.id(), owner, null, "hi", 1);
        assertThat(message.withAuthorId(null).authorId()).isNull();
        assertThat(message.withAuthorId(null).content()).isEqualTo("hi");
    }

    @Test
    void modelProfileCopiesTheSealedKeyIn() {
        byte[] key = {1, 2, 3};
        ModelProfile profile = new ModelProfile(new ModelProfileId(fixtures.nextUuid()), owner, "p", "https://llm",
                new byte[0], "", ModelStatus.TRAINING, List.of(), Fixtures.T0, Fixtures.T0);

        ModelProfile sealed = profile.withSealedApiKey(key);
        key[0] = 9;

        assertThat(sealed.sealedApiKey()).containsExactly(1, 2, 3);
        assertThat(sealed.withStatus(ModelStatus.TRAINED).status()).isEqualTo(ModelStatus.TRAINED);
    }
}
