package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RecursiveChunkerTest {

    private static final String[] WORDS = ("the a vector index stores embeddings for every chunk of text and each query "
            + "is compared with cosine similarity while metadata filters narrow results by owner knowledge base or "
            + "document tenant isolation matters because another user must never see rows that are not theirs "
            + "internationalization überprüfung naïve café").split(" ");

    static Stream<Arguments> texts() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(arguments("prose", prose(1, 40)));
        cases.add(arguments("one line of sentences", prose(2, 1).replace("\n", " ")));
        cases.add(arguments("one long word", "x".repeat(5_003)));
        cases.add(arguments("emoji without spaces", "😀".repeat(1_501) + "a" + "😀".repeat(700)));
        cases.add(arguments("emoji words", ("😀🎉 ".repeat(7) + "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ").repeat(200)));
        cases.add(arguments("cjk without spaces", "向量索引存储每个文本块的嵌入。查询使用余弦相似度进行比较。".repeat(150)));
        cases.add(arguments("markdown and code", markdown()));
        cases.add(arguments("whitespace heavy", "\n\n\n  word  \t\n\n\n\n   \n".repeat(300) + "end"));
        cases.add(arguments("large prose", prose(3, 250)));
        for (Path file : docFiles()) {
            cases.add(arguments(file.toString(), read(file)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void chunksSatisfyOffsetSizeCoverageAndOverlapInvariants(String name, String text) {
        for (RecursiveChunker chunker : List.of(RecursiveChunker.defaults(), RecursiveChunker.of(200, 50),
                RecursiveChunker.of(50, 0), RecursiveChunker.of(81, 40), RecursiveChunker.of(3_000, 0))) {
            List<TextChunk> chunks = chunker.chunk(ExtractedText.of(text));
            assertInvariants(text, chunks, chunker.maxChars(), chunker.overlapChars());
            assertThat(chunker.chunk(ExtractedText.of(text))).as("deterministic").isEqualTo(chunks);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n\t  \n", "\u3000\u2003 "})
    void blankTextYieldsNoChunks(String text) {
        assertThat(RecursiveChunker.defaults().chunk(ExtractedText.of(text))).isEmpty();
    }

    @Test
    void shortTextIsOneTrimmedChunk() {
        List<TextChunk> chunks = RecursiveChunker.defaults().chunk(ExtractedText.of("  \nhello world\n  "));
        assertThat(chunks).containsExactly(new TextChunk("hello world", 3, 14, null, 3));
    }

    @Test
    void consecutiveChunksOverlapAtWordBoundaries() {
        String text = prose(4, 30).replace("\n", " ");
        List<TextChunk> chunks = RecursiveChunker.of(200, 50).chunk(ExtractedText.of(text));
        int overlapping = 0;
        for (int i = 1; i < chunks.size(); i++) {
            TextChunk previous = chunks.get(i - 1);
            TextChunk current = chunks.get(i);
            if (current.charStart() < previous.charEnd()) {
                overlapping++;
                assertThat(previous.charEnd() - current.charStart()).isLessThanOrEqualTo(50);
                assertThat(Character.isWhitespace(text.charAt(current.charStart() - 1))).isTrue();
            }
        }
        assertThat(overlapping).isGreaterThan(chunks.size() / 2);
    }

    @Test
    void overlapPrefersSentenceStarts() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("Sentence number ").append(i).append(" is here. ");
        }
        List<TextChunk> chunks = RecursiveChunker.of(200, 60).chunk(ExtractedText.of(text.toString()));
        assertThat(chunks).hasSizeGreaterThan(3);
        for (TextChunk chunk : chunks) {
            assertThat(chunk.text()).startsWith("Sentence number ").endsWith(".");
        }
    }

    @Test
    void zeroOverlapGivesDisjointChunks() {
        String text = prose(5, 30);
        List<TextChunk> chunks = RecursiveChunker.of(200, 0).chunk(ExtractedText.of(text));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).charStart()).isGreaterThanOrEqualTo(chunks.get(i - 1).charEnd());
        }
    }

    @Test
    void smallParagraphsAreMergedAndSplitOnlyAtParagraphBreaks() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            text.append("Paragraph ").append(i).append(" has a few words in it.\n\n");
        }
        List<TextChunk> chunks = RecursiveChunker.of(300, 0).chunk(ExtractedText.of(text.toString()));
        assertThat(chunks).hasSizeBetween(3, 6);
        for (TextChunk chunk : chunks) {
            assertThat(chunk.text()).startsWith("Paragraph ").endsWith("in it.");
            assertThat(chunk.text()).contains("\n\n");
        }
    }

    @Test
    void hardCutsNeverSplitASurrogatePair() {
        String text = "😀".repeat(1_000);
        List<TextChunk> chunks = RecursiveChunker.of(51, 0).chunk(ExtractedText.of(text));
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text().length() % 2).isZero();
            assertThat(chunk.text()).matches("(😀)+");
        });
        assertThat(String.join("", chunks.stream().map(TextChunk::text).toList())).isEqualTo(text);
    }

    @Test
    void chunksCarryThePageOfTheirFirstCharacter() {
        String text = prose(6, 60);
        int third = text.length() / 3;
        ExtractedText paged = new ExtractedText(text, List.of(0, third, 2 * third));
        List<TextChunk> chunks = RecursiveChunker.of(300, 60).chunk(paged);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.page()).isEqualTo(paged.pageAt(chunk.charStart())));
        assertThat(chunks).extracting(TextChunk::page).contains(1, 2, 3);
        assertThat(chunks.get(chunks.size() - 1).page()).isEqualTo(3);
        assertThat(RecursiveChunker.of(300, 60).chunk(ExtractedText.of(text))).allSatisfy(chunk -> assertThat(chunk.page()).isNull());
    }

    /** Issue 13, item 7: a chunk records where each later page begins inside it. */
    @Test
    void chunksRecordWhereEachLaterPageBeginsInsideThem() {
        String text = prose(6, 60);
        List<Integer> starts = List.of(0, 100, 150, 400, 900);
        ExtractedText paged = new ExtractedText(text, starts);
        List<TextChunk> chunks = RecursiveChunker.of(300, 60).chunk(paged);

        assertThat(chunks).anySatisfy(chunk -> assertThat(chunk.pageBreaks()).hasSizeGreaterThan(1));
        for (TextChunk chunk : chunks) {
            List<Integer> expected = starts.stream().filter(s -> s > chunk.charStart() && s < chunk.charEnd())
                    .map(s -> s - chunk.charStart()).toList();
            assertThat(chunk.pageBreaks()).as("chunk at %d", chunk.charStart()).isEqualTo(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(paged.pageAt(chunk.charStart() + expected.get(i))).isEqualTo(chunk.page() + i + 1);
            }
        }
        assertThat(RecursiveChunker.of(300, 60).chunk(ExtractedText.of(text)))
                .allSatisfy(chunk -> assertThat(chunk.pageBreaks()).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a|1", "abcd|1", "abcde|2", "😀😀😀😀|1", "😀😀😀😀😀|2", "hello world|3"})
    void estimatesOneTokenPerFourCodePoints(String text, int tokens) {
        assertThat(RecursiveChunker.estimateTokens(text)).isEqualTo(tokens);
    }

    @ParameterizedTest
    @CsvSource({"49, 0", "100001, 0", "0, 0", "-5, 0"})
    void rejectsMaxCharsOutOfRange(int maxChars, int overlap) {
        assertThatThrownBy(() -> RecursiveChunker.of(maxChars, overlap))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("chunk max chars must be between 50 and 100000, but was " + maxChars);
    }

    @ParameterizedTest
    @CsvSource({"100, -1", "100, 50", "100, 99", "51, 26"})
    void rejectsOverlapOfHalfTheMaximumOrMore(int maxChars, int overlap) {
        assertThatThrownBy(() -> RecursiveChunker.of(maxChars, overlap))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("chunk overlap chars must be >= 0 and less than half of max chars (" + maxChars + "), but was " + overlap);
    }

    @Test
    void acceptsTheBoundaries() {
        assertThat(RecursiveChunker.of(50, 0).maxChars()).isEqualTo(50);
        assertThat(RecursiveChunker.of(100, 49).overlapChars()).isEqualTo(49);
        assertThat(RecursiveChunker.of(100_000, 49_999).maxChars()).isEqualTo(100_000);
        assertThat(RecursiveChunker.defaults().maxChars()).isEqualTo(1000);
        assertThat(RecursiveChunker.defaults().overlapChars()).isEqualTo(200);
    }

    private static void assertInvariants(String text, List<TextChunk> chunks, int maxChars, int overlapChars) {
        boolean[] covered = new boolean[text.length()];
        TextChunk previous = null;
        for (TextChunk chunk : chunks) {
            assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
            assertThat(chunk.text()).isNotBlank();
            assertThat(chunk.text().length()).isLessThanOrEqualTo(maxChars);
            assertThat(Character.isWhitespace(chunk.text().charAt(0))).isFalse();
            assertThat(Character.isWhitespace(chunk.text().charAt(chunk.text().length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(chunk.text().charAt(chunk.text().length() - 1))).isFalse();
            assertThat(chunk.tokenCount()).isEqualTo(RecursiveChunker.estimateTokens(chunk.text())).isPositive();
            assertThat(chunk.page()).isNull();
            if (previous != null) {
                assertThat(chunk.charStart()).isGreaterThan(previous.charStart());
                assertThat(chunk.charEnd()).isGreaterThan(previous.charEnd());
                assertThat(previous.charEnd() - chunk.charStart()).isLessThanOrEqualTo(overlapChars);
            }
            for (int i = chunk.charStart(); i < chunk.charEnd(); i++) {
                covered[i] = true;
            }
            previous = chunk;
        }
        int firstUncovered = -1;
        for (int i = 0; i < text.length() && firstUncovered < 0; i++) {
            if (!covered[i] && !Character.isWhitespace(text.charAt(i))) {
                firstUncovered = i;
            }
        }
        assertThat(firstUncovered).as("first non-whitespace character in no chunk").isEqualTo(-1);
    }

    private static String prose(long seed, int paragraphs) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < paragraphs; p++) {
            int sentences = 1 + random.nextInt(12);
            for (int s = 0; s < sentences; s++) {
                int words = 3 + random.nextInt(25);
                for (int w = 0; w < words; w++) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                    text.append(w == words - 1 ? "" : random.nextInt(15) == 0 ? ", " : " ");
                }
                text.append(random.nextInt(6) == 0 ? "? " : ". ");
                if (random.nextInt(8) == 0) {
                    text.append('\n');
                }
            }
            text.append(random.nextInt(4) == 0 ? "\n\n\n" : "\n\n");
        }
        return text.toString();
    }

    private static String markdown() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("## Section ").append(i).append("\n\n")
                    .append("- item one with `code`\n- item two\n\n")
                    .append("```java\nfor (int i = 0; i < n; i++) {\n    total += values[i] * weights[i];\n}\n```\n\n")
                    .append("| a | b |\n|---|---|\n| 1 | 2 |\n\n");
        }
        return text.toString();
    }

    /** A few real texts of this machine, when present; the generated cases always run. */
    private static List<Path> docFiles() {
        List<Path> files = new ArrayList<>();
        for (String candidate : List.of("/usr/share/doc/dpkg/spec/triggers.txt", "/usr/share/doc/git/RelNotes/2.28.0.txt",
                "/usr/share/common-licenses/GPL-3", "/usr/share/common-licenses/Apache-2.0")) {
            if (Files.isReadable(Path.of(candidate))) {
                files.add(Path.of(candidate));
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return new PlainTextExtractor().extract(Files.readAllBytes(file), "text/plain").text();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
