package dev.ragstore.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts every {@code ```java} block of a Markdown file and turns it into a compilable class.
 *
 * <p>A block may be preceded, on the line just above its fence, by a comment naming the class
 * that declares its free variables and whether the block runs:
 * {@code <!-- snippet: given PgVectorReadmeGivens -->} or
 * {@code <!-- snippet: runs, given InMemoryChat -->}. Without one, the block compiles against
 * {@link Givens} (no free variables) and does not run. Statement blocks become the body of
 * {@code run()}; a block that declares a class becomes an inner class of the wrapper.
 */
final class ReadmeSnippets {

    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(runs\\s*,\\s*)?given\\s+(\\w+)\\s*-->");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("^(?:(?:public|abstract|final|static)\\s+)*(?:class|record|interface|enum)\\s");

    /** One Java block: where it is, what it extends, whether it runs, and its text. */
    record Snippet(String file, int line, String givens, boolean runs, String code) {

        /** A unique Java class name for the block, such as {@code Snippet_store_postgres_README_md_92}. */
        String className() {
            return "Snippet_" + file.replaceAll("[^A-Za-z0-9]", "_") + "_" + line;
        }

        /** {@code file:line} of the opening fence. */
        String location() {
            return file + ":" + line;
        }

        /** Whether the block declares a type rather than statements. */
        boolean declaresType() {
            for (String line : code.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("//") || trimmed.startsWith("@")) {
                    continue;
                }
                return TYPE_DECLARATION.matcher(trimmed).find();
            }
            return false;
        }

        /** The compilation unit: the given imports, then a class extending the givens. */
        String source(String packageName, List<String> imports) {
            StringBuilder java = new StringBuilder("package ").append(packageName).append(";\n\n");
            imports.forEach(name -> java.append("import ").append(name).append(";\n"));
            java.append("\n/** ").append(location()).append(" */\n")
                    .append("public class ").append(className()).append(" extends dev.ragstore.readme.").append(givens).append(" {\n");
            if (declaresType()) {
                java.append(code).append("\n    public void run() {\n    }\n");
            } else {
                java.append("    public void run() throws Exception {\n").append(code).append("\n    }\n");
            }
            return java.append("}\n").toString();
        }
    }

    private ReadmeSnippets() {
    }

    /** The blocks of one file; {@code name} is how the file is reported (its path from the project root). */
    static List<Snippet> extract(String name, Path file) throws IOException {
        return parse(name, Files.readString(file));
    }

    /** The blocks of Markdown text; an unterminated block is an {@link IllegalArgumentException}. */
    static List<Snippet> parse(String name, String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("```java")) {
                continue;
            }
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                code.append(lines[i]).append('\n');
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(name + ":" + (start + 1) + " opens a java block that never closes");
            }
            Matcher marker = start > 0 ? MARKER.matcher(lines[start - 1].strip()) : null;
            boolean marked = marker != null && marker.matches();
            snippets.add(new Snippet(name, start + 1, marked ? marker.group(2) : "Givens",
                    marked && marker.group(1) != null, code.toString()));
        }
        return snippets;
    }
}
