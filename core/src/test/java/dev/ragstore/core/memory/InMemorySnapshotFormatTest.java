package dev.ragstore.core.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the snapshot file format: {@code snapshot-v1.json} was written by the hand-written codec before issue 12. */
class InMemorySnapshotFormatTest {

    @TempDir
    Path directory;

    @Test
    void readsAVersionOneFileWithItsSecretsAndWritesTheSameJsonBack() throws Exception {
        Path original = Path.of(getClass().getResource("snapshot-v1.json").toURI());
        InMemoryRelationalStore relational = InMemoryRelationalStore.create();
        InMemoryVectorIndex index = InMemoryVectorIndex.create();

        InMemorySnapshot.read(original, relational, index);

        UserId alice = new UserId(UUID.fromString("01900000-0002-7000-8000-000000000002"));
        assertThat(relational.users().list(PageRequest.first(10)).items()).extracting(User::passwordHash).containsOnly("hash");
        assertThat(relational.modelProfiles().list(alice)).extracting(ModelProfile::sealedApiKey)
                .containsExactly(new byte[] {0, -1, 42});
        Path again = directory.resolve("again.json");
        InMemorySnapshot.write(again, relational, index);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode written = json.readTree(again.toFile());
        // the one addition since version 1 was written: model-profile document links, none in this file
        com.fasterxml.jackson.databind.JsonNode links = ((com.fasterxml.jackson.databind.node.ObjectNode) written.get("relational"))
                .remove("modelDocumentLinks");
        assertThat(links).isNotNull();
        assertThat(links.isArray() && links.isEmpty()).as("modelDocumentLinks of a file without links: %s", links).isTrue();
        assertThat(written).isEqualTo(json.readTree(original.toFile()));
    }
}
