package dev.ragstore.core.memory;

import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UnsignedIdOrderTest {

    private static final UUID LOW = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
    private static final UUID HIGH = UUID.fromString("80000000-0000-7000-8000-000000000000");

    @Test
    void listsUsersInUnsignedIdOrderAcrossPages() {
        InMemoryRelationalStore store = InMemoryRelationalStore.create();
        store.users().insert(user(HIGH, "high"));
        store.users().insert(user(LOW, "low"));

        Page<User> first = store.users().list(PageRequest.first(1));
        Page<User> second = store.users().list(PageRequest.first(1).next(first.nextCursor()));

        assertThat(first.items()).extracting(User::username).containsExactly("low");
        assertThat(first.nextCursor()).isEqualTo(LOW.toString());
        assertThat(second.items()).extracting(User::username).containsExactly("high");
        assertThat(second.hasNext()).isFalse();
    }

    private static User user(UUID id, String name) {
        return new User(new UserId(id), name, null, "hash", name, Role.USER, true, false, null, 0, Map.of(), null,
                Fixtures.T0, Fixtures.T0);
    }
}
