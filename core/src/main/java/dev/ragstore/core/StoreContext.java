package dev.ragstore.core;

import dev.ragstore.core.ephemeral.EphemeralStore;
import dev.ragstore.core.internal.ApiKeyTokens;
import dev.ragstore.core.internal.PasswordHashing;
import dev.ragstore.core.internal.SecretSealer;
import dev.ragstore.core.internal.TimeOrderedIds;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.spi.Chunker;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.RelationalStore;
import dev.ragstore.core.spi.TextExtractor;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What every scope of one {@link RagStore} shares. {@code sealer} is {@code null} when no sealing
 * key was configured.
 */
record StoreContext(
        RelationalStore relational,
        VectorIndex vectorIndex,
        EphemeralStore ephemeral,
        Embedder embedder,
        Chunker chunker,
        List<TextExtractor> extractors,
        Clock clock,
        TimeOrderedIds ids,
        PasswordHashing passwords,
        ApiKeyTokens apiKeyTokens,
        SecretSealer sealer) {

    /** The current time at microsecond precision, the finest every store keeps. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The current UTC day, the key of daily usage. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
