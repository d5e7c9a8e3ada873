package dev.ragstore.milvus.internal;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.chunk.VectorType;
import io.milvus.common.clientenum.FunctionType;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The collection of one embedding space: its fields, BM25 function and indexes, and the check
 * that an existing collection has exactly that layout. Stateless.
 *
 * <pre>
 * chunk_id          VarChar(36)  primary key (UUID text)
 * owner_id          VarChar(36)  partition key
 * knowledge_base_id VarChar(36)
 * document_id       VarChar(36)
 * chunk_index       Int32
 * page              Int64, nullable
 * mime_type         VarChar(1024)
 * created_at        Int64        epoch microseconds
 * metadata          JSON         (see MetadataEncoding)
 * text              VarChar(65535) with analyzer      } only when the server
 * sparse            SparseFloatVector from BM25(text) } has the BM25 function
 * dense             FloatVector(d) or Float16Vector(d)
 * </pre>
 */
public final class CollectionLayout {

    /** The marker every RagStore collection's description starts with. */
    public static final String DESCRIPTION_PREFIX = "RagStore embedding space ";
    /** Longest text stored for BM25, in UTF-8 bytes (Milvus's VarChar limit). */
    public static final int MAX_TEXT_BYTES = 65_535;
    /** Largest metadata JSON a Milvus JSON field holds, in UTF-8 bytes (Milvus's documented field limit). */
    public static final int MAX_METADATA_BYTES = 65_536;
    /** Longest mime type, in bytes. */
    public static final int MAX_MIME_TYPE_BYTES = 1_024;
    public static final String CHUNK_INDEX = "chunk_index";
    public static final String TEXT = "text";
    public static final String SPARSE = "sparse";
    public static final String DENSE = "dense";
    public static final String BM25_FUNCTION = "text_bm25";

    private static final int ID_LENGTH = 36;

    private CollectionLayout() {
    }

    /** What a collection holds, as read back from the server. */
    public record Found(int dimension, VectorType vectorType, DistanceMetric metric, boolean keyword) {
    }

    /** The request creating the collection of {@code space}. */
    public static CreateCollectionReq create(String collection, EmbeddingSpace space, boolean keyword, MilvusSettings settings) {
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
                .enableDynamicField(false).build();
        schema.addField(varChar(MilvusFilter.CHUNK_ID, ID_LENGTH).isPrimaryKey(true).autoID(false).build());
        schema.addField(varChar(MilvusFilter.OWNER, ID_LENGTH).isPartitionKey(true).build());
        schema.addField(varChar(MilvusFilter.KNOWLEDGE_BASE, ID_LENGTH).build());
        schema.addField(varChar(MilvusFilter.DOCUMENT, ID_LENGTH).build());
        schema.addField(AddFieldReq.builder().fieldName(CHUNK_INDEX).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(MilvusFilter.PAGE).dataType(DataType.Int64).isNullable(true).build());
        schema.addField(varChar(MilvusFilter.MIME_TYPE, MAX_MIME_TYPE_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(MilvusFilter.CREATED_AT).dataType(DataType.Int64).build());
        schema.addField(AddFieldReq.builder().fieldName(MilvusFilter.METADATA).dataType(DataType.JSON).build());
        if (keyword) {
            schema.addField(varChar(TEXT, MAX_TEXT_BYTES).enableAnalyzer(true).build());
            schema.addField(AddFieldReq.builder().fieldName(SPARSE).dataType(DataType.SparseFloatVector).build());
            schema.addFunction(CreateCollectionReq.Function.builder().name(BM25_FUNCTION).functionType(FunctionType.BM25)
                    .inputFieldNames(List.of(TEXT)).outputFieldNames(List.of(SPARSE)).build());
        }
        schema.addField(AddFieldReq.builder().fieldName(DENSE).dataType(denseType(space.vectorType()))
                .dimension(space.dimension()).build());
        List<IndexParam> indexes = new ArrayList<>();
        indexes.add(denseIndex(space.metric(), settings));
        if (keyword) {
            indexes.add(IndexParam.builder().fieldName(SPARSE).indexType(IndexParam.IndexType.SPARSE_INVERTED_INDEX)
                    .metricType(IndexParam.MetricType.BM25).build());
        }
        return CreateCollectionReq.builder()
                .collectionName(collection)
                .description(DESCRIPTION_PREFIX + "'" + space.name() + "' (model " + space.model() + ")")
                .collectionSchema(schema)
                .indexParams(indexes)
                .build();
    }

    /** The index of the dense field: HNSW with the configured M and efConstruction, or AUTOINDEX. */
    public static IndexParam denseIndex(DistanceMetric metric, MilvusSettings settings) {
        IndexParam.IndexParamBuilder index = IndexParam.builder().fieldName(DENSE).metricType(metricType(metric));
        if (settings.autoIndex()) {
            return index.indexType(IndexParam.IndexType.AUTOINDEX).build();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("M", settings.hnswM());
        params.put("efConstruction", settings.hnswEfConstruction());
        return index.indexType(IndexParam.IndexType.HNSW).extraParams(params).build();
    }

    /**
     * Reads an existing collection's layout: {@code null} when it is not RagStore's (another
     * description or fields), otherwise what it holds. The differences found are added to
     * {@code differences} in words.
     *
     * @param metric the dense index's metric, or {@code null} when the field has no index yet
     */
    public static Found read(String description, CreateCollectionReq.CollectionSchema schema, IndexParam.MetricType metric,
            List<String> differences) {
        // Milvus Lite does not keep descriptions, so the field layout is what marks a RagStore collection
        if (description != null && !description.isEmpty() && !description.startsWith(DESCRIPTION_PREFIX)) {
            differences.add("its description is not RagStore's ('" + description + "')");
        }
        Map<String, CreateCollectionReq.FieldSchema> fields = new LinkedHashMap<>();
        for (CreateCollectionReq.FieldSchema field : schema.getFieldSchemaList()) {
            fields.put(field.getName(), field);
        }
        expect(fields, MilvusFilter.CHUNK_ID, DataType.VarChar, differences);
        if (fields.containsKey(MilvusFilter.CHUNK_ID) && !Boolean.TRUE.equals(fields.get(MilvusFilter.CHUNK_ID).getIsPrimaryKey())) {
            differences.add("field chunk_id is not the primary key");
        }
        expect(fields, MilvusFilter.OWNER, DataType.VarChar, differences);
        if (fields.containsKey(MilvusFilter.OWNER) && !Boolean.TRUE.equals(fields.get(MilvusFilter.OWNER).getIsPartitionKey())) {
            differences.add("field owner_id is not the partition key");
        }
        expect(fields, MilvusFilter.KNOWLEDGE_BASE, DataType.VarChar, differences);
        expect(fields, MilvusFilter.DOCUMENT, DataType.VarChar, differences);
        expect(fields, CHUNK_INDEX, DataType.Int32, differences);
        expect(fields, MilvusFilter.PAGE, DataType.Int64, differences);
        expect(fields, MilvusFilter.MIME_TYPE, DataType.VarChar, differences);
        expect(fields, MilvusFilter.CREATED_AT, DataType.Int64, differences);
        expect(fields, MilvusFilter.METADATA, DataType.JSON, differences);
        boolean keyword = fields.containsKey(SPARSE);
        if (keyword) {
            expect(fields, TEXT, DataType.VarChar, differences);
            expect(fields, SPARSE, DataType.SparseFloatVector, differences);
        }
        CreateCollectionReq.FieldSchema dense = fields.get(DENSE);
        VectorType type = null;
        if (dense == null) {
            differences.add("it has no field dense");
        } else if (dense.getDataType() == DataType.FloatVector) {
            type = VectorType.FLOAT32;
        } else if (dense.getDataType() == DataType.Float16Vector) {
            type = VectorType.FLOAT16;
        } else {
            differences.add("field dense is " + dense.getDataType() + ", not a float or float16 vector");
        }
        int known = keyword ? 12 : 10;
        if (fields.size() != known) {
            differences.add("it has fields " + fields.keySet());
        }
        if (!differences.isEmpty()) {
            return null;
        }
        return new Found(Objects.requireNonNull(dense.getDimension(), "dimension"), type,
                metric == null ? null : metric(metric), keyword);
    }

    private static void expect(Map<String, CreateCollectionReq.FieldSchema> fields, String name, DataType type,
            List<String> differences) {
        CreateCollectionReq.FieldSchema field = fields.get(name);
        if (field == null) {
            differences.add("it has no field " + name);
        } else if (field.getDataType() != type) {
            differences.add("field " + name + " is " + field.getDataType() + ", not " + type);
        }
    }

    private static AddFieldReq.AddFieldReqBuilder<?> varChar(String name, int maxLength) {
        return AddFieldReq.builder().fieldName(name).dataType(DataType.VarChar).maxLength(maxLength);
    }

    private static DataType denseType(VectorType type) {
        return type == VectorType.FLOAT16 ? DataType.Float16Vector : DataType.FloatVector;
    }

    /** The Milvus metric of a space metric. */
    public static IndexParam.MetricType metricType(DistanceMetric metric) {
        switch (metric) {
            case COSINE:
                return IndexParam.MetricType.COSINE;
            case INNER_PRODUCT:
                return IndexParam.MetricType.IP;
            case L2:
                return IndexParam.MetricType.L2;
            default:
                throw new IllegalStateException("unhandled metric " + metric);
        }
    }

    /** The space metric of a Milvus metric. */
    public static DistanceMetric metric(IndexParam.MetricType metric) {
        switch (metric) {
            case COSINE:
                return DistanceMetric.COSINE;
            case IP:
                return DistanceMetric.INNER_PRODUCT;
            case L2:
                return DistanceMetric.L2;
            default:
                throw new IllegalArgumentException("metric " + metric + " is not one RagStore uses");
        }
    }
}
