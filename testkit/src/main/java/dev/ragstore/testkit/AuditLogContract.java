package dev.ragstore.testkit;

import dev.ragstore.core.UserScope;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the audit log ({@link UserScope#audit()}): an event is appended at the store's
 * clock time with its details exactly; queries return only the user's events, of one action when
 * one is named, in the half-open range {@code [from, to)}, oldest first, paged without skips or
 * repeats.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 */
public abstract class AuditLogContract extends StoreContractSupport {

    private static final Instant EPOCH = Instant.EPOCH;
    private static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");

    @Test
    void recordedEventCarriesUserActionDetailsAndTime() {
        UserScope scope = newScope();
        UUID document = UUID.randomUUID();
        Instant before = clock.instant();

        AuditEvent event = scope.audit().record("document.delete", Map.of("document", document, "bytes", 42L,
                "reason", "cleanup"));

        assertThat(event.userId()).isEqualTo(scope.userId());
        assertThat(event.action()).isEqualTo("document.delete");
        assertThat(event.details()).isEqualTo(Map.of("document", document, "bytes", 42L, "reason", "cleanup"));
        assertThat(event.at()).isBetween(before.minusMillis(1), clock.instant());
        Page<AuditEvent> page = scope.audit().query(new AuditQuery("document.delete", EPOCH, FAR, PageRequest.first(10)));
        assertThat(page.items()).containsExactly(event);
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void queryByActionReturnsOnlyThatAction() {
        UserScope scope = newScope();
        String login = unique("login");
        String export = unique("export");
        AuditEvent first = scope.audit().record(login, Map.of());
        scope.audit().record(export, Map.of());
        AuditEvent third = scope.audit().record(login, Map.of("n", 3L));

        assertThat(scope.audit().query(new AuditQuery(login, EPOCH, FAR, PageRequest.first(10))).items())
                .containsExactly(first, third);
        assertThat(scope.audit().query(new AuditQuery(unique("none"), EPOCH, FAR, PageRequest.first(10))).items())
                .isEmpty();
    }

    @Test
    void queryByTimeRangeIsHalfOpen() {
        UserScope scope = newScope();
        String action = unique("tick");
        AuditEvent first = scope.audit().record(action, Map.of("n", 1L));
        clock.advance(Duration.ofMinutes(1));
        AuditEvent second = scope.audit().record(action, Map.of("n", 2L));
        clock.advance(Duration.ofMinutes(1));
        AuditEvent third = scope.audit().record(action, Map.of("n", 3L));

        assertThat(query(scope, action, second.at(), third.at())).containsExactly(second);
        assertThat(query(scope, action, first.at(), third.at())).containsExactly(first, second);
        assertThat(query(scope, action, first.at(), third.at().plusNanos(1000))).containsExactly(first, second, third);
        assertThat(query(scope, action, second.at().plusNanos(1000), FAR)).containsExactly(third);
        assertThat(query(scope, action, first.at(), first.at())).isEmpty();
    }

    @Test
    void queryPagesOldestFirstWithoutSkipsOrRepeats() {
        UserScope scope = newScope();
        String action = unique("paged");
        List<AuditEvent> recorded = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            recorded.add(scope.audit().record(action, Map.of("i", (long) i)));
        }
        List<AuditEvent> read = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        while (true) {
            Page<AuditEvent> page = scope.audit().query(new AuditQuery(action, EPOCH, FAR, request));
            read.addAll(page.items());
            if (!page.hasNext()) {
                break;
            }
            request = request.next(page.nextCursor());
        }

        assertThat(read).containsExactlyElementsOf(recorded);
    }

    @Test
    void eventsOfAnotherUserAreNeverReturned() {
        UserScope alice = newScope();
        UserScope bob = newScope();
        String action = unique("shared");
        alice.audit().record(action, Map.of());

        assertThat(bob.audit().query(new AuditQuery(action, EPOCH, FAR, PageRequest.first(10))).items()).isEmpty();
        assertThat(bob.audit().query(new AuditQuery(null, EPOCH, FAR, PageRequest.first(1_000))).items())
                .noneMatch(e -> alice.userId().equals(e.userId()));
    }

    private static List<AuditEvent> query(UserScope scope, String action, Instant from, Instant to) {
        return scope.audit().query(new AuditQuery(action, from, to, PageRequest.first(100))).items();
    }
}
