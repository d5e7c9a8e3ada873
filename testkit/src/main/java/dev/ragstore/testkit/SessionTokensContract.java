package dev.ragstore.testkit;

import dev.ragstore.core.ephemeral.SessionToken;
import dev.ragstore.core.ephemeral.SessionTokens;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of {@link SessionTokens}: an issued token is random, resolves to its user until it
 * expires (after its TTL, in real time), is revoked alone or with all of its user's tokens,
 * and can be extended while live; unknown, revoked and expired tokens read as empty; a TTL
 * outside 1 second to 365 days is rejected; {@code toString()} masks the token. A token carries
 * its JSON payload through resolve and extend; a token minted elsewhere (a JWT) is registered with
 * its expiry and payload and then behaves as an issued one; registering a live token again is a
 * conflict; bad registered tokens, expiries and payloads are rejected with nothing stored.
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

    // ---- payloads and registered tokens (issue 13 #5) ----

    private static final Map<String, Object> PAYLOAD = Map.of("device", "phone", "remember", true, "scopes",
            List.of("chat", "files"), "version", 3L);

    private static String jwtLike() {
        return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2huX2RvZSJ9." + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void issuedTokenCarriesItsPayloadThroughResolveAndExtend() {
        SessionToken issued = tokens().issue(user(), Duration.ofMinutes(5), PAYLOAD);

        assertThat(issued.payload()).isEqualTo(PAYLOAD);
        assertThat(tokens().resolve(issued.token())).contains(issued);
        SessionToken extended = tokens().extend(issued.token(), Duration.ofHours(1)).orElseThrow();
        assertThat(extended.payload()).isEqualTo(PAYLOAD);
        assertThat(tokens().resolve(issued.token()).orElseThrow().payload()).isEqualTo(PAYLOAD);
        assertThat(issued.toString()).doesNotContain("phone").contains("device");
        assertThat(tokens().issue(user(), Duration.ofMinutes(5)).payload()).isEmpty();
    }

    @Test
    void registeredTokenResolvesExtendsAndRevokesLikeAnIssuedOne() {
        UserId user = user();
        String jwt = jwtLike();
        Instant expiresAt = Instant.now().plus(Duration.ofHours(8)).truncatedTo(ChronoUnit.MILLIS);

        SessionToken registered = tokens().register(jwt, user, expiresAt, Map.of("username", "john_doe"));

        assertThat(registered.token()).isEqualTo(jwt);
        assertThat(registered.userId()).isEqualTo(user);
        assertThat(registered.expiresAt()).isEqualTo(expiresAt);
        assertThat(registered.payload()).isEqualTo(Map.of("username", "john_doe"));
        assertThat(tokens().resolve(jwt)).contains(registered);
        assertThat(tokens().extend(jwt, Duration.ofDays(1)).orElseThrow().payload()).containsEntry("username", "john_doe");
        assertThat(tokens().revokeAll(user)).isEqualTo(1);
        assertThat(tokens().resolve(jwt)).isEmpty();
    }

    @Test
    void registeredTokenExpiresAtItsExpiry() {
        String jwt = jwtLike();
        tokens().register(jwt, user(), Instant.now().plusSeconds(1), Map.of());

        awaitTrue("registered token expired", () -> tokens().resolve(jwt).isEmpty());
    }

    @Test
    void registeringALiveTokenAgainIsAConflictAndKeepsTheFirst() {
        UserId first = user();
        UserId second = user();
        String jwt = jwtLike();
        SessionToken registered = tokens().register(jwt, first, Instant.now().plus(Duration.ofHours(1)), Map.of());

        assertThatThrownBy(() -> tokens().register(jwt, second, Instant.now().plus(Duration.ofHours(2)), Map.of()))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).rule()).isEqualTo("session_token.unique"))
                .hasMessageNotContaining(jwt);
        assertThatThrownBy(() -> tokens().register(jwt, first, Instant.now().plus(Duration.ofHours(2)), Map.of()))
                .isInstanceOf(ConflictException.class);

        assertThat(tokens().resolve(jwt)).contains(registered);
        assertThat(tokens().revokeAll(second)).as("the refused user holds nothing").isZero();
        assertThat(tokens().resolve(jwt)).contains(registered);
    }

    @Test
    void badRegisteredTokensExpiriesAndPayloadsAreRejectedAndNothingIsStored() {
        UserId user = user();
        Instant hour = Instant.now().plus(Duration.ofHours(1));
        String secret = "s3cr3t-" + UUID.randomUUID();

        StoreContractSupport.assertInvalidInput(() -> tokens().register("short", user, hour, Map.of()), "session token", "16 to 4096");
        StoreContractSupport.assertInvalidInput(() -> tokens().register("x".repeat(4_097), user, hour, Map.of()), "session token");
        StoreContractSupport.assertInvalidInput(() -> tokens().register(secret + "\u0000", user, hour, Map.of()),
                "session token", "U+0000");
        StoreContractSupport.assertInvalidInput(() -> tokens().register(secret + " x", user, hour, Map.of()),
                "session token", "U+0020");
        assertThatThrownBy(() -> tokens().register(secret + "\u0000", user, hour, Map.of()))
                .hasMessageNotContaining(secret);
        StoreContractSupport.assertInvalidInput(() -> tokens().register(jwtLike(), user, Instant.now().minusSeconds(5), Map.of()),
                "session expiresAt");
        StoreContractSupport.assertInvalidInput(() -> tokens().register(jwtLike(), user,
                Instant.now().plus(Duration.ofDays(400)), Map.of()), "session expiresAt", "365 days");
        StoreContractSupport.assertInvalidInput(() -> tokens().register(jwtLike(), user, hour,
                Map.of("big", "x".repeat(5_000))), "session payload", "4096 bytes");
        StoreContractSupport.assertInvalidInput(() -> tokens().issue(user, Duration.ofHours(1),
                Map.of("nul", "a\u0000b")), "metadata['nul']", "NUL");
        StoreContractSupport.assertInvalidInput(() -> tokens().issue(user, Duration.ofHours(1),
                Map.of("bad key!", "v")), "metadata key");

        assertThat(tokens().revokeAll(user)).as("nothing was stored").isZero();
    }
}
