package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextExtractor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Extracts plain text, Markdown and CSV ({@code text/plain}, {@code text/markdown},
 * {@code text/x-markdown}, {@code text/csv}; parameters such as {@code ;charset=utf-8} are
 * ignored). The bytes must be UTF-8; the text is kept as written (Markdown stays Markdown).
 *
 * <p>Cleaning, shared by the built-in extractors: a leading byte order mark is dropped;
 * {@code \r\n} and lone {@code \r} become {@code \n}; form feed and vertical tab become
 * {@code \n}; every other C0 control character except tab (U+0000 included) and DEL are
 * dropped. Extraction drops NUL rather than failing because real documents carry stray
 * control characters; text given directly to the store is still rejected if it holds NUL.
 * The result has no pages. Thread-safe.
 */
public final class PlainTextExtractor implements TextExtractor {

    private static final Set<String> TYPES = Set.of("text/plain", "text/markdown", "text/x-markdown", "text/csv");

    /** An extractor; it holds no state. */
    public PlainTextExtractor() {
    }

    /** Whether {@code mimeType}'s type/subtype (case-insensitive, parameters ignored) is one this reads. */
    @Override
    public boolean supports(String mimeType) {
        return TYPES.contains(baseType(mimeType));
    }

    /**
     * The cleaned text of {@code content}.
     *
     * @throws InvalidInputException naming {@code "document content"} if the bytes are not valid
     *         UTF-8, or {@code "mime type"} if the type is not supported
     */
    @Override
    public ExtractedText extract(byte[] content, String mimeType) {
        Objects.requireNonNull(content, "content");
        requireSupported(this, mimeType);
        return ExtractedText.of(clean(decodeUtf8(content)));
    }

    /** The lower-case {@code type/subtype} of a MIME type, without parameters. */
    static String baseType(String mimeType) {
        Objects.requireNonNull(mimeType, "mimeType");
        int semicolon = mimeType.indexOf(';');
        String base = semicolon < 0 ? mimeType : mimeType.substring(0, semicolon);
        return base.trim().toLowerCase(Locale.ROOT);
    }

    static void requireSupported(TextExtractor extractor, String mimeType) {
        if (!extractor.supports(mimeType)) {
            throw InvalidInputException.of("mime type", "is not supported by " + extractor.getClass().getSimpleName(), mimeType);
        }
    }

    /**
     * Decodes strict UTF-8.
     *
     * @throws InvalidInputException naming the byte offset of the first malformed sequence
     */
    static String decodeUtf8(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw InvalidInputException.withoutValue("document content",
                    "must be valid UTF-8 (malformed bytes at offset " + in.position() + ")");
        }
        out.flip();
        return out.toString();
    }

    /** Applies the cleaning rules described on this class. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\f' || c == '\u000B') {
                out.append('\n');
            } else if (c == '\n' || c == '\t' || (c >= ' ' && c != '\u007F')) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
