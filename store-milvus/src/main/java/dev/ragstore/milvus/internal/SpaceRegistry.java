package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import dev.ragstore.core.error.ConflictException;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedding spaces of one index: creates their collections idempotently (an existing
 * collection is compared, never dropped or altered), and remembers what each holds. A space
 * created by another process is found on first use. Thread-safe.
 */
public final class SpaceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SpaceRegistry.class);
    private static final Pattern SPACE_NAME = Pattern.compile(EmbeddingSpace.NAME_RULE);
    private static final long LOAD_POLL_MILLIS = 100;

    /** A space and the collection that holds it. */
    public record Space(EmbeddingSpace definition, String collection, boolean keyword) {
    }

    private final MilvusConnection connection;
    private final Map<String, Space> known = new ConcurrentHashMap<>();

    public SpaceRegistry(MilvusConnection connection) {
        this.connection = connection;
    }

    /** The collection name of space {@code name}. */
    public String collection(String name) {
        return connection.settings().collectionPrefix() + name;
    }

    /**
     * Creates the collection of {@code space}, or checks the existing one.
     *
     * @throws InvalidInputException if the server cannot hold the space's vector type
     * @throws ConflictException if the collection exists with another dimension, metric, type or layout
     */
    public Space create(EmbeddingSpace space) {
        ServerFeatures features = connection.features();
        if (space.vectorType() == VectorType.FLOAT16 && !features.float16()) {
            throw InvalidInputException.of("embedding space vector type", "must be FLOAT32: vector index 'milvus' lacks "
                    + "the capability vector type FLOAT16 on server " + features.version(), space.vectorType());
        }
        Space cached = known.get(space.name());
        if (cached != null) {
            return requireSame(cached, space);
        }
        String collection = collection(space.name());
        MilvusClientV2 client = connection.client();
        MilvusErrors errors = connection.errors();
        if (!exists(collection)) {
            try {
                client.createCollection(CollectionLayout.create(collection, space, features.bm25(), connection.settings()));
                LOG.info("Milvus collection '{}' created for embedding space '{}' ({}d {} {}) at {}", collection,
                        space.name(), space.dimension(), space.metric(), space.vectorType(), connection.settings().address());
            } catch (RuntimeException e) {
                // created meanwhile by another index (Milvus Lite refuses even an identical re-create)
                if (!exists(collection)) {
                    throw errors.translate(e, "createCollection '" + collection + "'");
                }
            }
        }
        Space found = read(space.name(), space).orElseThrow(() -> new StoreUnavailableException(MilvusErrors.STORE, true,
                "collection '" + collection + "' vanished while creating embedding space '" + space.name() + "'", null));
        return requireSame(found, space);
    }

    /** The space {@code name}, or empty when it has no RagStore collection. */
    public Optional<Space> find(String name) {
        Space cached = known.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        return read(name, null);
    }

    /**
     * The space {@code name}.
     *
     * @throws NotFoundException if it was never created
     */
    public Space require(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("embedding space", name));
    }

    /** Every space whose collection carries this index's prefix. */
    public List<Space> all() {
        String prefix = connection.settings().collectionPrefix();
        List<String> names = connection.errors().call("listCollections",
                () -> connection.client().listCollections().getCollectionNames());
        List<Space> spaces = new ArrayList<>();
        for (String collection : names) {
            if (collection.startsWith(prefix) && SPACE_NAME.matcher(collection.substring(prefix.length())).matches()) {
                find(collection.substring(prefix.length())).ifPresent(spaces::add);
            }
        }
        return spaces;
    }

    /**
     * Runs a read ({@code work}) on {@code space}'s collection; when the server refuses it and the
     * collection turns out not to be loaded (Milvus Lite forgets the load state when it restarts),
     * loads it and runs {@code work} once more.
     */
    public <T> T whileLoaded(Space space, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreUnavailableException e) {
            if (e.retryable() || loaded(space.collection())) {
                throw e;
            }
            LOG.info("Milvus collection '{}' was not loaded (server restarted?); loading it", space.collection());
            ensureLoaded(space.collection());
            return work.get();
        }
    }

    private boolean loaded(String collection) {
        return Boolean.TRUE.equals(connection.errors().call("getLoadState '" + collection + "'",
                () -> connection.client().getLoadState(GetLoadStateReq.builder().collectionName(collection).build())));
    }

    /** Forgets a space (its collection was dropped). */
    public void forget(String name) {
        known.remove(name);
    }

    private boolean exists(String collection) {
        return connection.errors().call("hasCollection '" + collection + "'",
                () -> connection.client().hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
    }

    /** Reads the collection of {@code name}; {@code requested} (or null) names the definition being created. */
    private Optional<Space> read(String name, EmbeddingSpace requested) {
        String collection = collection(name);
        MilvusErrors errors = connection.errors();
        MilvusClientV2 client = connection.client();
        if (!exists(collection)) {
            return Optional.empty();
        }
        DescribeCollectionResp described = errors.call("describeCollection '" + collection + "'",
                () -> client.describeCollection(DescribeCollectionReq.builder().collectionName(collection).build()));
        IndexParam.MetricType metric = denseMetric(collection);
        List<String> differences = new ArrayList<>();
        CollectionLayout.Found found = CollectionLayout.read(described.getDescription(), described.getCollectionSchema(),
                metric, differences);
        if (found == null) {
            if (requested == null) {
                return Optional.empty();
            }
            throw new ConflictException("embedding_space.collection", "collection '" + collection + "' for embedding space '"
                    + name + "' exists at " + connection.settings().address() + " with another layout: "
                    + String.join("; ", differences) + ". RagStore never drops or alters a collection: drop it yourself "
                    + "or choose another collectionPrefix");
        }
        if (found.metric() == null) {
            if (requested == null) {
                return Optional.empty();
            }
            // a creation that stopped before its index: finish it (nothing is altered or dropped)
            createIndexes(collection, requested, found.keyword());
            found = new CollectionLayout.Found(found.dimension(), found.vectorType(), requested.metric(), found.keyword());
        }
        ensureLoaded(collection);
        String model = requested != null ? requested.model() : modelOf(described.getDescription());
        Space space = new Space(new EmbeddingSpace(name, model, found.dimension(), found.metric(), found.vectorType()),
                collection, found.keyword());
        Space raced = known.putIfAbsent(name, space);
        return Optional.of(raced != null ? raced : space);
    }

    private IndexParam.MetricType denseMetric(String collection) {
        MilvusClientV2 client = connection.client();
        List<String> indexes = connection.errors().call("listIndexes '" + collection + "'",
                () -> client.listIndexes(ListIndexesReq.builder().collectionName(collection).build()));
        if (indexes == null || !indexes.contains(CollectionLayout.DENSE)) {
            return null;
        }
        DescribeIndexResp described = connection.errors().call("describeIndex '" + collection + "'",
                () -> client.describeIndex(DescribeIndexReq.builder().collectionName(collection)
                        .fieldName(CollectionLayout.DENSE).build()));
        DescribeIndexResp.IndexDesc dense = described.getIndexDescByFieldName(CollectionLayout.DENSE);
        return dense == null ? null : dense.getMetricType();
    }

    private void createIndexes(String collection, EmbeddingSpace space, boolean keyword) {
        List<IndexParam> indexes = new ArrayList<>();
        indexes.add(CollectionLayout.denseIndex(space.metric(), connection.settings()));
        if (keyword) {
            indexes.add(IndexParam.builder().fieldName(CollectionLayout.SPARSE)
                    .indexType(IndexParam.IndexType.SPARSE_INVERTED_INDEX).metricType(IndexParam.MetricType.BM25).build());
        }
        for (IndexParam index : indexes) {
            connection.errors().run("createIndex '" + collection + "." + index.getFieldName() + "'",
                    () -> connection.client().createIndex(CreateIndexReq.builder().collectionName(collection)
                            .indexParams(List.of(index)).sync(false).build()));
        }
        LOG.info("Milvus collection '{}' had no vector index; created it", collection);
    }

    private void ensureLoaded(String collection) {
        MilvusClientV2 client = connection.client();
        MilvusErrors errors = connection.errors();
        GetLoadStateReq state = GetLoadStateReq.builder().collectionName(collection).build();
        if (Boolean.TRUE.equals(errors.call("getLoadState '" + collection + "'", () -> client.getLoadState(state)))) {
            return;
        }
        errors.run("loadCollection '" + collection + "'", () -> client.loadCollection(LoadCollectionReq.builder()
                .collectionName(collection).sync(false).build()));
        long deadline = System.nanoTime() + connection.settings().rpcDeadline().toNanos() * 3;
        while (!Boolean.TRUE.equals(errors.call("getLoadState '" + collection + "'", () -> client.getLoadState(state)))) {
            if (System.nanoTime() > deadline) {
                throw new StoreUnavailableException(MilvusErrors.STORE, true, "Milvus collection '" + collection
                        + "' at " + connection.settings().address() + " is still loading after "
                        + MilvusSettings.human(connection.settings().rpcDeadline().multipliedBy(3)), null);
            }
            try {
                Thread.sleep(LOAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException(MilvusErrors.STORE, true, "interrupted while loading collection '"
                        + collection + "'", e);
            }
        }
    }

    private Space requireSame(Space existing, EmbeddingSpace space) {
        EmbeddingSpace e = existing.definition();
        if (e.dimension() != space.dimension() || e.metric() != space.metric() || e.vectorType() != space.vectorType()) {
            throw new ConflictException("embedding_space.definition", "embedding space '" + space.name() + "' exists in "
                    + "Milvus collection '" + existing.collection() + "' with dimension " + e.dimension() + ", metric "
                    + e.metric() + " and type " + e.vectorType() + ", not dimension " + space.dimension() + ", metric "
                    + space.metric() + " and type " + space.vectorType() + "; use a new space name to change the model "
                    + "(RagStore never drops or alters a collection)");
        }
        return existing;
    }

    private static String modelOf(String description) {
        if (description == null) {
            return "unknown";
        }
        int start = description.indexOf("(model ");
        if (start < 0 || !description.endsWith(")")) {
            return "unknown";
        }
        String model = description.substring(start + 7, description.length() - 1);
        return model.isBlank() ? "unknown" : model;
    }
}
