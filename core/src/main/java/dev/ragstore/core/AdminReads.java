package dev.ragstore.core;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.audit.AuditEventId;
import dev.ragstore.core.audit.AuditQuery;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.internal.Checks;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The admin view's reads of other users' rows. Each first appends an audit event (action
 * {@code admin.*}) with the acting admin as its user, so a read that then fails is recorded as
 * an attempt; an audit write that fails stops the read. The acting admin must exist, be active
 * and have the role ADMIN, checked in the store of record on every read; without one
 * ({@link RagStore#admin()}) events have no user and {@code "admin": "unidentified"} in their details.
 */
final class AdminReads {

    static final String UNIDENTIFIED = "unidentified";
    private static final Comparator<SearchHit> BEST_FIRST = Comparator.comparingDouble(SearchHit::score).reversed()
            .thenComparing((a, b) -> UuidOrder.compare(a.chunk().id().value(), b.chunk().id().value()));

    private final StoreContext context;
    private final UserId actingAdmin;

    /** @param actingAdmin the admin the reads are recorded for, or {@code null} for an unidentified one */
    AdminReads(StoreContext context, UserId actingAdmin) {
        this.context = Objects.requireNonNull(context, "context");
        this.actingAdmin = actingAdmin;
    }

    Optional<UserId> actingAdmin() {
        return Optional.ofNullable(actingAdmin);
    }

    Page<AuditEvent> auditLog(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        record("admin.audit_log.read", detailsOf(null, Map.of()));
        return context.relational().audit().queryAll(query);
    }

    Page<AuditEvent> auditLog(UserId user, AuditQuery query) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(query, "query");
        record("admin.audit_log.read", detailsOf(user, Map.of()));
        return context.relational().audit().query(user, query);
    }

    Page<KnowledgeBase> knowledgeBases(UserId owner, PageRequest page, boolean includeDeleted) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(page, "page");
        record("admin.knowledge_bases.read", detailsOf(owner, Map.of()));
        Lookups.user(context, owner);
        return context.relational().knowledgeBases().list(owner, page, includeDeleted);
    }

    Page<Document> documents(UserId owner, KnowledgeBaseId knowledgeBase, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(knowledgeBase, "knowledgeBase");
        Objects.requireNonNull(page, "page");
        record("admin.documents.read", detailsOf(owner, Map.of("knowledgeBase", knowledgeBase.value())));
        if (context.relational().knowledgeBases().findById(owner, knowledgeBase).isEmpty()) {
            throw new NotFoundException("knowledge base", knowledgeBase);
        }
        return context.relational().documents().list(owner, knowledgeBase, page);
    }

    Optional<Document> document(UserId owner, DocumentId id) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        record("admin.document.read", detailsOf(owner, Map.of("document", id.value())));
        return context.relational().documents().findById(owner, id);
    }

    List<UsageDay> usage(UserId user, LocalDate from, LocalDate to) {
        Objects.requireNonNull(user, "user");
        DefaultUsage.checkRange(from, to);
        record("admin.usage.read", detailsOf(user, Map.of("from", from.toString(), "to", to.toString())));
        Lookups.user(context, user);
        return context.relational().usage().range(user, from, to);
    }

    List<UsageDay> usageReport(LocalDate from, LocalDate to) {
        DefaultUsage.checkRange(from, to);
        record("admin.usage.read", detailsOf(null, Map.of("from", from.toString(), "to", to.toString())));
        return context.relational().usage().report(from, to);
    }

    List<SearchHit> search(List<UserId> owners, SearchRequest request) {
        Objects.requireNonNull(owners, "owners");
        Objects.requireNonNull(request, "request");
        Checks.maxSize("search owners", owners, Checks.MAX_IDS);
        List<UserId> chosen = List.copyOf(new LinkedHashSet<>(owners));
        if (chosen.isEmpty() && !request.knowledgeBases().isEmpty()) {
            throw InvalidInputException.withoutValue("search owners",
                    "must name the owners of the knowledge bases the request names (empty means every owner)");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", request.mode().name());
        details.put("topK", request.topK());
        details.put("knowledgeBases", request.knowledgeBases().size());
        details.put("owners", chosen.isEmpty() ? "all" : Integer.toString(chosen.size()));
        record("admin.search", detailsOf(chosen.size() == 1 ? chosen.get(0) : null, details));
        for (UserId owner : chosen) {
            Lookups.user(context, owner);
        }
        List<SearchHit> merged = new ArrayList<>();
        Set<KnowledgeBaseId> named = new LinkedHashSet<>(request.knowledgeBases());
        Set<KnowledgeBaseId> found = new LinkedHashSet<>();
        for (UserId owner : chosen.isEmpty() ? everyUser() : chosen) {
            List<KnowledgeBaseId> ofOwner = null;
            if (!named.isEmpty()) {
                ofOwner = new ArrayList<>();
                for (KnowledgeBaseId id : named) {
                    if (context.relational().knowledgeBases().findById(owner, id).filter(kb -> !kb.deleted()).isPresent()) {
                        ofOwner.add(id);
                    }
                }
                if (ofOwner.isEmpty()) {
                    continue;
                }
                found.addAll(ofOwner);
            }
            merged.addAll(new ScopedSearch(context, owner).search(request, ofOwner));
        }
        for (KnowledgeBaseId id : named) {
            if (!found.contains(id)) {
                throw new NotFoundException("knowledge base", id);
            }
        }
        merged.sort(BEST_FIRST);
        return List.copyOf(merged.subList(0, Math.min(request.topK(), merged.size())));
    }

    private List<UserId> everyUser() {
        List<UserId> all = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<User> users = context.relational().users().list(page);
            for (User user : users.items()) {
                all.add(user.id());
            }
            if (!users.hasNext()) {
                return all;
            }
            page = page.next(users.nextCursor());
        }
    }

    private Map<String, Object> detailsOf(UserId subject, Map<String, Object> more) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subject", subject == null ? "all" : subject.value().toString());
        if (actingAdmin == null) {
            details.put("admin", UNIDENTIFIED);
        }
        details.putAll(more);
        return details;
    }

    /** Appends the audit event of one admin read, after checking the acting admin. */
    private void record(String action, Map<String, Object> details) {
        if (actingAdmin != null) {
            User admin = context.relational().storeOfRecord().users().findById(actingAdmin)
                    .orElseThrow(() -> new NotFoundException("user", actingAdmin));
            if (admin.role() != Role.ADMIN || !admin.active()) {
                throw InvalidInputException.of("actingAdmin", "must be an active user with role ADMIN", actingAdmin);
            }
        }
        context.relational().audit().append(new AuditEvent(new AuditEventId(context.ids().next()), actingAdmin, action,
                details, context.now()));
    }
}
