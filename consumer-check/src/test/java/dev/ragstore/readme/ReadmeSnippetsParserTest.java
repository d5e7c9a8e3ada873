package dev.ragstore.readme;

import dev.ragstore.readme.ReadmeSnippets.Snippet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeSnippetsParserTest {

    @Test
    void findsEveryJavaBlockWithItsLineAndMarker() {
        List<Snippet> snippets = ReadmeSnippets.parse("X.md", String.join("\n",
                "# Title",
                "```bash",
                "echo not java",
                "```",
                "<!-- snippet: runs, given InMemoryChat -->",
                "```java",
                "int a = 1;",
                "```",
                "<!-- snippet: given PgVectorReadmeGivens -->",
                "```java",
                "class Foo {}",
                "```",
                "```java",
                "int b = 2;",
                "```"));

        assertThat(snippets).containsExactly(
                new Snippet("X.md", 6, "InMemoryChat", true, "int a = 1;\n"),
                new Snippet("X.md", 10, "PgVectorReadmeGivens", false, "class Foo {}\n"),
                new Snippet("X.md", 13, "Givens", false, "int b = 2;\n"));
    }

    @Test
    void wrapsStatementsInRunAndTypesAsInnerClasses() {
        Snippet statements = new Snippet("a/README.md", 3, "Givens", false, "int a = 1;\n");
        Snippet type = new Snippet("a/README.md", 9, "Givens", false, "// a contract\nclass Foo extends Bar {\n}\n");

        assertThat(statements.declaresType()).isFalse();
        assertThat(statements.source("p", List.of("java.util.*")))
                .contains("import java.util.*;", "public class Snippet_a_README_md_3 extends dev.ragstore.readme.Givens",
                        "public void run() throws Exception {\nint a = 1;");
        assertThat(type.declaresType()).isTrue();
        assertThat(type.source("p", List.of())).contains("class Foo extends Bar {\n}\n\n    public void run() {\n    }");
    }

    @Test
    void anUnclosedBlockIsAnError() {
        assertThatThrownBy(() -> ReadmeSnippets.parse("Y.md", "text\n```java\nint a;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Y.md:2 opens a java block that never closes");
    }
}
