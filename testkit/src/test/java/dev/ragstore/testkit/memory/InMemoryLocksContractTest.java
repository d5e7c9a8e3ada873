package dev.ragstore.testkit.memory;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.memory.InMemoryEphemeralStore;
import dev.ragstore.testkit.LocksContract;

import java.time.Clock;

/** {@link InMemoryEphemeralStore} on the system clock against {@link LocksContract}. */
class InMemoryLocksContractTest extends LocksContract {

    @Override
    protected EphemeralStore newEphemeralStore() {
        return InMemoryEphemeralStore.create(Clock.systemUTC());
    }
}
