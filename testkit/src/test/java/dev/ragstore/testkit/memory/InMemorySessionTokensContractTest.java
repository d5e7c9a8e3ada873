package dev.ragstore.testkit.memory;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.memory.InMemoryEphemeralStore;
import dev.ragstore.testkit.SessionTokensContract;

import java.time.Clock;

/** {@link InMemoryEphemeralStore} on the system clock against {@link SessionTokensContract}. */
class InMemorySessionTokensContractTest extends SessionTokensContract {

    @Override
    protected EphemeralStore newEphemeralStore() {
        return InMemoryEphemeralStore.create(Clock.systemUTC());
    }
}
