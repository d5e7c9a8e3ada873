package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.Chunker;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextChunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts text at the most natural boundary that keeps chunks within a size, with overlap.
 *
 * <p>A span longer than the budget ({@code maxChars - overlapChars}) is split at paragraph
 * breaks ({@code "\n\n"}); pieces still too long are split at line breaks, then after
 * sentence ends ({@code ". "}, {@code "! "}, {@code "? "}), then at spaces, and finally cut
 * hard (never inside a surrogate pair). Adjacent pieces of one split are merged while they fit
 * the budget, so chunks follow the text's structure. Each chunk is trimmed of surrounding
 * whitespace; blank spans produce no chunk. Every chunk after the first then starts up to
 * {@code overlapChars} earlier, at a sentence, line or paragraph boundary when one gives at
 * least half that overlap, otherwise at a word boundary (no overlap if the preceding text has
 * no boundary in reach); it always starts after the previous chunk's start. So no chunk is
 * longer than {@code maxChars}, and chunk starts and ends strictly increase.
 *
 * <p>Each {@link TextChunk} has exact offsets ({@code text.substring(charStart, charEnd)} is its
 * text), the page of its first character, the offsets at which later pages begin inside it (so
 * a chunk spanning pages 3 to 4 knows where page 4 starts), and a token estimate of one token per four code
 * points, rounded up (the common rule of thumb for English with GPT-style tokenizers; it
 * undercounts CJK text). Deterministic, immutable and thread-safe.
 */
public final class RecursiveChunker implements Chunker {

    /** Default longest chunk, in characters. */
    public static final int DEFAULT_MAX_CHARS = 1000;
    /** Default overlap between consecutive chunks, in characters. */
    public static final int DEFAULT_OVERLAP_CHARS = 200;
    /** Smallest allowed {@code maxChars}. */
    public static final int MIN_MAX_CHARS = 50;
    /** Largest allowed {@code maxChars}. */
    public static final int MAX_MAX_CHARS = 100_000;

    private static final int PARAGRAPH = 0;
    private static final int LINE = 1;
    private static final int SENTENCE = 2;
    private static final int WORD = 3;
    private static final int HARD = 4;

    private final int maxChars;
    private final int overlapChars;
    private final int budget;

    private RecursiveChunker(int maxChars, int overlapChars) {
        this.maxChars = maxChars;
        this.overlapChars = overlapChars;
        this.budget = maxChars - overlapChars;
    }

    /** Chunks of at most 1000 characters overlapping by up to 200. */
    public static RecursiveChunker defaults() {
        return new RecursiveChunker(DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS);
    }

    /**
     * Chunks of at most {@code maxChars} characters, overlapping by up to {@code overlapChars}.
     *
     * @throws InvalidInputException if {@code maxChars} is not within 50..100000, or
     *         {@code overlapChars} is negative or not less than half of {@code maxChars}
     */
    public static RecursiveChunker of(int maxChars, int overlapChars) {
        if (maxChars < MIN_MAX_CHARS || maxChars > MAX_MAX_CHARS) {
            throw InvalidInputException.of("chunk max chars", "must be between " + MIN_MAX_CHARS + " and " + MAX_MAX_CHARS, maxChars);
        }
        if (overlapChars < 0 || overlapChars * 2 >= maxChars) {
            throw InvalidInputException.of("chunk overlap chars",
                    "must be >= 0 and less than half of max chars (" + maxChars + ")", overlapChars);
        }
        return new RecursiveChunker(maxChars, overlapChars);
    }

    /** The longest chunk, in characters. */
    public int maxChars() {
        return maxChars;
    }

    /** The most characters a chunk repeats from the text before it. */
    public int overlapChars() {
        return overlapChars;
    }

    /** The chunks of {@code text}, in text order; empty when the text is blank. */
    @Override
    public List<TextChunk> chunk(ExtractedText text) {
        Objects.requireNonNull(text, "text");
        String s = text.text();
        List<int[]> spans = new ArrayList<>();
        split(s, 0, s.length(), PARAGRAPH, spans);
        List<TextChunk> chunks = new ArrayList<>(spans.size());
        int previousStart = -1;
        for (int[] span : spans) {
            int start = span[0];
            int end = span[1];
            while (start < end && Character.isWhitespace(s.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            if (start == end) {
                continue;
            }
            int chunkStart = previousStart < 0 ? start : overlapStart(s, previousStart, start);
            previousStart = start;
            String piece = s.substring(chunkStart, end);
            chunks.add(new TextChunk(piece, chunkStart, end, text.pageAt(chunkStart), estimateTokens(piece),
                    text.pageBreaks(chunkStart, end)));
        }
        return List.copyOf(chunks);
    }

    /** Tokens in {@code text} estimated as one per four code points, rounded up (the estimate every chunk of this chunker carries). */
    public static int estimateTokens(String text) {
        return (text.codePointCount(0, text.length()) + 3) / 4;
    }

    /** Appends spans of at most {@code budget} characters covering [start, end), in order. */
    private void split(String s, int start, int end, int level, List<int[]> out) {
        if (end - start <= budget) {
            out.add(new int[] {start, end});
            return;
        }
        if (level == HARD) {
            for (int at = start; at < end; ) {
                int cut = Math.min(at + budget, end);
                if (cut < end && Character.isHighSurrogate(s.charAt(cut - 1)) && Character.isLowSurrogate(s.charAt(cut))) {
                    cut--;
                }
                out.add(new int[] {at, cut});
                at = cut;
            }
            return;
        }
        int mergedStart = -1;
        int mergedEnd = -1;
        int at = start;
        while (at < end) {
            int next = nextBoundary(s, at, end, level);
            int pieceEnd = next < 0 ? end : next;
            if (pieceEnd - at > budget) {
                if (mergedStart >= 0) {
                    out.add(new int[] {mergedStart, mergedEnd});
                    mergedStart = -1;
                }
                split(s, at, pieceEnd, level + 1, out);
            } else if (mergedStart >= 0 && pieceEnd - mergedStart <= budget) {
                mergedEnd = pieceEnd;
            } else {
                if (mergedStart >= 0) {
                    out.add(new int[] {mergedStart, mergedEnd});
                }
                mergedStart = at;
                mergedEnd = pieceEnd;
            }
            at = pieceEnd;
        }
        if (mergedStart >= 0) {
            out.add(new int[] {mergedStart, mergedEnd});
        }
    }

    /** The offset just after the first separator of {@code level} inside (from, end), or -1. */
    private static int nextBoundary(String s, int from, int end, int level) {
        // Two-character separators must lie wholly inside the piece, hence from + 2.
        int first = level == LINE || level == WORD ? from + 1 : from + 2;
        for (int offset = first; offset < end; offset++) {
            if (isBoundaryAt(s, offset, level)) {
                return offset;
            }
        }
        return -1;
    }

    /** Whether a separator of {@code level} ends right before {@code offset}. */
    private static boolean isBoundaryAt(String s, int offset, int level) {
        if (offset < 1 || offset > s.length()) {
            return false;
        }
        char last = s.charAt(offset - 1);
        switch (level) {
            case PARAGRAPH:
                return last == '\n' && offset >= 2 && s.charAt(offset - 2) == '\n';
            case LINE:
                return last == '\n';
            case SENTENCE:
                if (last != ' ' || offset < 2) {
                    return false;
                }
                char end = s.charAt(offset - 2);
                return end == '.' || end == '!' || end == '?';
            case WORD:
                return last == ' ';
            default:
                return false;
        }
    }

    /**
     * Where a chunk whose own text starts at {@code start} begins once overlap is added: the
     * earliest boundary within reach, preferring sentence-or-larger boundaries when they give
     * at least half the overlap.
     */
    private int overlapStart(String s, int previousStart, int start) {
        // Starting after the previous chunk's start keeps a chunk from swallowing its predecessor.
        int reach = Math.max(previousStart + 1, start - overlapChars);
        if (reach >= start) {
            return start;
        }
        for (int level = PARAGRAPH; level <= SENTENCE; level++) {
            int at = firstBoundary(s, reach, start, level);
            if (at >= 0 && start - at >= overlapChars / 2) {
                return skipWhitespace(s, at, start);
            }
        }
        int any = -1;
        for (int i = reach; i < start && any < 0; i++) {
            if (Character.isWhitespace(s.charAt(i - 1))) {
                any = i;
            }
        }
        return any < 0 ? start : skipWhitespace(s, any, start);
    }

    private static int firstBoundary(String s, int from, int to, int level) {
        for (int i = from; i < to; i++) {
            if (isBoundaryAt(s, i, level)) {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhitespace(String s, int from, int limit) {
        int i = from;
        while (i < limit && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
