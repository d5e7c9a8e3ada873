package dev.ragstore.core;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.SourcedChunk;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.page.Page;
import dev.ragstore.core.page.PageRequest;
import dev.ragstore.core.search.IndexCapabilities;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.ReciprocalRankFusion;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.spi.MultiVectorEmbedder;
import dev.ragstore.core.user.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Search for one user: resolves the knowledge bases, embeds the query text when needed, checks
 * the request against the index's capabilities (composing HYBRID from VECTOR and KEYWORD when
 * the index has no native hybrid search), and resolves the index's hits to live chunks.
 */
final class ScopedSearch {

    private final StoreContext context;
    private final UserId owner;

    ScopedSearch(StoreContext context, UserId owner) {
        this.context = context;
        this.owner = owner;
    }

    List<SearchHit> search(SearchRequest request) {
        return search(request, null);
    }

    /**
     * {@link #search(SearchRequest)} over {@code knowledgeBases} instead of the request's (each
     * still checked to be the owner's and live), or over the request's when {@code null}; the
     * admin view's search across owners passes the named knowledge bases each owner holds.
     */
    List<SearchHit> search(SearchRequest request, List<KnowledgeBaseId> knowledgeBasesOfOwner) {
        Objects.requireNonNull(request, "request");
        EmbeddingSpace space = context.embedder().space();
        IndexCapabilities capabilities = context.vectorIndex().capabilities();
        SearchMode mode = request.mode();
        if (!capabilities.supports(mode)) {
            throw InvalidInputException.of("search mode", "must be one of " + capabilities.modes()
                    + ": vector index '" + capabilities.adapter() + "' lacks the capability " + mode, mode);
        }
        if (request.vectors().size() > 1 && !capabilities.multiVector()) {
            throw InvalidInputException.of("search vectors", "must be a single vector: vector index '"
                    + capabilities.adapter() + "' lacks the capability multi-vector search", request.vectors().size());
        }
        for (int i = 0; i < request.vectors().size(); i++) {
            requireDimension(request.vectors().get(i), space);
            request.vectors().get(i).requireRepresentable("search vectors[" + i + "]", space);
        }
        List<KnowledgeBaseId> knowledgeBases = knowledgeBases(
                knowledgeBasesOfOwner != null ? knowledgeBasesOfOwner : request.knowledgeBases());
        if (knowledgeBases.isEmpty()) {
            return List.of();
        }
        List<Embedding> vectors = request.vectors();
        if (vectors.isEmpty() && mode != SearchMode.KEYWORD) {
            vectors = embedQuery(request.text(), space);
        }
        List<IndexHit> hits;
        if (capabilities.modes().contains(mode)) {
            hits = context.vectorIndex().search(new IndexQuery(space.name(), owner, knowledgeBases, mode, request.text(),
                    vectors, request.filter(), request.topK(), request.minScore(), request.annCandidates(),
                    request.includeVectors()));
        } else {
            hits = composedHybrid(space, knowledgeBases, request, vectors);
        }
        return resolve(hits);
    }

    private List<IndexHit> composedHybrid(EmbeddingSpace space, List<KnowledgeBaseId> knowledgeBases,
            SearchRequest request, List<Embedding> vectors) {
        // An IndexQuery asks for at most MAX_TOP_K hits.
        int candidates = Math.min(SearchRequest.MAX_TOP_K, ReciprocalRankFusion.candidateDepth(request.topK()));
        List<IndexHit> byVector = context.vectorIndex().search(new IndexQuery(space.name(), owner, knowledgeBases,
                SearchMode.VECTOR, request.text(), vectors, request.filter(), candidates, null, request.annCandidates(),
                request.includeVectors()));
        List<IndexHit> byKeyword = context.vectorIndex().search(new IndexQuery(space.name(), owner, knowledgeBases,
                SearchMode.KEYWORD, request.text(), List.of(), request.filter(), candidates, null, null,
                request.includeVectors()));
        List<IndexHit> fused = ReciprocalRankFusion.fuse(ids(byVector), ids(byKeyword),
                ReciprocalRankFusion.DEFAULT_K, request.topK());
        if (request.includeVectors()) {
            Map<ChunkId, List<Embedding>> stored = new HashMap<>();
            byKeyword.forEach(hit -> stored.put(hit.chunkId(), hit.vectors()));
            byVector.forEach(hit -> stored.put(hit.chunkId(), hit.vectors()));
            fused = fused.stream().map(hit -> hit.withVectors(stored.get(hit.chunkId()))).toList();
        }
        if (request.minScore() == null) {
            return fused;
        }
        List<IndexHit> kept = new ArrayList<>(fused.size());
        for (IndexHit hit : fused) {
            if (hit.score() >= request.minScore()) {
                kept.add(hit);
            }
        }
        return kept;
    }

    /** The named knowledge bases (each must be live and the user's), or all live ones of the store's space. */
    private List<KnowledgeBaseId> knowledgeBases(List<KnowledgeBaseId> named) {
        if (!named.isEmpty()) {
            Set<KnowledgeBaseId> distinct = new LinkedHashSet<>();
            for (KnowledgeBaseId id : named) {
                distinct.add(Lookups.requireStoreSpace(context, Lookups.liveKnowledgeBase(context, owner, id)).id());
            }
            return List.copyOf(distinct);
        }
        String space = context.embedder().space().name();
        List<KnowledgeBaseId> all = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<KnowledgeBase> result = context.relational().knowledgeBases().list(owner, page, false);
            for (KnowledgeBase knowledgeBase : result.items()) {
                if (knowledgeBase.embeddingSpace().equals(space)) {
                    all.add(knowledgeBase.id());
                }
            }
            if (!result.hasNext()) {
                return all;
            }
            page = page.next(result.nextCursor());
        }
    }

    private List<Embedding> embedQuery(String text, EmbeddingSpace space) {
        if (context.embedder() instanceof MultiVectorEmbedder multi) {
            List<List<Embedding>> embedded = multi.embedMulti(List.of(text));
            if (embedded == null || embedded.size() != 1 || embedded.get(0) == null || embedded.get(0).isEmpty()
                    || embedded.get(0).size() > SearchRequest.MAX_QUERY_VECTORS) {
                throw InvalidInputException.of("embedder query vectors", "must be one list of 1 to "
                        + SearchRequest.MAX_QUERY_VECTORS + " vectors", embedded == null ? null : embedded.size());
            }
            return embedded.get(0).stream().map(vector -> vector.requireDimension(space)).toList();
        }
        List<Embedding> embedded = context.embedder().embed(List.of(text));
        if (embedded == null || embedded.size() != 1) {
            throw InvalidInputException.of("embedder result size", "must equal the batch size 1",
                    embedded == null ? null : embedded.size());
        }
        return List.of(embedded.get(0).requireDimension(space));
    }

    private List<SearchHit> resolve(List<IndexHit> hits) {
        if (hits.isEmpty()) {
            return List.of();
        }
        List<ChunkId> ids = ids(hits);
        Map<ChunkId, SourcedChunk> live = new HashMap<>();
        for (SourcedChunk chunk : context.relational().chunks().findLive(owner, ids)) {
            live.put(chunk.chunk().id(), chunk);
        }
        List<SearchHit> result = new ArrayList<>(live.size());
        for (IndexHit hit : hits) {
            SourcedChunk chunk = live.get(hit.chunkId());
            if (chunk != null) {
                result.add(new SearchHit(chunk.chunk(), chunk.fileName(), hit.score(), hit.vectorRank(), hit.keywordRank(),
                        hit.vectors()));
            }
        }
        return List.copyOf(result);
    }

    private static void requireDimension(Embedding vector, EmbeddingSpace space) {
        if (vector.dimension() != space.dimension()) {
            throw InvalidInputException.of("search vector dimension",
                    "must be " + space.dimension() + " for space '" + space.name() + "'", vector.dimension());
        }
    }

    private static List<ChunkId> ids(List<IndexHit> hits) {
        List<ChunkId> ids = new ArrayList<>(hits.size());
        for (IndexHit hit : hits) {
            ids.add(hit.chunkId());
        }
        return ids;
    }
}
