package dev.ragstore.testkit;

import dev.ragstore.core.AdminScope;
import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract of the admin view's reads across users (issue 13 #4) through {@link RagStore#admin(UserId)}:
 * the audit log of every user (filtered by user, action and time, paged by id), any user's
 * knowledge bases, documents and daily usage, and search over chosen or all owners' knowledge
 * bases with the hits merged best first. Each read is itself recorded in the audit log with the
 * acting admin's id (or, through {@link RagStore#admin()}, without a user and marked
 * {@code "unidentified"}); an acting user that is not an active ADMIN reads nothing.
 *
 * <p>Subclass it and implement {@link #newStore(StoreOptions)} (see {@link StoreContractSupport}).
 * The search case runs against the store's vector index, so run it on every index adapter too.
 */
public abstract class AdminReadContract extends StoreContractSupport {

    private static final Instant EPOCH = Instant.EPOCH;
    private static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");

    private UserId newAdmin() {
        String name = unique("admin");
        return store().admin().createUser(new NewUser(name, null, PASSWORD, name, Role.ADMIN, null)).id();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The admin's own events since {@code since}, read in its user scope (which records nothing). */
    private List<AuditEvent> eventsOf(UserId admin, Instant since) {
        return store().forUser(admin).audit().query(new AuditQuery(null, since, FAR, PageRequest.first(100))).items();
    }

    @Test
    void auditLogOfEveryUserIsFilteredByUserActionAndTimeAndPaged() {
        UserScope ann = newScope();
        UserScope bob = newScope();
        String action = unique("export");
        AuditEvent first = ann.audit().record(action, Map.of());
        clock.advance(Duration.ofMinutes(1));
        Instant middle = clock.instant();
        AuditEvent second = bob.audit().record(action, Map.of("n", 2L));
        AuditEvent third = ann.audit().record(action, Map.of());
        ann.audit().record(unique("other"), Map.of());
        AdminScope admin = store().admin(newAdmin());

        assertThat(admin.auditLog(new AuditQuery(action, EPOCH, FAR, PageRequest.first(10))).items())
                .containsExactly(first, second, third);
        assertThat(admin.auditLog(ann.userId(), new AuditQuery(action, EPOCH, FAR, PageRequest.first(10))).items())
                .containsExactly(first, third);
        assertThat(admin.auditLog(new AuditQuery(action, middle, FAR, PageRequest.first(10))).items())
                .containsExactly(second, third);
        assertThat(admin.auditLog(new AuditQuery(action, EPOCH, middle, PageRequest.first(10))).items())
                .containsExactly(first);
        Page<AuditEvent> page = admin.auditLog(new AuditQuery(action, EPOCH, FAR, PageRequest.first(2)));
        assertThat(page.items()).containsExactly(first, second);
        assertThat(page.hasNext()).isTrue();
        Page<AuditEvent> rest = admin.auditLog(new AuditQuery(action, EPOCH, FAR, PageRequest.first(2).next(page.nextCursor())));
        assertThat(rest.items()).containsExactly(third);
        assertThat(rest.hasNext()).isFalse();
    }

    @Test
    void auditLogOfEveryUserKeepsEventsOfDeletedUsers() {
        UserScope gone = newScope();
        String action = unique("export");
        AuditEvent event = gone.audit().record(action, Map.of());
        store().admin().deleteUser(gone.userId());

        List<AuditEvent> found = store().admin(newAdmin())
                .auditLog(new AuditQuery(action, EPOCH, FAR, PageRequest.first(10))).items();

        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(event.id());
            assertThat(e.userId()).isNull();
        });
    }

    @Test
    void everyAdminReadIsRecordedWithTheActingAdminsId() {
        UserScope target = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(target);
        Document document = ingestText(target, knowledgeBase, "a.txt", "admin reads this").document();
        UserId adminId = newAdmin();
        AdminScope admin = store().admin(adminId);
        Instant since = clock.instant();
        String subject = target.userId().value().toString();

        assertThat(admin.actingAdmin()).contains(adminId);
        admin.auditLog(target.userId(), new AuditQuery(null, EPOCH, FAR, PageRequest.first(10)));
        admin.knowledgeBasesOf(target.userId(), PageRequest.first(10), false);
        admin.documentsOf(target.userId(), knowledgeBase.id(), PageRequest.first(10));
        admin.findDocument(target.userId(), document.id());
        admin.usageOf(target.userId(), today(), today());
        admin.search(List.of(target.userId()), SearchRequest.builder().text("admin reads").build());
        admin.usageReport(today(), today());
        admin.auditLog(new AuditQuery(unique("none"), EPOCH, FAR, PageRequest.first(1)));

        List<AuditEvent> events = eventsOf(adminId, since);
        assertThat(events).extracting(AuditEvent::action).containsExactly("admin.audit_log.read",
                "admin.knowledge_bases.read", "admin.documents.read", "admin.document.read", "admin.usage.read",
                "admin.search", "admin.usage.read", "admin.audit_log.read");
        assertThat(events).allSatisfy(e -> assertThat(e.userId()).isEqualTo(adminId));
        assertThat(events.subList(0, 6)).allSatisfy(e -> assertThat(e.details()).containsEntry("subject", subject));
        assertThat(events.subList(6, 8)).allSatisfy(e -> assertThat(e.details()).containsEntry("subject", "all"));
        assertThat(events.get(2).details()).containsEntry("knowledgeBase", knowledgeBase.id().value());
        assertThat(events.get(3).details()).containsEntry("document", document.id().value());
        assertThat(events.get(5).details()).containsEntry("mode", "VECTOR").containsEntry("owners", "1")
                .doesNotContainValue("admin reads");
        assertThat(target.audit().query(new AuditQuery(null, since, FAR, PageRequest.first(10))).items())
                .as("the reads are the admin's events, not the target's").isEmpty();
    }

    @Test
    void readsWithoutAnActingAdminAreRecordedAsUnidentified() {
        UserScope target = newScope();
        Instant since = clock.instant();

        assertThat(store().admin().actingAdmin()).isEmpty();
        store().admin().usageOf(target.userId(), today(), today());

        List<AuditEvent> recorded = store().admin(newAdmin())
                .auditLog(new AuditQuery("admin.usage.read", since, FAR, PageRequest.first(100))).items().stream()
                .filter(e -> target.userId().value().toString().equals(e.details().get("subject"))).toList();
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.userId()).isNull();
            assertThat(e.details()).containsEntry("admin", "unidentified");
        });
    }

    @Test
    void actingUserMustBeAnExistingActiveAdminAndReadsNothingOtherwise() {
        UserScope target = newScope();
        target.audit().record("secret.action", Map.of());
        UserId plain = newUser(store());
        UserId retired = newAdmin();
        store().admin().setActive(retired, false);
        UserId unknown = new UserId(UUID.randomUUID());
        AuditQuery query = new AuditQuery(null, EPOCH, FAR, PageRequest.first(10));

        assertInvalidInput(() -> store().admin(plain).auditLog(target.userId(), query), "actingAdmin", "role ADMIN");
        assertInvalidInput(() -> store().admin(retired).usageOf(target.userId(), today(), today()), "actingAdmin", "active");
        assertThatThrownBy(() -> store().admin(unknown).auditLog(query)).isInstanceOf(NotFoundException.class);
        assertThat(eventsOf(plain, EPOCH)).as("a refused read records nothing").isEmpty();
        assertThatThrownBy(() -> store().admin(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void adminReadsAnyUsersKnowledgeBasesDocumentsAndUsage() {
        UserScope target = newScope();
        UserScope other = newScope();
        KnowledgeBase knowledgeBase = newKnowledgeBase(target);
        KnowledgeBase trashed = newKnowledgeBase(target);
        target.knowledgeBases().delete(trashed.id());
        Document document = ingestText(target, knowledgeBase, "a.txt", "the target's document").document();
        UserScope spender = newScope();
        spender.usage().record(UsageDelta.tokens(42));
        AdminScope admin = store().admin(newAdmin());

        assertThat(admin.knowledgeBasesOf(target.userId(), PageRequest.first(10), false).items())
                .extracting(KnowledgeBase::id).containsExactly(knowledgeBase.id());
        assertThat(admin.knowledgeBasesOf(target.userId(), PageRequest.first(10), true).items())
                .extracting(KnowledgeBase::id).containsExactlyInAnyOrder(knowledgeBase.id(), trashed.id());
        assertThat(admin.documentsOf(target.userId(), knowledgeBase.id(), PageRequest.first(10)).items())
                .extracting(Document::id).containsExactly(document.id());
        assertThat(admin.findDocument(target.userId(), document.id())).map(Document::id).contains(document.id());
        assertThat(admin.findDocument(other.userId(), document.id())).as("another owner's id reads as absent").isEmpty();
        assertThatThrownBy(() -> admin.documentsOf(other.userId(), knowledgeBase.id(), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
        List<UsageDay> usage = admin.usageOf(spender.userId(), today(), today());
        assertThat(usage).singleElement().satisfies(day -> {
            assertThat(day.userId()).isEqualTo(spender.userId());
            assertThat(day.tokens()).isEqualTo(42);
        });
        assertThat(admin.usageOf(other.userId(), today(), today())).isEmpty();
        assertThatThrownBy(() -> admin.usageOf(new UserId(UUID.randomUUID()), today(), today()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.knowledgeBasesOf(new UserId(UUID.randomUUID()), PageRequest.first(10), false))
                .isInstanceOf(NotFoundException.class);
        assertInvalidInput(() -> admin.usageOf(spender.userId(), today(), today().minusDays(1)));
    }

    @Test
    void adminSearchesChosenOrAllOwnersAndMergesHitsBestFirst() {
        String word = "w" + UUID.randomUUID().toString().replace("-", "");
        UserScope ann = newScope();
        UserScope bob = newScope();
        UserScope carol = newScope();
        KnowledgeBase annBase = newKnowledgeBase(ann);
        KnowledgeBase bobBase = newKnowledgeBase(bob);
        ingestText(ann, annBase, "ann.txt", word);
        ingestText(bob, bobBase, "bob.txt", word + " " + word);
        ingestText(carol, newKnowledgeBase(carol), "carol.txt", "nothing alike here at all");
        UserId adminId = newAdmin();
        AdminScope admin = store().admin(adminId);
        SearchRequest request = SearchRequest.builder().text(word).topK(2).build();

        List<SearchHit> both = admin.search(List.of(ann.userId(), bob.userId()), request);
        assertThat(both).extracting(hit -> hit.chunk().ownerId()).containsExactlyInAnyOrder(ann.userId(), bob.userId());
        assertThat(admin.search(List.of(), request)).as("every owner")
                .extracting(hit -> hit.chunk().ownerId()).containsExactlyInAnyOrder(ann.userId(), bob.userId());
        assertThat(admin.search(List.of(ann.userId()), request)).extracting(hit -> hit.chunk().ownerId())
                .containsExactly(ann.userId());
        List<SearchHit> wide = admin.search(List.of(ann.userId(), bob.userId(), carol.userId()),
                SearchRequest.builder().text(word).topK(10).build());
        List<Double> scores = new ArrayList<>(wide.stream().map(SearchHit::score).toList());
        List<Double> sorted = new ArrayList<>(scores);
        sorted.sort(Collections.reverseOrder());
        assertThat(scores).as("best first").isEqualTo(sorted);
        assertThat(wide).hasSize(3);
        assertThat(wide.subList(0, 2)).extracting(hit -> hit.chunk().ownerId())
                .containsExactlyInAnyOrder(ann.userId(), bob.userId());
        assertThat(admin.search(List.of(ann.userId(), bob.userId()), SearchRequest.builder().text(word).topK(1).build()))
                .hasSize(1);
        assertThat(admin.search(List.of(ann.userId(), bob.userId()),
                SearchRequest.builder().text(word).knowledgeBase(bobBase.id()).build()))
                .extracting(hit -> hit.chunk().knowledgeBaseId()).containsExactly(bobBase.id());
        assertThat(eventsOf(adminId, EPOCH)).extracting(AuditEvent::action).containsOnly("admin.search").hasSize(6);
    }

    @Test
    void adminSearchRefusesKnowledgeBasesNoChosenOwnerHoldsAndBadOwnerLists() {
        UserScope ann = newScope();
        UserScope bob = newScope();
        KnowledgeBase bobBase = newKnowledgeBase(bob);
        ingestText(bob, bobBase, "bob.txt", "bob's words");
        AdminScope admin = store().admin(newAdmin());
        SearchRequest named = SearchRequest.builder().text("words").knowledgeBase(bobBase.id()).build();

        assertThatThrownBy(() -> admin.search(List.of(ann.userId()), named)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(bobBase.id().toString());
        assertInvalidInput(() -> admin.search(List.of(), named), "search owners", "must name the owners");
        assertThatThrownBy(() -> admin.search(List.of(new UserId(UUID.randomUUID())), SearchRequest.builder().text("x").build()))
                .isInstanceOf(NotFoundException.class);
        List<UserId> tooMany = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(new UserId(UUID.randomUUID()));
        }
        assertThatThrownBy(() -> admin.search(tooMany, SearchRequest.builder().text("x").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("search owners");
    }
}
