package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
import dev.ragstore.core.spi.ExtractedText;
import dev.ragstore.core.spi.TextExtractor;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Extracts the readable text of HTML and XHTML ({@code text/html},
 * {@code application/xhtml+xml}) with a small tolerant tokenizer; it never rejects markup.
 *
 * <ul>
 *   <li>Dropped: comments, doctype and processing instructions, and the contents of
 *       {@code script}, {@code style}, {@code noscript} and {@code template}.</li>
 *   <li>Paragraph-like elements ({@code p}, {@code h1}-{@code h6}, {@code pre},
 *       {@code blockquote}, lists, tables, sectioning elements, {@code title}, ...) are separated
 *       by a blank line; {@code br}, {@code div}, {@code li}, {@code tr}, {@code dt}, {@code dd}
 *       and {@code option} by a line break; table cells by a space.</li>
 *   <li>Outside {@code pre}, runs of whitespace (and no-break spaces) become one space;
 *       inside {@code pre} whitespace is kept.</li>
 *   <li>Character references: decimal and hexadecimal ({@code &#233;}, {@code &#xE9;}, with
 *       references to U+0080-U+009F read as Windows-1252 like browsers do and invalid code
 *       points as U+FFFD), and these names (the semicolon is required): {@code amp lt gt quot
 *       apos}, the 96 HTML 4 Latin-1 names ({@code nbsp} to {@code yuml}), and {@code OElig
 *       oelig Scaron scaron Yuml fnof circ tilde ensp emsp thinsp zwnj zwj lrm rlm ndash mdash
 *       lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger bull hellip permil prime Prime lsaquo
 *       rsaquo oline frasl euro trade larr uarr rarr darr harr minus le ge ne asymp infin}.
 *       Unknown references stay as written; {@code &shy;} is dropped.</li>
 * </ul>
 *
 * The bytes must be UTF-8 (a {@code <meta charset>} is not consulted). The text is then
 * cleaned as {@link PlainTextExtractor} describes and has no pages. Thread-safe.
 */
public final class HtmlTextExtractor implements TextExtractor {

    private static final Set<String> TYPES = Set.of("text/html", "application/xhtml+xml");
    private static final Set<String> DROPPED = Set.of("script", "style", "noscript", "template");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
            "ul", "ol", "dl", "table", "caption", "section", "article", "aside", "header", "footer", "nav", "main",
            "figure", "figcaption", "address", "details", "summary", "fieldset", "form", "hr", "title", "hgroup",
            "dialog", "body", "head", "html");
    private static final Set<String> LINES = Set.of("br", "div", "li", "tr", "dt", "dd", "option", "legend",
            "thead", "tbody", "tfoot");
    private static final Set<String> CELLS = Set.of("td", "th");
    private static final String LATIN1_NAMES = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo"
            + " not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12"
            + " frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave"
            + " Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml"
            + " Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml"
            + " igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute"
            + " ucirc uuml yacute thorn yuml";
    private static final String OTHER_NAMES = "quot 22 amp 26 apos 27 lt 3C gt 3E OElig 152 oelig 153 Scaron 160"
            + " scaron 161 Yuml 178 fnof 192 circ 2C6 tilde 2DC ensp 2002 emsp 2003 thinsp 2009 zwnj 200C zwj 200D"
            + " lrm 200E rlm 200F ndash 2013 mdash 2014 lsquo 2018 rsquo 2019 sbquo 201A ldquo 201C rdquo 201D"
            + " bdquo 201E dagger 2020 Dagger 2021 bull 2022 hellip 2026 permil 2030 prime 2032 Prime 2033"
            + " lsaquo 2039 rsaquo 203A oline 203E frasl 2044 euro 20AC trade 2122 larr 2190 uarr 2191 rarr 2192"
            + " darr 2193 harr 2194 minus 2212 le 2264 ge 2265 ne 2260 asymp 2248 infin 221E";
    /** Windows-1252 meanings of U+0080-U+009F; 0 where undefined (dropped). */
    private static final char[] WINDOWS_1252 = {
        '\u20AC', 0, '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160',
        '\u2039', '\u0152', 0, '\u017D', 0, 0, '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', 0, '\u017E', '\u0178'};
    private static final Map<String, Integer> ENTITIES = entities();
    private static final int SOFT_HYPHEN = 0xAD;

    /** An extractor; it holds no state. */
    public HtmlTextExtractor() {
    }

    /** Whether {@code mimeType}'s type/subtype (case-insensitive, parameters ignored) is HTML or XHTML. */
    @Override
    public boolean supports(String mimeType) {
        return TYPES.contains(PlainTextExtractor.baseType(mimeType));
    }

    /**
     * The readable text of the document.
     *
     * @throws InvalidInputException naming {@code "document content"} if the bytes are not valid
     *         UTF-8, or {@code "mime type"} if the type is not supported
     */
    @Override
    public ExtractedText extract(byte[] content, String mimeType) {
        Objects.requireNonNull(content, "content");
        PlainTextExtractor.requireSupported(this, mimeType);
        String html = PlainTextExtractor.clean(PlainTextExtractor.decodeUtf8(content));
        return ExtractedText.of(PlainTextExtractor.clean(new Tokenizer(html).run()));
    }

    private static Map<String, Integer> entities() {
        Map<String, Integer> map = new HashMap<>();
        String[] latin1 = LATIN1_NAMES.split(" ");
        for (int i = 0; i < latin1.length; i++) {
            map.put(latin1[i], 0xA0 + i);
        }
        String[] other = OTHER_NAMES.split(" ");
        for (int i = 0; i < other.length; i += 2) {
            map.put(other[i], Integer.parseInt(other[i + 1], 16));
        }
        return Map.copyOf(map);
    }

    /** One pass over one document; not shared between threads. */
    private static final class Tokenizer {

        private final String in;
        private final StringBuilder out;
        private int pos;
        private int pendingBreaks;
        private boolean pendingSpace;
        private int preDepth;
        /** Inside a {@code pre} before its first character: a newline here is dropped, as HTML does. */
        private boolean preStart;

        Tokenizer(String in) {
            this.in = in;
            this.out = new StringBuilder(in.length() / 2);
        }

        String run() {
            while (pos < in.length()) {
                char c = in.charAt(pos);
                if (c == '<') {
                    markup();
                } else if (c == '&') {
                    reference();
                } else {
                    text(c);
                    pos++;
                }
            }
            return out.toString().strip();
        }

        private void markup() {
            if (in.startsWith("<!--", pos)) {
                pos = after("-->", pos + 4);
            } else if (in.startsWith("<![CDATA[", pos)) {
                int end = in.indexOf("]]>", pos + 9);
                int stop = end < 0 ? in.length() : end;
                for (int i = pos + 9; i < stop; i++) {
                    text(in.charAt(i));
                }
                pos = end < 0 ? in.length() : end + 3;
            } else if (in.startsWith("<!", pos) || in.startsWith("<?", pos)) {
                pos = after(">", pos + 2);
            } else if (in.startsWith("</", pos) && pos + 2 < in.length() && isAsciiLetter(in.charAt(pos + 2))) {
                pos += 2;
                String name = tagName();
                pos = after(">", pos);
                endTag(name);
            } else if (pos + 1 < in.length() && isAsciiLetter(in.charAt(pos + 1))) {
                pos++;
                String name = tagName();
                boolean selfClosing = skipAttributes();
                startTag(name, selfClosing);
            } else {
                text('<');
                pos++;
            }
        }

        private void startTag(String name, boolean selfClosing) {
            if (DROPPED.contains(name)) {
                if (!selfClosing) {
                    skipContent(name, !name.equals("script") && !name.equals("style"));
                }
                return;
            }
            breakFor(name);
            if (name.equals("pre") && !selfClosing) {
                preDepth++;
                preStart = true;
            }
        }

        private void endTag(String name) {
            if (name.equals("pre") && preDepth > 0) {
                preDepth--;
            }
            breakFor(name);
        }

        private void breakFor(String name) {
            if (PARAGRAPHS.contains(name)) {
                pendingBreaks = 2;
            } else if (LINES.contains(name)) {
                pendingBreaks = Math.max(pendingBreaks, 1);
            } else if (CELLS.contains(name)) {
                pendingSpace = true;
            }
        }

        private String tagName() {
            int start = pos;
            while (pos < in.length() && isNameChar(in.charAt(pos))) {
                pos++;
            }
            return in.substring(start, pos).toLowerCase(Locale.ROOT);
        }

        /** Moves past the attributes and the closing {@code >}; whether the tag ended with {@code />}. */
        private boolean skipAttributes() {
            char quote = 0;
            while (pos < in.length()) {
                char c = in.charAt(pos++);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return pos >= 2 && in.charAt(pos - 2) == '/';
                }
            }
            return false;
        }

        /** Skips to after the element's end tag; {@code nested} counts inner start tags of the same name. */
        private void skipContent(String name, boolean nested) {
            int depth = 1;
            while (pos < in.length()) {
                int lt = in.indexOf('<', pos);
                if (lt < 0) {
                    pos = in.length();
                    return;
                }
                pos = lt + 1;
                boolean end = pos < in.length() && in.charAt(pos) == '/';
                int nameStart = end ? pos + 1 : pos;
                if (!tagNameAt(nameStart, name) || !end && !nested) {
                    continue;
                }
                pos = nameStart + name.length();
                if (end) {
                    pos = after(">", pos);
                    if (--depth == 0) {
                        return;
                    }
                } else if (!skipAttributes()) {
                    depth++;
                }
            }
        }

        private boolean tagNameAt(int at, String name) {
            if (!in.regionMatches(true, at, name, 0, name.length())) {
                return false;
            }
            int next = at + name.length();
            return next >= in.length() || !isNameChar(in.charAt(next));
        }

        private void reference() {
            int semicolon;
            int codePoint;
            if (pos + 1 < in.length() && in.charAt(pos + 1) == '#') {
                boolean hex = pos + 2 < in.length() && (in.charAt(pos + 2) == 'x' || in.charAt(pos + 2) == 'X');
                int i = pos + (hex ? 3 : 2);
                int start = i;
                long value = 0;
                int radix = hex ? 16 : 10;
                while (i < in.length() && asciiDigit(in.charAt(i), radix) >= 0) {
                    if (value <= Character.MAX_CODE_POINT) {
                        value = value * radix + asciiDigit(in.charAt(i), radix); // saturates past the range
                    }
                    i++;
                }
                if (i == start) {
                    text('&');
                    pos++;
                    return;
                }
                semicolon = i < in.length() && in.charAt(i) == ';' ? i + 1 : i;
                codePoint = numericCodePoint(value);
            } else {
                int i = pos + 1;
                while (i < in.length() && i - pos <= 10 && Character.isLetterOrDigit(in.charAt(i))) {
                    i++;
                }
                Integer named = i < in.length() && in.charAt(i) == ';' ? ENTITIES.get(in.substring(pos + 1, i)) : null;
                if (named == null) {
                    text('&');
                    pos++;
                    return;
                }
                semicolon = i + 1;
                codePoint = named;
            }
            pos = semicolon;
            if (codePoint > 0 && codePoint != SOFT_HYPHEN) {
                if (Character.isBmpCodePoint(codePoint)) {
                    text((char) codePoint);
                } else {
                    text(Character.highSurrogate(codePoint));
                    text(Character.lowSurrogate(codePoint));
                }
            }
        }

        private static int numericCodePoint(long value) {
            if (value >= 0x80 && value <= 0x9F) {
                return WINDOWS_1252[(int) value - 0x80];
            }
            if (value == 0 || value > Character.MAX_CODE_POINT || value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
                return 0xFFFD;
            }
            return (int) value;
        }

        private void text(char c) {
            if (preStart) {
                preStart = false;
                if (c == '\n') {
                    return;
                }
            }
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\u00A0';
            if (preDepth == 0 && space) {
                pendingSpace = true;
                return;
            }
            flushPending();
            out.append(c == '\u00A0' || c == '\t' && preDepth == 0 ? ' ' : c);
        }

        private void flushPending() {
            if (out.length() > 0) {
                if (pendingBreaks > 0) {
                    int trailing = 0;
                    while (trailing < out.length() && trailing < 2 && out.charAt(out.length() - 1 - trailing) == '\n') {
                        trailing++;
                    }
                    for (int i = trailing; i < pendingBreaks; i++) {
                        out.append('\n');
                    }
                } else if (pendingSpace && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                    out.append(' ');
                }
            }
            pendingBreaks = 0;
            pendingSpace = false;
        }

        private int after(String terminator, int from) {
            int at = in.indexOf(terminator, from);
            return at < 0 ? in.length() : at + terminator.length();
        }

        private static int asciiDigit(char c, int radix) {
            return c < 0x80 ? Character.digit(c, radix) : -1;
        }

        private static boolean isAsciiLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private static boolean isNameChar(char c) {
            return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_';
        }
    }
}
