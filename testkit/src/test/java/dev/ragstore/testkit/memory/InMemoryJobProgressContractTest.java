package dev.ragstore.testkit.memory;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.memory.InMemoryEphemeralStore;
import dev.ragstore.testkit.JobProgressContract;

import java.time.Clock;

/** {@link InMemoryEphemeralStore} on the system clock against {@link JobProgressContract}. */
class InMemoryJobProgressContractTest extends JobProgressContract {

    @Override
    protected EphemeralStore newEphemeralStore() {
        return InMemoryEphemeralStore.create(Clock.systemUTC());
    }
}
