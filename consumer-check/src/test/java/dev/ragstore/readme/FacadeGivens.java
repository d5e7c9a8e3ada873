package dev.ragstore.readme;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.user.UserId;

import java.time.Instant;
import java.util.List;

/** The free variables of README.md's facade blocks (upserts, accounts, listings): compiled, not run. */
public class FacadeGivens extends Givens {
    protected RagStore store;
    protected UserScope scope;
    protected KnowledgeBase kb;
    protected KnowledgeBase handbook;
    protected KnowledgeBaseId id;
    protected DocumentId documentId;
    protected ChunkId chunkId;
    protected float[] vector;
    protected List<Embedding> tokenVectors;
    protected String layraBcryptHash;
    protected String password;
    protected String jwt;
    protected Instant expiresAt;
    protected Instant from;
    protected Instant to;
    protected UserId adminId;
    protected ChatSession session;
    protected ModelProfile model;
    protected Document document;
    protected String newKey;
}
