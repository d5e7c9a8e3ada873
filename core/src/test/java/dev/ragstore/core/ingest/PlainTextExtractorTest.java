package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.ExtractedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PlainTextExtractorTest {

    private final PlainTextExtractor extractor = new PlainTextExtractor();

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/markdown", "text/x-markdown", "text/csv", "Text/Plain; charset=UTF-8", " text/csv "})
    void supportsPlainTextMarkdownAndCsv(String mimeType) {
        assertThat(extractor.supports(mimeType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/pdf", "text", "", "text/plainx", "application/octet-stream"})
    void doesNotSupportOtherTypes(String mimeType) {
        assertThat(extractor.supports(mimeType)).isFalse();
    }

    static Stream<Arguments> cleaning() {
        return Stream.of(
                arguments("# Title\n\n*Markdown* stays `as is`.", "# Title\n\n*Markdown* stays `as is`."),
                arguments("\uFEFFbom first", "bom first"),
                arguments("keeps \uFEFF inside", "keeps \uFEFF inside"),
                arguments("a\r\nb\rc\n", "a\nb\nc\n"),
                arguments("\r\n\r\n", "\n\n"),
                arguments("nul\u0000gone", "nulgone"),
                arguments("bell\u0007 esc\u001B del\u007F", "bell esc del"),
                arguments("tab\tkept", "tab\tkept"),
                arguments("page\fbreak\u000Bvt", "page\nbreak\nvt"),
                arguments("emoji 😀 and 中文 and é", "emoji 😀 and 中文 and é"),
                arguments("a,b,c\n1,2,3\n", "a,b,c\n1,2,3\n"),
                arguments("", ""));
    }

    @ParameterizedTest
    @MethodSource("cleaning")
    void decodesUtf8AndCleansText(String input, String expected) {
        ExtractedText extracted = extractor.extract(input.getBytes(StandardCharsets.UTF_8), "text/markdown");
        assertThat(extracted.text()).isEqualTo(expected);
        assertThat(extracted.pages()).isZero();
    }

    static Stream<Arguments> malformedUtf8() {
        return Stream.of(
                arguments(new byte[] {'a', (byte) 0xC3, 'b'}, 1),
                arguments(new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}, 2),
                arguments(new byte[] {(byte) 0xC0, (byte) 0x80}, 0),
                arguments(new byte[] {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 1),
                arguments(new byte[] {(byte) 0xFF}, 0),
                arguments(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0),
                arguments("latin-1 caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), 11));
    }

    @ParameterizedTest
    @MethodSource("malformedUtf8")
    void rejectsMalformedUtf8NamingTheOffset(byte[] content, int offset) {
        assertThatThrownBy(() -> extractor.extract(content, "text/plain"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("document content");
                    assertThat(e.getMessage()).isEqualTo("document content must be valid UTF-8 (malformed bytes at offset " + offset + ")");
                });
    }

    @Test
    void rejectsUnsupportedMimeType() {
        assertThatThrownBy(() -> extractor.extract(new byte[0], "application/pdf"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("mime type is not supported by PlainTextExtractor, but was 'application/pdf'");
    }

    @Test
    void defaultsArePlainThenHtml() {
        assertThat(TextExtractors.defaults()).hasSize(2);
        assertThat(TextExtractors.defaults().get(0)).isInstanceOf(PlainTextExtractor.class);
        assertThat(TextExtractors.defaults().get(1)).isInstanceOf(HtmlTextExtractor.class);
        assertThat(TextExtractors.defaults()).anyMatch(e -> e.supports("text/html")).anyMatch(e -> e.supports("text/csv"));
        assertThatThrownBy(() -> TextExtractors.defaults().add(extractor)).isInstanceOf(UnsupportedOperationException.class);
    }
}
