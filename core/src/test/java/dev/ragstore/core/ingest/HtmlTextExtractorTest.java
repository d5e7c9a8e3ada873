package dev.ragstore.core.ingest;

import dev.ragstore.core.error.InvalidInputException;
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

class HtmlTextExtractorTest {

    private final HtmlTextExtractor extractor = new HtmlTextExtractor();

    static Stream<Arguments> documents() {
        return Stream.of(
                arguments("<p>Hello <b>world</b></p>", "Hello world"),
                arguments("<p>One</p><p>Two</p>", "One\n\nTwo"),
                arguments("<P CLASS=x>Upper</P><Div>case</DIV>", "Upper\n\ncase"),
                arguments("a<br>b<br/>c<BR />d", "a\nb\nc\nd"),
                arguments("<ul><li>x</li><li>y</li></ul><p>after</p>", "x\ny\n\nafter"),
                arguments("<h1>Title</h1>text<h2>Sub</h2>more", "Title\n\ntext\n\nSub\n\nmore"),
                arguments("<div><div><p>deep</p></div></div>next", "deep\n\nnext"),
                arguments("<table><tr><th>h1</th><th>h2</th></tr><tr><td>a</td><td>b</td></tr></table>", "h1 h2\na b"),
                arguments("<p>a</p><script>var s = '<p>no</p>'; if (a < b) {}</script><p>b</p>", "a\n\nb"),
                arguments("x<SCRIPT type=\"text/javascript\">document.write(\"<script>\")</SCRIPT>y", "xy"),
                arguments("<style>p { color: red; }</style>visible", "visible"),
                arguments("<noscript><p>enable js</p></noscript>ok", "ok"),
                arguments("<template><p>t</p><template>inner</template>still hidden</template>shown", "shown"),
                arguments("<script src=x.js />after", "after"),
                arguments("a<!-- <p>hidden</p> -->b", "ab"),
                arguments("a<!-- never closed <p>x</p>", "a"),
                arguments("a<script>never closed", "a"),
                arguments("<!DOCTYPE html><?xml version=\"1.0\"?><html><head><title>T</title><style>x{}</style></head>"
                        + "<body><p>Body</p></body></html>", "T\n\nBody"),
                arguments("<a title=\"a>b\" href='x>y' data-x=\"it's\">link</a> text", "link text"),
                arguments("1 < 2 and 3 <4 and <> and </ >", "1 < 2 and 3 <4 and <> and </ >"),
                arguments("  lots \n\t of   \r\n space  ", "lots of space"),
                arguments("a&nbsp;&nbsp; b&nbsp;c", "a b c"),
                arguments("<p>code:</p><pre>  x\n    y</pre>after", "code:\n\n  x\n    y\n\nafter"),
                arguments("<pre>\ncode\n</pre>", "code"),
                arguments("<p>x</p><pre><b>\n#include</b>\n\nint a;</pre>", "x\n\n#include\n\nint a;"),
                arguments("<![CDATA[x < y & z]]>", "x < y & z"),
                arguments("&amp; &lt; &gt; &quot; &apos; &copy; &reg; &euro; &hellip; &mdash; &ndash;",
                        "& < > \" ' © ® € … — –"),
                arguments("&eacute;&#233;&#xE9;&#XE9;&#xe9 &Auml;&szlig;&yuml;&iexcl;", "ééééé Äßÿ¡"),
                arguments("&lsquo;q&rsquo; &ldquo;qq&rdquo; &bull; &trade; &le; &ne; &infin; &minus;", "‘q’ “qq” • ™ ≤ ≠ ∞ −"),
                arguments("AT&T &bogus; &#; &#x; & &amp &Amp;", "AT&T &bogus; &#; &#x; & &amp &Amp;"),
                arguments("&#150;&#146;&#128;&#129;", "–’€"),
                arguments("&#0;&#xD800;&#x110000;&#99999999999;", "\uFFFD\uFFFD\uFFFD\uFFFD"),
                arguments("&#x1F600; &#128512;", "😀 😀"),
                arguments("co&shy;operate", "cooperate"),
                arguments("bell&#7;gone", "bellgone"),
                arguments("\uFEFF<p>bom</p>", "bom"),
                arguments("<p>ünïcødé 中文 😀</p>", "ünïcødé 中文 😀"),
                arguments("", ""),
                arguments("<p> </p><br><div></div>", ""));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void extractsReadableText(String html, String expected) {
        assertThat(extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html").text()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xhtml+xml", "TEXT/HTML; charset=utf-8"})
    void supportsHtmlAndXhtml(String mimeType) {
        assertThat(extractor.supports(mimeType)).isTrue();
        assertThat(extractor.extract("<p>x</p>".getBytes(StandardCharsets.UTF_8), mimeType).text()).isEqualTo("x");
    }

    @Test
    void doesNotSupportPlainText() {
        assertThat(extractor.supports("text/plain")).isFalse();
        assertThatThrownBy(() -> extractor.extract(new byte[0], "text/plain"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("mime type is not supported by HtmlTextExtractor, but was 'text/plain'");
    }

    @Test
    void rejectsMalformedUtf8() {
        assertThatThrownBy(() -> extractor.extract(new byte[] {'<', 'p', '>', (byte) 0xE9}, "text/html"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("document content must be valid UTF-8 (malformed bytes at offset 3)");
    }

    @Test
    void keepsTextOrderAcrossALargerDocument() {
        StringBuilder html = new StringBuilder("<html><body>");
        for (int i = 0; i < 500; i++) {
            html.append("<section><h2>Part ").append(i).append("</h2><p>Paragraph <em>").append(i)
                    .append("</em> &amp; more.</p><!-- c").append(i).append(" --></section>");
        }
        String text = extractor.extract(html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8), "text/html").text();
        assertThat(text).startsWith("Part 0\n\nParagraph 0 & more.\n\nPart 1").endsWith("Paragraph 499 & more.");
        assertThat(text).doesNotContain("<", "c17", "&amp;");
        assertThat(text.indexOf("Part 250")).isLessThan(text.indexOf("Part 251"));
    }
}
