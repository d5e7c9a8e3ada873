package dev.ragstore.core.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode root = tables.read(() -> index.readSpaces(spaces -> tree(tables, spaces)));
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                SnapshotJson.MAPPER.writeValue(out, root);
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
        Content content = decode(parse(file));
        MemoryTables tables = relational.tables();
        tables.writeRun(() -> {
            if (!tables.isEmpty()) {
                throw InvalidInputException.withoutValue("snapshot target relational store", "must be empty");
            }
            index.load(content.spaces(), content.indexedChunks());
            load(tables, content);
        });
    }

    private static ObjectNode tree(MemoryTables t, Collection<IndexSpace> spaces) {
        ObjectNode root = SnapshotJson.object();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode rel = root.putObject("relational");
        addAll(rel.putArray("plans"), t.plans.values(), p -> p.id().value(), RelationalCodec::plan);
        addAll(rel.putArray("users"), t.users.values(), u -> u.id().value(), RelationalCodec::user);
        addAll(rel.putArray("apiKeys"), t.apiKeys.all(), k -> k.id().value(), RelationalCodec::apiKey);
        addAll(rel.putArray("knowledgeBases"), t.knowledgeBases.all(), k -> k.id().value(), RelationalCodec::knowledgeBase);
        addAll(rel.putArray("sessions"), t.sessions.all(), s -> s.id().value(), RelationalCodec::session);
        addAll(rel.putArray("documents"), t.documents.all(), d -> d.id().value(), RelationalCodec::document);
        addAll(rel.putArray("chunks"), t.chunks.values(), c -> c.id().value(), RelationalCodec::chunk);
        addAll(rel.putArray("messages"), t.messages.values(), m -> m.id().value(), RelationalCodec::message);
        ArrayNode usage = rel.putArray("usage");
        List<UsageDay> days = new ArrayList<>();
        t.usageByUser.values().forEach(byDay -> days.addAll(byDay.values()));
        days.sort(Comparator.comparing(UsageDay::day).thenComparing((a, b) -> UuidOrder.compare(a.userId().value(), b.userId().value())));
        days.forEach(day -> usage.add(RelationalCodec.usageDay(day)));
        addAll(rel.putArray("modelProfiles"), t.modelProfiles.all(), p -> p.id().value(), RelationalCodec::modelProfile);
        addAll(rel.putArray("auditEvents"), t.audit.all(), e -> e.id().value(), RelationalCodec::auditEvent);
        ArrayNode spaceNodes = root.putObject("vectorIndex").putArray("spaces");
        for (IndexSpace space : spaces) {
            ObjectNode node = spaceNodes.addObject();
            node.set("space", IndexCodec.space(space.definition()));
            addAll(node.putArray("chunks"), space.all(), e -> e.chunkId().value(), e -> IndexCodec.chunk(e.toIndexedChunk()));
        }
        return root;
    }

    private static <V> void addAll(ArrayNode array, Iterable<V> rows, Function<V, UUID> idOf, Function<V, ObjectNode> encode) {
        List<V> sorted = new ArrayList<>();
        rows.forEach(sorted::add);
        sorted.sort((a, b) -> UuidOrder.compare(idOf.apply(a), idOf.apply(b)));
        sorted.forEach(row -> array.add(encode.apply(row)));
    }

    private static JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SnapshotJson.MAPPER.readTree(in);
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

    private static Content decode(JsonNode root) {
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw InvalidInputException.withoutValue("snapshot file", "must be a JSON object with format '" + FORMAT + "'");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw InvalidInputException.of("snapshot version", "must be " + VERSION, root.path("version").toString());
        }
        JsonNode rel = SnapshotJson.required(root, "relational");
        Content content = new Content(
                list(rel, "plans", RelationalCodec::plan),
                list(rel, "users", RelationalCodec::user),
                list(rel, "apiKeys", RelationalCodec::apiKey),
                list(rel, "knowledgeBases", RelationalCodec::knowledgeBase),
                list(rel, "sessions", RelationalCodec::session),
                list(rel, "documents", RelationalCodec::document),
                list(rel, "chunks", RelationalCodec::chunk),
                list(rel, "messages", RelationalCodec::message),
                list(rel, "usage", RelationalCodec::usageDay),
                list(rel, "modelProfiles", RelationalCodec::modelProfile),
                list(rel, "auditEvents", RelationalCodec::auditEvent),
                new ArrayList<>(), new ArrayList<>());
        for (JsonNode space : SnapshotJson.required(SnapshotJson.required(root, "vectorIndex"), "spaces")) {
            content.spaces().add(IndexCodec.space(SnapshotJson.required(space, "space")));
            content.indexedChunks().add(list(space, "chunks", IndexCodec::chunk));
        }
        return content;
    }

    private static <T> List<T> list(JsonNode parent, String field, Function<JsonNode, T> decode) {
        JsonNode array = SnapshotJson.required(parent, field);
        if (!array.isArray()) {
            throw InvalidInputException.of("snapshot field '" + field + "'", "must be an array", array.getNodeType());
        }
        List<T> values = new ArrayList<>(array.size());
        array.forEach(element -> values.add(decode.apply(element)));
        return values;
    }

    private static void load(MemoryTables t, Content c) {
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

    /** A decoded snapshot, ready to load. */
    private record Content(
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
            List<EmbeddingSpace> spaces,
            List<List<IndexedChunk>> indexedChunks) {
    }
}
