package dev.ragstore.core.memory;

import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deletion rules of the domain (DocuChatAPI's): a user takes sessions, documents, knowledge
 * bases, usage, keys and model profiles along; messages they wrote in other sessions and their
 * audit events stay with the author set to null; a session takes its messages and the
 * documents attached to it; a knowledge base takes its documents and leaves the sessions and
 * profiles that named it; a document takes its chunks. Every method runs under the write lock.
 */
final class Cascades {

    private final MemoryTables tables;

    Cascades(MemoryTables tables) {
        this.tables = tables;
    }

    /** Removes a document and its chunks. */
    void deleteDocument(UUID documentId) {
        tables.removeDocument(documentId);
    }

    /** Removes a knowledge base with its documents and chunks, and drops it from the owner's sessions and profiles. */
    void deleteKnowledgeBase(UUID owner, UUID knowledgeBaseId) {
        for (UUID documentId : List.copyOf(tables.documentIdsOf(knowledgeBaseId))) {
            deleteDocument(documentId);
        }
        tables.knowledgeBases.remove(knowledgeBaseId);
        KnowledgeBaseId gone = new KnowledgeBaseId(knowledgeBaseId);
        for (ChatSession s : List.copyOf(tables.sessions.ofOwner(owner).values())) {
            if (s.knowledgeBaseIds().contains(gone)) {
                tables.sessions.put(owner, s.id().value(), s.withKnowledgeBaseIds(without(s.knowledgeBaseIds(), gone)));
            }
        }
        for (ModelProfile p : List.copyOf(tables.modelProfiles.ofOwner(owner).values())) {
            if (p.knowledgeBaseIds().contains(gone)) {
                tables.modelProfiles.put(owner, p.id().value(), p.withKnowledgeBaseIds(without(p.knowledgeBaseIds(), gone)));
            }
        }
    }

    /** Removes a session, its messages and the documents attached to it (with their chunks). */
    void deleteSession(UUID owner, UUID sessionId) {
        tables.removeMessagesOf(sessionId);
        for (Document document : List.copyOf(tables.documents.ofOwner(owner).values())) {
            if (document.chatSessionId() != null && document.chatSessionId().value().equals(sessionId)) {
                deleteDocument(document.id().value());
            }
        }
        tables.sessions.remove(sessionId);
    }

    /** Removes a user and everything they own; see the class comment for what stays. */
    void deleteUser(UUID userId) {
        for (UUID sessionId : List.copyOf(tables.sessions.ofOwner(userId).keySet())) {
            deleteSession(userId, sessionId);
        }
        for (UUID documentId : List.copyOf(tables.documents.ofOwner(userId).keySet())) {
            deleteDocument(documentId);
        }
        for (UUID knowledgeBaseId : List.copyOf(tables.knowledgeBases.ofOwner(userId).keySet())) {
            deleteKnowledgeBase(userId, knowledgeBaseId);
        }
        for (UUID keyId : List.copyOf(tables.apiKeys.ofOwner(userId).keySet())) {
            tables.removeApiKey(keyId);
        }
        for (UUID profileId : List.copyOf(tables.modelProfiles.ofOwner(userId).keySet())) {
            tables.removeModelProfile(profileId);
        }
        tables.usageByUser.remove(userId);
        tables.usageKeysByUser.remove(userId);
        // Messages written in sessions of other users keep their text; only the author goes.
        for (Map.Entry<UUID, Message> entry : tables.messages.entrySet()) {
            Message m = entry.getValue();
            if (m.authorId() != null && m.authorId().value().equals(userId)) {
                entry.setValue(m.withAuthorId(null));
            }
        }
        for (AuditEvent e : List.copyOf(tables.audit.ofOwner(userId).values())) {
            tables.audit.put(null, e.id().value(), new AuditEvent(e.id(), null, e.action(), e.details(), e.at()));
        }
        tables.removeUser(userId);
    }

    private static List<KnowledgeBaseId> without(List<KnowledgeBaseId> ids, KnowledgeBaseId gone) {
        List<KnowledgeBaseId> kept = new ArrayList<>(ids);
        kept.removeIf(gone::equals);
        return kept;
    }
}
