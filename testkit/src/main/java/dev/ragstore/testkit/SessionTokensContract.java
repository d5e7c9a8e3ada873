package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of {@link SessionTokens}: an issued token is random, resolves to its user until it
 * expires (after its TTL, in real time), is revoked alone or with all of its user's tokens,
 * and can be extended while live; unknown, revoked and expired tokens read as empty; a TTL
 * outside 1 second to 365 days is rejected; {@code toString()} masks the token.
 *
 * <p>Subclass it and implement {@link #newEphemeralStore()} (see {@link EphemeralContractSupport}).
 */
public abstract class SessionTokensContract extends EphemeralContractSupport {

    private SessionTokens tokens() {
        return ephemeral().sessionTokens();
    }

    private static UserId user() {
        return new UserId(UUID.randomUUID());
    }

    @Test
    void issuedTokenResolvesToItsUserUntilItsExpiry() {
        UserId user = user();

        SessionToken issued = tokens().issue(user, Duration.ofHours(1));

        assertThat(issued.userId()).isEqualTo(user);
        assertThat(issued.token()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(Duration.between(issued.issuedAt(), issued.expiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(tokens().resolve(issued.token())).contains(issued);
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void tokensAreUnique() {
        UserId user = user();
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 100; i++) {
            assertThat(seen.add(tokens().issue(user, Duration.ofMinutes(5)).token())).isTrue();
        }
    }

    @Test
    void unknownTokenReadsAsEmpty() {
        assertThat(tokens().resolve("no-such-token-" + UUID.randomUUID())).isEmpty();
        assertThat(tokens().extend("no-such-token-" + UUID.randomUUID(), Duration.ofHours(1))).isEmpty();
        assertThat(tokens().revoke("no-such-token-" + UUID.randomUUID())).isFalse();
        assertThat(tokens().revokeAll(user())).isZero();
    }

    @Test
    void extendMovesTheExpiryOfALiveToken() {
        SessionToken issued = tokens().issue(user(), Duration.ofMinutes(1));

        SessionToken extended = tokens().extend(issued.token(), Duration.ofHours(2)).orElseThrow();

        assertThat(extended.token()).isEqualTo(issued.token());
        assertThat(extended.userId()).isEqualTo(issued.userId());
        assertThat(extended.issuedAt()).isEqualTo(issued.issuedAt());
        assertThat(extended.expiresAt()).isAfter(issued.expiresAt().plus(Duration.ofMinutes(59)));
        assertThat(tokens().resolve(issued.token())).contains(extended);
    }

    @Test
    void revokedTokenNoLongerResolves() {
        UserId user = user();
        SessionToken revoked = tokens().issue(user, Duration.ofHours(1));
        SessionToken kept = tokens().issue(user, Duration.ofHours(1));

        assertThat(tokens().revoke(revoked.token())).isTrue();

        assertThat(tokens().resolve(revoked.token())).isEmpty();
        assertThat(tokens().resolve(kept.token())).contains(kept);
        assertThat(tokens().revoke(revoked.token())).isFalse();
        assertThat(tokens().extend(revoked.token(), Duration.ofHours(1))).isEmpty();
    }

    @Test
    void revokeAllRevokesEveryTokenOfOneUser() {
        UserId user = user();
        UserId other = user();
        List<SessionToken> mine = List.of(tokens().issue(user, Duration.ofHours(1)), tokens().issue(user, Duration.ofHours(1)),
                tokens().issue(user, Duration.ofHours(1)));
        SessionToken theirs = tokens().issue(other, Duration.ofHours(1));

        assertThat(tokens().revokeAll(user)).isEqualTo(3);

        assertThat(mine).allSatisfy(t -> assertThat(tokens().resolve(t.token())).isEmpty());
        assertThat(tokens().resolve(theirs.token())).contains(theirs);
        assertThat(tokens().revokeAll(user)).isZero();
    }

    @Test
    void tokenExpiresAfterItsTtl() {
        UserId user = user();
        SessionToken shortLived = tokens().issue(user, Duration.ofSeconds(1));
        SessionToken longLived = tokens().issue(user, Duration.ofHours(1));
        assertThat(tokens().resolve(shortLived.token())).isPresent();

        awaitTrue("token with a 1 s TTL expired", () -> tokens().resolve(shortLived.token()).isEmpty());

        assertThat(tokens().extend(shortLived.token(), Duration.ofHours(1))).isEmpty();
        assertThat(tokens().revoke(shortLived.token())).isFalse();
        assertThat(tokens().resolve(longLived.token())).contains(longLived);
        assertThat(tokens().revokeAll(user)).as("only live tokens are counted").isEqualTo(1);
    }

    @Test
    void ttlOutsideOneSecondToOneYearIsRejected() {
        UserId user = user();

        StoreContractSupport.assertInvalidInput(() -> tokens().issue(user, Duration.ofMillis(999)), "ttl");
        StoreContractSupport.assertInvalidInput(() -> tokens().issue(user, Duration.ofDays(366)), "ttl");
        StoreContractSupport.assertInvalidInput(() -> tokens().issue(user, Duration.ofSeconds(-1)), "ttl");
        assertThat(tokens().revokeAll(user)).isZero();
    }
}
