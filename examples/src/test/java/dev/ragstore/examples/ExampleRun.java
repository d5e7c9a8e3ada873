package dev.ragstore.examples;

import dev.ragstore.embedder.minilm.MiniLmEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the example tests share: the project's docs folder, one embedder, a captured console. */
public final class ExampleRun {

    private static MiniLmEmbedder embedder;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** The in-process MiniLM model, loaded once per test JVM (loading takes seconds). */
    public static synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = new MiniLmEmbedder();
        }
        return embedder;
    }

    /** The project's {@code docs/} folder, found from the working directory upwards. */
    public static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/architecture.md above " + Path.of("").toAbsolutePath());
    }

    /** Where the example prints. */
    public PrintStream out() {
        return out;
    }

    /** What the example printed so far; echoed to the test's output. */
    public String printed() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text;
    }
}
