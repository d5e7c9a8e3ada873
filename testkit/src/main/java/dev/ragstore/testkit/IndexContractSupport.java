package dev.ragstore.testkit;

import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.document.DocumentId;
import dev.ragstore.core.filter.Filter;
import dev.ragstore.core.knowledge.KnowledgeBaseId;
import dev.ragstore.core.search.IndexHit;
import dev.ragstore.core.search.IndexQuery;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.VectorIndex;
import dev.ragstore.core.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link VectorIndexContract} shares: the one factory {@link #newIndex()}, an index per
 * test closed afterwards, and builders of spaces, chunks and queries. Space names start with
 * {@value #SPACE_PREFIX} and are unique per test, so indexes on a shared server (Milvus) stay
 * isolated; a subclass may drop them with {@link #onClose(AutoCloseable)} or after the class.
 */
public abstract class IndexContractSupport {

    /** Prefix of every space name the kit creates. */
    public static final String SPACE_PREFIX = "kit_";
    /** A fixed creation time for chunks whose time does not matter. */
    protected static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private VectorIndex index;

    /** A new index, empty or isolated from every other index the kit asked for. */
    protected abstract VectorIndex newIndex();

    /** Registers cleanup to run after the test, once the index is closed (last registered runs first). */
    protected final synchronized void onClose(AutoCloseable cleanup) {
        closeables.push(cleanup);
    }

    /** The test's index, created on first use. */
    protected final synchronized VectorIndex index() {
        if (index == null) {
            index = newIndex();
        }
        return index;
    }

    @AfterEach
    final synchronized void closeIndexAndCleanUp() throws Exception {
        Deque<AutoCloseable> first = new ArrayDeque<>();
        if (index != null) {
            first.push(index);
        }
        Closing.drain(first, closeables);
    }

    /** A unique space name. */
    protected static String spaceName() {
        return SPACE_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Creates a float32 space of a unique name in the test's index. */
    protected final EmbeddingSpace newSpace(int dimension, DistanceMetric metric) {
        return newSpace(dimension, metric, VectorType.FLOAT32);
    }

    /** Creates a space of a unique name in the test's index. */
    protected final EmbeddingSpace newSpace(int dimension, DistanceMetric metric, VectorType type) {
        EmbeddingSpace space = new EmbeddingSpace(spaceName(), "kit-model", dimension, metric, type);
        index().createSpace(space);
        return space;
    }

    /** Aborts the test unless the index supports {@code metric}. */
    protected final void assumeMetric(DistanceMetric metric) {
        if (!index().capabilities().metrics().contains(metric)) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' lacks the capability metric " + metric + " (it has " + index().capabilities().metrics() + ")");
        }
    }

    /** Aborts the test unless the index answers {@code mode} natively. */
    protected final void assumeMode(SearchMode mode) {
        if (!index().capabilities().modes().contains(mode)) {
            Assumptions.abort("not applicable: vector index '" + index().capabilities().adapter()
                    + "' lacks the capability search mode " + mode + " (it has " + index().capabilities().modes() + ")");
        }
    }

    /** A metric the index supports, COSINE when it can. */
    protected final DistanceMetric anyMetric() {
        return index().capabilities().metrics().contains(DistanceMetric.COSINE) ? DistanceMetric.COSINE
                : index().capabilities().metrics().iterator().next();
    }

    /** Ids of one owner's knowledge base and document. */
    protected record Owner(UserId user, KnowledgeBaseId knowledgeBase, DocumentId document) {

        /** A new owner with a new knowledge base and document. */
        public static Owner random() {
            return new Owner(new UserId(UUID.randomUUID()), new KnowledgeBaseId(UUID.randomUUID()),
                    new DocumentId(UUID.randomUUID()));
        }

        /** The same owner with another knowledge base and document. */
        public Owner withKnowledgeBase() {
            return new Owner(user, new KnowledgeBaseId(UUID.randomUUID()), new DocumentId(UUID.randomUUID()));
        }

        /** The same owner and knowledge base with another document. */
        public Owner withDocument() {
            return new Owner(user, knowledgeBase, new DocumentId(UUID.randomUUID()));
        }
    }

    /** A chunk of {@code owner} with one vector per array, no page, and no metadata. */
    protected static IndexedChunk chunk(Owner owner, int index, String text, float[]... vectors) {
        return chunk(owner, index, text, Map.of(), vectors);
    }

    /** A chunk of {@code owner} with metadata. */
    protected static IndexedChunk chunk(Owner owner, int index, String text, Map<String, ?> metadata, float[]... vectors) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) metadata;
        return new IndexedChunk(new ChunkId(UUID.randomUUID()), owner.user(), owner.knowledgeBase(), owner.document(),
                index, null, "text/plain", text, values, CREATED,
                Arrays.stream(vectors).map(Embedding::of).toList());
    }

    /** A VECTOR query of {@code owner} over its knowledge base. */
    protected static IndexQuery vectorQuery(EmbeddingSpace space, Owner owner, int topK, float[] vector) {
        return new IndexQuery(space.name(), owner.user(), List.of(owner.knowledgeBase()), SearchMode.VECTOR, null,
                List.of(Embedding.of(vector)), null, topK, null);
    }

    /** A query with every field given. */
    protected static IndexQuery query(EmbeddingSpace space, UserId owner, List<KnowledgeBaseId> knowledgeBases,
            SearchMode mode, String text, List<float[]> vectors, Filter filter, int topK, Double minScore) {
        return new IndexQuery(space.name(), owner, knowledgeBases, mode, text,
                vectors.stream().map(Embedding::of).toList(), filter, topK, minScore);
    }

    /** The chunk ids of hits, in order. */
    protected static List<ChunkId> ids(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::chunkId).toList();
    }
}
