package dev.ragstore.core.memory;

import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.usage.UsageDelta;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Every relational row of one {@link InMemoryRelationalStore} with its secondary indexes, guarded
 * by one read-write lock: each repository call runs entirely under the read or the write lock,
 * so compound writes (append with counters and usage, chunk replacement, cascades) are atomic
 * and reads see a consistent state. The {@code put}/{@code remove} methods keep the indexes in
 * step and must be called under the write lock; they do no validation.
 */
final class MemoryTables {

    private static final String STORE = "memory";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** The plan limits, checked under the write lock by the writes they guard. */
    final MemoryQuotas quotas = new MemoryQuotas(this);
    private volatile boolean closed;

    final NavigableMap<UUID, User> users = new TreeMap<>(UuidOrder.UNSIGNED);
    final Map<String, UUID> userIdsByUsername = new HashMap<>();
    final Map<String, UUID> userIdsByEmail = new HashMap<>();

    final NavigableMap<UUID, Plan> plans = new TreeMap<>(UuidOrder.UNSIGNED);
    final Map<String, UUID> planIdsByName = new HashMap<>();

    final OwnedTable<ApiKey> apiKeys = new OwnedTable<>();
    final Map<String, UUID> apiKeyIdsByPrefix = new HashMap<>();

    final OwnedTable<KnowledgeBase> knowledgeBases = new OwnedTable<>();

    final OwnedTable<Document> documents = new OwnedTable<>();
    final Map<UUID, NavigableSet<UUID>> documentIdsByKnowledgeBase = new HashMap<>();
    final Map<UUID, Map<String, UUID>> documentIdsByHash = new HashMap<>();

    /** Chunks of each document, ordered by index (immutable lists). */
    final Map<UUID, List<Chunk>> chunksByDocument = new HashMap<>();
    final Map<UUID, Chunk> chunks = new HashMap<>();

    final OwnedTable<ChatSession> sessions = new OwnedTable<>();
    final NavigableMap<UUID, Message> messages = new TreeMap<>(UuidOrder.UNSIGNED);
    final Map<UUID, NavigableSet<UUID>> messageIdsBySession = new HashMap<>();
    final Map<UUID, NavigableSet<UUID>> childIdsByParent = new HashMap<>();

    /** Message idempotency keys: session id → key → message id; removed with the session. */
    final Map<UUID, Map<String, UUID>> messageIdsByKey = new HashMap<>();

    final Map<UUID, NavigableMap<LocalDate, UsageDay>> usageByUser = new HashMap<>();

    /** Usage idempotency keys: user id → key → what was counted; removed with the user. */
    final Map<UUID, Map<String, UsageKey>> usageKeysByUser = new HashMap<>();

    /** What a usage idempotency key counted: the delta and the day it went to. */
    record UsageKey(LocalDate day, UsageDelta delta) {
    }

    final OwnedTable<ModelProfile> modelProfiles = new OwnedTable<>();

    /** Training-document links: profile id → document ids, and the reverse; both sides' owner is the same. */
    final Map<UUID, NavigableSet<UUID>> documentIdsByProfile = new HashMap<>();
    final Map<UUID, NavigableSet<UUID>> profileIdsByDocument = new HashMap<>();

    /** Grouped by user id; {@code null} for events whose user was deleted. */
    final OwnedTable<AuditEvent> audit = new OwnedTable<>();

    <T> T read(Supplier<T> action) {
        return locked(lock.readLock(), action);
    }

    <T> T write(Supplier<T> action) {
        return locked(lock.writeLock(), action);
    }

    void writeRun(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    private <T> T locked(Lock held, Supplier<T> action) {
        held.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException(STORE, false, "the in-memory relational store is closed", null);
            }
            return action.get();
        } finally {
            held.unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether no row of any kind is stored. */
    boolean isEmpty() {
        return users.isEmpty() && plans.isEmpty() && apiKeys.size() == 0 && knowledgeBases.size() == 0
                && documents.size() == 0 && chunks.isEmpty() && sessions.size() == 0 && messages.isEmpty()
                && usageByUser.isEmpty() && modelProfiles.size() == 0 && audit.size() == 0;
    }

    // ---- users and plans ----

    User requireUser(UserId id) {
        User user = users.get(id.value());
        if (user == null) {
            throw new NotFoundException("user", id);
        }
        return user;
    }

    void putUser(User user) {
        removeUser(user.id().value());
        users.put(user.id().value(), user);
        userIdsByUsername.put(user.username(), user.id().value());
        if (user.email() != null) {
            userIdsByEmail.put(user.email(), user.id().value());
        }
    }

    void removeUser(UUID id) {
        User old = users.remove(id);
        if (old != null) {
            userIdsByUsername.remove(old.username());
            if (old.email() != null) {
                userIdsByEmail.remove(old.email());
            }
        }
    }

    void putPlan(Plan plan) {
        removePlan(plan.id().value());
        plans.put(plan.id().value(), plan);
        planIdsByName.put(plan.name(), plan.id().value());
    }

    void removePlan(UUID id) {
        Plan old = plans.remove(id);
        if (old != null) {
            planIdsByName.remove(old.name());
        }
    }

    void putApiKey(ApiKey key) {
        removeApiKey(key.id().value());
        apiKeys.put(key.ownerId().value(), key.id().value(), key);
        apiKeyIdsByPrefix.put(key.prefix(), key.id().value());
    }

    void removeApiKey(UUID id) {
        ApiKey old = apiKeys.remove(id);
        if (old != null) {
            apiKeyIdsByPrefix.remove(old.prefix());
        }
    }

    // ---- documents and chunks ----

    /**
     * Stores a new document if the owner's plan allows one more (quota {@code documents}); every
     * write that creates a document goes through here, {@link #putDocument} only replaces or restores.
     */
    void insertDocument(Document document) {
        quotas.requireDocumentRoom(document.ownerId());
        putDocument(document);
    }

    void putDocument(Document document) {
        UUID id = document.id().value();
        Document old = documents.get(id);
        if (old != null) {
            unindexDocument(old);
        }
        documents.put(document.ownerId().value(), id, document);
        UUID knowledgeBase = document.knowledgeBaseId().value();
        documentIdsByKnowledgeBase.computeIfAbsent(knowledgeBase, k -> new TreeSet<>(UuidOrder.UNSIGNED)).add(id);
        documentIdsByHash.computeIfAbsent(knowledgeBase, k -> new HashMap<>()).put(document.contentHash(), id);
    }

    /** Removes a document, its chunks and its links to model profiles. */
    void removeDocument(UUID id) {
        Document old = documents.remove(id);
        if (old != null) {
            unindexDocument(old);
            putChunks(id, List.of());
            NavigableSet<UUID> profiles = profileIdsByDocument.remove(id);
            if (profiles != null) {
                profiles.forEach(profile -> removeFromIndex(documentIdsByProfile, profile, id));
            }
        }
    }

    /** Removes a model profile and its document links. */
    void removeModelProfile(UUID id) {
        modelProfiles.remove(id);
        NavigableSet<UUID> linked = documentIdsByProfile.remove(id);
        if (linked != null) {
            linked.forEach(document -> removeFromIndex(profileIdsByDocument, document, id));
        }
    }

    /** Links a document to a model profile; returns whether the link is new. */
    boolean linkDocument(UUID profileId, UUID documentId) {
        profileIdsByDocument.computeIfAbsent(documentId, k -> new TreeSet<>(UuidOrder.UNSIGNED)).add(profileId);
        return documentIdsByProfile.computeIfAbsent(profileId, k -> new TreeSet<>(UuidOrder.UNSIGNED)).add(documentId);
    }

    /** Removes a link; returns whether there was one. */
    boolean unlinkDocument(UUID profileId, UUID documentId) {
        NavigableSet<UUID> linked = documentIdsByProfile.get(profileId);
        if (linked == null || !linked.contains(documentId)) {
            return false;
        }
        removeFromIndex(documentIdsByProfile, profileId, documentId);
        removeFromIndex(profileIdsByDocument, documentId, profileId);
        return true;
    }

    /** The ids of the documents linked to a profile, ordered by id; a read-only view. */
    NavigableSet<UUID> documentIdsLinkedTo(UUID profileId) {
        NavigableSet<UUID> ids = documentIdsByProfile.get(profileId);
        return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
    }

    /** The ids of the profiles a document is linked to, ordered by id; a read-only view. */
    NavigableSet<UUID> profileIdsLinkedTo(UUID documentId) {
        NavigableSet<UUID> ids = profileIdsByDocument.get(documentId);
        return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
    }

    private void unindexDocument(Document document) {
        UUID knowledgeBase = document.knowledgeBaseId().value();
        removeFromIndex(documentIdsByKnowledgeBase, knowledgeBase, document.id().value());
        Map<String, UUID> byHash = documentIdsByHash.get(knowledgeBase);
        if (byHash != null && document.id().value().equals(byHash.get(document.contentHash()))) {
            byHash.remove(document.contentHash());
            if (byHash.isEmpty()) {
                documentIdsByHash.remove(knowledgeBase);
            }
        }
    }

    /** The ids of a knowledge base's documents, ordered by id; a read-only view. */
    NavigableSet<UUID> documentIdsOf(UUID knowledgeBaseId) {
        NavigableSet<UUID> ids = documentIdsByKnowledgeBase.get(knowledgeBaseId);
        return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
    }

    /** Replaces a document's chunks with {@code sorted} (ordered by index). */
    void putChunks(UUID documentId, List<Chunk> sorted) {
        List<Chunk> old = chunksByDocument.remove(documentId);
        if (old != null) {
            old.forEach(chunk -> chunks.remove(chunk.id().value()));
        }
        if (!sorted.isEmpty()) {
            List<Chunk> copy = List.copyOf(sorted);
            chunksByDocument.put(documentId, copy);
            copy.forEach(chunk -> chunks.put(chunk.id().value(), chunk));
        }
    }

    List<Chunk> chunksOf(UUID documentId) {
        return chunksByDocument.getOrDefault(documentId, List.of());
    }

    // ---- chat ----

    void putMessage(Message message) {
        UUID id = message.id().value();
        messages.put(id, message);
        messageIdsBySession.computeIfAbsent(message.sessionId().value(), k -> new TreeSet<>(UuidOrder.UNSIGNED)).add(id);
        if (message.parentId() != null) {
            childIdsByParent.computeIfAbsent(message.parentId().value(), k -> new TreeSet<>(UuidOrder.UNSIGNED)).add(id);
        }
    }

    /** The ids of a session's messages, ordered by id; a read-only view. */
    NavigableSet<UUID> messageIdsOf(UUID sessionId) {
        NavigableSet<UUID> ids = messageIdsBySession.get(sessionId);
        return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
    }

    /** The ids of a message's direct replies, ordered by id; a read-only view. */
    NavigableSet<UUID> childIdsOf(UUID parentId) {
        NavigableSet<UUID> ids = childIdsByParent.get(parentId);
        return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
    }

    /** Removes every message of a session. */
    void removeMessagesOf(UUID sessionId) {
        messageIdsByKey.remove(sessionId);
        NavigableSet<UUID> ids = messageIdsBySession.remove(sessionId);
        if (ids != null) {
            for (UUID id : ids) {
                messages.remove(id);
                childIdsByParent.remove(id);
            }
        }
    }

    // ---- usage ----

    /**
     * Adds {@code delta} to the user's day (creating it) and its tokens to the user's lifetime
     * total; the user must exist. A zero delta stores nothing.
     */
    UsageDay addUsage(UserId userId, LocalDate day, UsageDelta delta) {
        User user = requireUser(userId);
        NavigableMap<LocalDate, UsageDay> days = usageByUser.computeIfAbsent(userId.value(), k -> new TreeMap<>());
        UsageDay current = days.getOrDefault(day, UsageDay.empty(userId, day));
        if (delta.isZero()) {
            if (days.isEmpty()) {
                usageByUser.remove(userId.value());
            }
            return current;
        }
        // every sum first, so that an overflow writes nothing
        UsageDay next = new UsageDay(userId, day, add("usage tokens", current.tokens(), delta.tokens()),
                add("usage messages", current.messages(), delta.messages()),
                add("usage documents", current.documents(), delta.documents()),
                add("usage sessions", current.sessions(), delta.sessions()));
        long lifetime = add("user lifetime tokens", user.lifetimeTokens(), delta.tokens());
        days.put(day, next);
        if (delta.tokens() > 0) {
            users.put(user.id().value(), user.withLifetimeTokens(lifetime));
        }
        return next;
    }

    /**
     * {@code a + b} for a stored counter, refused past {@link Long#MAX_VALUE} the way PostgreSQL
     * refuses its {@code bigint} columns (a {@link ConflictException} with rule
     * {@code counter.range}, where PostgreSQL reports 22003).
     */
    static long add(String counter, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ConflictException("counter.range", counter + " would pass " + Long.MAX_VALUE
                    + " (rule counter.range); nothing was written");
        }
    }

    // ---- helpers ----

    static void removeFromIndex(Map<UUID, NavigableSet<UUID>> index, UUID key, UUID id) {
        NavigableSet<UUID> ids = index.get(key);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
