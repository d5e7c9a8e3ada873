package dev.ragstore.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.document.ChunkUpsert;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.document.DocumentUpsert;
import dev.ragstore.core.filter.BuiltInField;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.langchain4j.internal.FilterMapper;
import dev.ragstore.langchain4j.internal.MetadataCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * LangChain4j's {@link EmbeddingStore} on RagStore's facade, bound to one user ({@link UserScope})
 * and one of that user's knowledge bases. Each embedding is one RagStore document with one chunk
 * (its segment's text, or a placeholder for an embedding added without a segment) written with
 * {@code documents().upsert}, so it counts against the user's plan like any document and is
 * searchable by keyword and hybrid search too.
 *
 * <ul>
 *   <li><b>Ids.</b> An embedding id is a RagStore document id. A UUID id (canonical lower-case
 *       text) is used as is; any other id is mapped to the name-based UUID of its text
 *       ({@link UUID#nameUUIDFromBytes}) and kept with the document, so matches report the id the
 *       caller gave and adding, removing or re-adding it always reaches the same document. Adding
 *       an id again replaces its document.</li>
 *   <li><b>Metadata</b> keeps LangChain4j's value types exactly (String, UUID, Integer, Long, Float,
 *       Double). Keys must follow RagStore's rule {@code [A-Za-z0-9_.-]{1,64}} (at most 62 keys per
 *       segment, strings up to 8,192 characters) and must not start with
 *       {@code "langchain4j."} (the bridge's own entries); otherwise the add throws
 *       {@link dev.ragstore.core.error.InvalidInputException} or {@link IllegalArgumentException}.</li>
 *   <li><b>Filters</b> map node for node onto RagStore's {@link Filter} DSL, {@code ContainsString}
 *       included ({@link Filter#contains}).</li>
 *   <li><b>Scores</b> are LangChain4j relevance scores, {@code (cosine + 1) / 2}
 *       ({@link RelevanceScore#fromCosineSimilarity}): the store's embedding space must use the
 *       COSINE metric, and the embeddings must have its dimension.</li>
 *   <li><b>Removal.</b> {@code removeAll(ids)} and {@code removeAll(filter)} delete the matching
 *       documents ({@code documents().deleteWhere}); {@code removeAll()} clears the knowledge base.</li>
 * </ul>
 *
 * <p>Thread-safe: it holds only the scope and the knowledge base id.
 */
public final class RagStoreEmbeddingStore implements EmbeddingStore<TextSegment> {

    /** The chunk text of an embedding added without a segment (RagStore chunks need text). */
    static final String NO_SEGMENT_TEXT = "(embedding without text)";
    private static final String NO_SEGMENT = MetadataCodec.PREFIX + "no_segment";
    private static final String ORIGINAL_ID = MetadataCodec.PREFIX + "id";

    private final UserScope scope;
    private final KnowledgeBaseId knowledgeBase;

    private RagStoreEmbeddingStore(UserScope scope, KnowledgeBaseId knowledgeBase) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.knowledgeBase = Objects.requireNonNull(knowledgeBase, "knowledgeBase");
    }

    /**
     * A store writing to and searching {@code knowledgeBase} of {@code scope}'s user. Nothing is
     * checked until the first call (an unknown or foreign knowledge base then fails with
     * {@link dev.ragstore.core.error.NotFoundException}).
     */
    public static RagStoreEmbeddingStore of(UserScope scope, KnowledgeBaseId knowledgeBase) {
        return new RagStoreEmbeddingStore(scope, knowledgeBase);
    }

    /** The knowledge base this store is bound to. */
    public KnowledgeBaseId knowledgeBase() {
        return knowledgeBase;
    }

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), segment == null ? null : List.of(segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    /**
     * Upserts one document per embedding, in order; {@code embedded} may be {@code null} (no
     * segments). Not atomic across embeddings: a failure leaves the earlier ones written.
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        if (ids.size() != embeddings.size() || (embedded != null && embedded.size() != embeddings.size())) {
            throw new IllegalArgumentException("ids, embeddings and segments must have the same size, but have "
                    + ids.size() + ", " + embeddings.size() + " and " + (embedded == null ? "none" : embedded.size()));
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            TextSegment segment = embedded == null ? null : embedded.get(i);
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (segment != null) {
                metadata.putAll(MetadataCodec.encode(segment.metadata()));
            } else {
                metadata.put(NO_SEGMENT, true);
            }
            DocumentId documentId = documentId(id);
            if (!documentId.value().toString().equals(id)) {
                metadata.put(ORIGINAL_ID, id);
            }
            scope.documents().upsert(knowledgeBase, DocumentUpsert.builder().id(documentId).metadata(metadata)
                    .chunk(ChunkUpsert.builder(segment == null ? NO_SEGMENT_TEXT : segment.text())
                            .vector(dev.ragstore.core.chunk.Embedding.of(embeddings.get(i).vector())).build())
                    .build());
        }
    }

    @Override
    public void removeAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return;
        }
        Set<Object> documents = new LinkedHashSet<>();
        for (String id : ids) {
            documents.add(documentId(id).value());
        }
        List<Object> all = new ArrayList<>(documents);
        for (int from = 0; from < all.size(); from += Filter.MAX_VALUES) {
            List<Object> slice = all.subList(from, Math.min(all.size(), from + Filter.MAX_VALUES));
            scope.documents().deleteWhere(knowledgeBase, Filter.in(BuiltInField.DOCUMENT, slice.toArray()));
        }
    }

    @Override
    public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter cannot be null");
        }
        scope.documents().deleteWhere(knowledgeBase, FilterMapper.map(filter));
    }

    @Override
    public void removeAll() {
        scope.knowledgeBases().clear(knowledgeBase);
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        SearchRequest.Builder search = SearchRequest.builder()
                .vector(dev.ragstore.core.chunk.Embedding.of(request.queryEmbedding().vector()))
                .knowledgeBase(knowledgeBase).mode(SearchMode.VECTOR).topK(request.maxResults()).includeVectors(true);
        if (request.filter() != null) {
            search.filter(FilterMapper.map(request.filter()));
        }
        if (request.minScore() > 0) {
            // the same threshold on the cosine scale, a little lower so rounding never drops a match; checked again below
            search.minScore(2 * request.minScore() - 1 - 1e-6);
        }
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
        for (SearchHit hit : scope.search(search.build())) {
            double score = RelevanceScore.fromCosineSimilarity(hit.score());
            if (score >= request.minScore()) {
                matches.add(match(hit, score));
            }
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static EmbeddingMatch<TextSegment> match(SearchHit hit, double score) {
        Chunk chunk = hit.chunk();
        Map<String, Object> metadata = chunk.metadata();
        Object original = metadata.get(ORIGINAL_ID);
        String id = original instanceof String text ? text : chunk.documentId().value().toString();
        TextSegment segment = Boolean.TRUE.equals(metadata.get(NO_SEGMENT)) ? null
                : TextSegment.from(chunk.text(), MetadataCodec.decode(metadata));
        Embedding embedding = hit.vectors().isEmpty() ? null : Embedding.from(hit.vectors().get(0).toArray());
        return new EmbeddingMatch<>(score, id, embedding, segment);
    }

    /** The document id of an embedding id: the UUID itself, or the name-based UUID of any other text. */
    static DocumentId documentId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id cannot be null or blank");
        }
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return new DocumentId(uuid);
            }
        } catch (IllegalArgumentException notUuid) {
            // any other text: its name-based UUID below
        }
        return new DocumentId(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)));
    }
}
