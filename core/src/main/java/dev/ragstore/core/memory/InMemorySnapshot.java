package dev.ragstore.core.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ragstore.core.apikey.ApiKey;
import dev.ragstore.core.audit.AuditEvent;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chunk.Chunk;
import dev.ragstore.core.chunk.EmbeddingSpace;
import dev.ragstore.core.document.Document;
import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.error.NotFoundException;
import dev.ragstore.core.error.StoreUnavailableException;
import dev.ragstore.core.internal.RecordJson;
import dev.ragstore.core.internal.UuidOrder;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.search.IndexedChunk;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.User;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Saves the content of an {@link InMemoryRelationalStore} and an {@link InMemoryVectorIndex} to
 * one JSON file and loads it back. Every value survives exactly: ids, instants (nanoseconds),
 * metadata value types, counters and vectors (float32 bits). Both stores are read while their
 * read locks are held, so a snapshot is consistent even while other threads write. Rows are
 * written ordered by id, so the same content gives the same file. Thread-safe.
 */
public final class InMemorySnapshot {

    /** The value of the file's {@code "format"} field. */
    public static final String FORMAT = "ragstore-memory-snapshot";
    /** The file version this class writes and reads. */
    public static final int VERSION = 1;

    private static final String STORE = "memory";
    private static final RecordJson CODEC = RecordJson.withSecrets();
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private InMemorySnapshot() {
    }

    /**
     * Writes both stores to {@code file}, atomically: the content goes to a temporary file in the
     * same directory that then replaces {@code file}, so a crash leaves the old file or the new
     * one, never a torn one. A new file is readable by its owner only where the file system
     * supports that (it holds password and key hashes).
     *
     * @throws StoreUnavailableException (not retryable) if the file cannot be written
     */
    public static void write(Path file, InMemoryRelationalStore relational, InMemoryVectorIndex index) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relational, "relational");
        Objects.requireNonNull(index, "index");
        MemoryTables tables = relational.tables();
        SnapshotFile snapshot = tables.read(() -> index.readSpaces(spaces -> snapshot(tables, spaces)));
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                CODEC.write(out, snapshot);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new StoreUnavailableException(STORE, false, "cannot write snapshot '" + target + "': " + e, e);
        }
    }

    /**
     * Loads {@code file} into two empty stores. The whole file is read and checked before
     * anything is loaded.
     *
     * @throws NotFoundException if the file does not exist
     * @throws InvalidInputException if the file is not a snapshot of this version, or a store is not empty
     * @throws StoreUnavailableException (not retryable) if the file cannot be read
     */
    public static void read(Path file, InMemoryRelationalStore relational, InMemoryVectorIndex index) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relational, "relational");
        Objects.requireNonNull(index, "index");
        SnapshotFile content = decode(parse(file));
        List<EmbeddingSpace> spaces = new ArrayList<>();
        List<List<IndexedChunk>> indexedChunks = new ArrayList<>();
        content.vectorIndex().spaces().forEach(space -> {
            spaces.add(space.space());
            indexedChunks.add(space.chunks());
        });
        MemoryTables tables = relational.tables();
        tables.writeRun(() -> {
            if (!tables.isEmpty()) {
                throw InvalidInputException.withoutValue("snapshot target relational store", "must be empty");
            }
            index.load(spaces, indexedChunks);
            load(tables, content.relational());
        });
    }

    private static SnapshotFile snapshot(MemoryTables t, Collection<IndexSpace> spaces) {
        List<UsageDay> usage = new ArrayList<>();
        t.usageByUser.values().forEach(byDay -> usage.addAll(byDay.values()));
        usage.sort(Comparator.comparing(UsageDay::day).thenComparing((a, b) -> UuidOrder.compare(a.userId().value(), b.userId().value())));
        Relational relational = new Relational(
                sorted(t.plans.values(), p -> p.id().value()),
                sorted(t.users.values(), u -> u.id().value()),
                sorted(t.apiKeys.all(), k -> k.id().value()),
                sorted(t.knowledgeBases.all(), k -> k.id().value()),
                sorted(t.sessions.all(), s -> s.id().value()),
                sorted(t.documents.all(), d -> d.id().value()),
                sorted(t.chunks.values(), c -> c.id().value()),
                sorted(t.messages.values(), m -> m.id().value()),
                usage,
                sorted(t.modelProfiles.all(), p -> p.id().value()),
                sorted(t.audit.all(), e -> e.id().value()),
                links(t));
        List<Space> spaceList = new ArrayList<>();
        for (IndexSpace space : spaces) {
            List<IndexedChunk> chunks = new ArrayList<>();
            sorted(space.all(), e -> e.chunkId().value()).forEach(e -> chunks.add(e.toIndexedChunk()));
            spaceList.add(new Space(space.definition(), chunks));
        }
        return new SnapshotFile(FORMAT, VERSION, relational, new VectorIndex(spaceList));
    }

    private static List<DocumentLink> links(MemoryTables t) {
        List<DocumentLink> links = new ArrayList<>();
        sorted(t.documentIdsByProfile.keySet(), id -> id).forEach(profile ->
                t.documentIdsLinkedTo(profile).forEach(document -> links.add(new DocumentLink(profile, document))));
        return links;
    }

    private static <V> List<V> sorted(Iterable<V> rows, Function<V, UUID> idOf) {
        List<V> sorted = new ArrayList<>();
        rows.forEach(sorted::add);
        sorted.sort((a, b) -> UuidOrder.compare(idOf.apply(a), idOf.apply(b)));
        return sorted;
    }

    private static JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("snapshot file", file);
        } catch (JsonProcessingException e) {
            InvalidInputException failure = InvalidInputException.of("snapshot file",
                    "must be a RagStore memory snapshot (" + e.getOriginalMessage() + ")", file.toString());
            failure.initCause(e);
            throw failure;
        } catch (IOException e) {
            throw new StoreUnavailableException(STORE, false, "cannot read snapshot '" + file + "': " + e, e);
        }
    }

    private static SnapshotFile decode(JsonNode root) {
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw InvalidInputException.withoutValue("snapshot file", "must be a JSON object with format '" + FORMAT + "'");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw InvalidInputException.of("snapshot version", "must be " + VERSION, root.path("version").toString());
        }
        root.path("relational").path("chunks").forEach(RecordJson::withoutPageBreaks);
        // files written before model profiles had document links lack the field: read them as having none
        JsonNode relational = root.get("relational");
        if (relational instanceof com.fasterxml.jackson.databind.node.ObjectNode fields && !fields.has("modelDocumentLinks")) {
            fields.putArray("modelDocumentLinks");
        }
        return CODEC.read(root, SnapshotFile.class);
    }

    private static void load(MemoryTables t, Relational c) {
        c.plans().forEach(t::putPlan);
        c.users().forEach(t::putUser);
        c.apiKeys().forEach(t::putApiKey);
        c.knowledgeBases().forEach(kb -> t.knowledgeBases.put(kb.ownerId().value(), kb.id().value(), kb));
        c.sessions().forEach(s -> t.sessions.put(s.ownerId().value(), s.id().value(), s));
        c.documents().forEach(t::putDocument);
        Map<UUID, List<Chunk>> byDocument = new HashMap<>();
        c.chunks().forEach(chunk -> byDocument.computeIfAbsent(chunk.documentId().value(), d -> new ArrayList<>()).add(chunk));
        byDocument.forEach((documentId, chunks) -> {
            chunks.sort(Comparator.comparingInt(Chunk::index));
            t.putChunks(documentId, chunks);
        });
        c.messages().forEach(t::putMessage);
        for (UsageDay day : c.usage()) {
            NavigableMap<LocalDate, UsageDay> days =
                    t.usageByUser.computeIfAbsent(day.userId().value(), u -> new TreeMap<>());
            days.put(day.day(), day);
        }
        c.modelProfiles().forEach(p -> t.modelProfiles.put(p.ownerId().value(), p.id().value(), p));
        c.auditEvents().forEach(e -> t.audit.put(e.userId() == null ? null : e.userId().value(), e.id().value(), e));
        c.modelDocumentLinks().forEach(link -> t.linkDocument(link.modelProfileId(), link.documentId()));
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The write already failed; that failure is the one to report.
            }
        }
    }

    /** The file: a format tag and version, the relational rows and the vector index, in {@link RecordJson}'s form. */
    private record SnapshotFile(String format, int version, Relational relational, VectorIndex vectorIndex) {
    }

    private record Relational(
            List<Plan> plans,
            List<User> users,
            List<ApiKey> apiKeys,
            List<KnowledgeBase> knowledgeBases,
            List<ChatSession> sessions,
            List<Document> documents,
            List<Chunk> chunks,
            List<Message> messages,
            List<UsageDay> usage,
            List<ModelProfile> modelProfiles,
            List<AuditEvent> auditEvents,
            List<DocumentLink> modelDocumentLinks) {
    }

    /** A model profile's link to a training document. */
    private record DocumentLink(UUID modelProfileId, UUID documentId) {
    }

    private record VectorIndex(List<Space> spaces) {
    }

    private record Space(EmbeddingSpace space, List<IndexedChunk> chunks) {
    }
}
