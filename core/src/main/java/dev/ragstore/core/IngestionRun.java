package dev.ragstore.core;

import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.chunk.Embedding;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.document.DocumentStatus;
import dev.ragstore.core.document.IngestListener;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.MultiVectorEmbedder;
import dev.ragstore.core.spi.TextChunk;
import dev.ragstore.core.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The work of one ingestion while its document's lock is held: chunk, embed in batches, replace
 * the document's chunks, replace its vectors, mark it completed. Every step replaces what a
 * previous, failed run left, so running it again never duplicates chunks or vectors.
 */
final class IngestionRun {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionRun.class);

    /** How many chunks go to the vector index in one upsert. */
    static final int UPSERT_BATCH = 500;

    private final StoreContext context;
    private final UserId owner;
    private final Document document;
    private final ExtractedText extracted;
    private final IngestListener listener;
    private final JobReporter job;

    IngestionRun(StoreContext context, UserId owner, Document document, ExtractedText extracted, IngestListener listener) {
        this.context = context;
        this.owner = owner;
        this.document = document;
        this.extracted = extracted;
        this.listener = listener;
        this.job = new JobReporter(context.ephemeral(), "ingest:" + document.id());
    }

    IngestResult run() {
        EmbeddingSpace space = context.embedder().space();
        update(DocumentStatus.PROCESSING, document.extractedText(), document.pages(), document.embeddingModel(),
                document.tokensUsed());
        job.start(0, "chunking");
        listener.progress(0, 0, "chunking");

        List<Chunk> chunks = chunks(context.chunker().chunk(extracted));
        LOG.debug("Document {}: {} characters, {} pages, {} chunks", document.id(), extracted.text().length(),
                extracted.pages(), chunks.size());
        job.start(chunks.size(), "embedding");
        listener.progress(0, chunks.size(), "embedding");
        List<List<Embedding>> vectors = embed(chunks, space);

        // One unit where the stores allow it: with pgvector, chunk rows and vectors commit together.
        context.relational().inTransaction(owner, () -> {
            context.relational().chunks().replace(owner, document.id(), chunks);
            if (!context.vectorIndex().followsRelationalDeletes()) {
                context.vectorIndex().deleteDocument(space.name(), owner, document.id());
            }
            for (int start = 0; start < chunks.size(); start += UPSERT_BATCH) {
                int end = Math.min(chunks.size(), start + UPSERT_BATCH);
                List<IndexedChunk> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(IndexedChunk.of(chunks.get(i), document.mimeType(), vectors.get(i)));
                }
                context.vectorIndex().upsert(space.name(), batch);
            }
            return null;
        });
        LOG.debug("Document {}: stored {} chunks and vectors in space {}", document.id(), chunks.size(), space.name());

        long tokens = chunks.stream().mapToLong(Chunk::tokenCount).sum();
        Document completed = update(DocumentStatus.COMPLETED, extracted.text(), extracted.pages(), space.model(), tokens);
        job.complete("completed");
        listener.progress(chunks.size(), chunks.size(), "completed");
        return new IngestResult(completed, false, chunks.size());
    }

    private List<Chunk> chunks(List<TextChunk> pieces) {
        Instant now = context.now();
        List<Chunk> chunks = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            TextChunk piece = pieces.get(i);
            chunks.add(new Chunk(new ChunkId(context.ids().next()), owner, document.knowledgeBaseId(), document.id(), i,
                    piece.text(), piece.tokenCount(), piece.charStart(), piece.charEnd(), piece.page(),
                    document.metadata(), now, piece.pageBreaks()));
        }
        return chunks;
    }

    /** Each chunk's vectors: one from an {@link Embedder}, several from a {@link MultiVectorEmbedder}. */
    private List<List<Embedding>> embed(List<Chunk> chunks, EmbeddingSpace space) {
        Embedder embedder = context.embedder();
        int batchSize = Math.max(1, embedder.maxBatchSize());
        List<List<Embedding>> vectors = new ArrayList<>(chunks.size());
        for (int start = 0; start < chunks.size(); start += batchSize) {
            int end = Math.min(chunks.size(), start + batchSize);
            List<String> texts = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                texts.add(chunks.get(i).text());
            }
            List<List<Embedding>> batch = embedder instanceof MultiVectorEmbedder multi
                    ? multi.embedMulti(texts)
                    : singles(embedder.embed(texts));
            if (batch == null || batch.size() != texts.size()) {
                throw InvalidInputException.of("embedder result size", "must equal the batch size " + texts.size(),
                        batch == null ? null : batch.size());
            }
            for (List<Embedding> chunkVectors : batch) {
                if (chunkVectors == null || chunkVectors.isEmpty() || chunkVectors.size() > IndexedChunk.MAX_VECTORS) {
                    throw InvalidInputException.of("embedder vectors per text", "must be 1 to " + IndexedChunk.MAX_VECTORS,
                            chunkVectors == null ? null : chunkVectors.size());
                }
                List<Embedding> checked = new ArrayList<>(chunkVectors.size());
                for (Embedding vector : chunkVectors) {
                    checked.add(vector.requireDimension(space));
                }
                vectors.add(List.copyOf(checked));
            }
            LOG.debug("Document {}: embedded {}/{} chunks", document.id(), end, chunks.size());
            job.update(end, "embedding");
            listener.progress(end, chunks.size(), "embedding");
        }
        return vectors;
    }

    private static List<List<Embedding>> singles(List<Embedding> embedded) {
        if (embedded == null) {
            return null;
        }
        List<List<Embedding>> wrapped = new ArrayList<>(embedded.size());
        for (Embedding vector : embedded) {
            wrapped.add(vector == null ? null : List.of(vector));
        }
        return wrapped;
    }

    private Document update(DocumentStatus status, String text, int pages, String embeddingModel, long tokensUsed) {
        return context.relational().documents().update(document.withStatus(status).withErrorMessage(null)
                .withExtractedText(text).withPages(pages).withEmbeddingModel(embeddingModel).withTokensUsed(tokensUsed)
                .withUpdatedAt(context.now()));
    }
}
