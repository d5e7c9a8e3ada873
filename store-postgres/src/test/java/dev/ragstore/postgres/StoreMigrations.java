package dev.ragstore.postgres;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The store's own migrations, as the tests see them on the class path (target/classes). */
final class StoreMigrations {

    private static final Pattern FILE = Pattern.compile("V(\\d+)__.+\\.sql");

    private StoreMigrations() {
    }

    /** The version of the newest file under {@code db/ragstore/}, e.g. {@code "9"}. */
    static String latestVersion() {
        URL folder = StoreMigrations.class.getClassLoader().getResource("db/ragstore");
        if (folder == null) {
            throw new IllegalStateException("db/ragstore is not on the class path");
        }
        try {
            URI uri = folder.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return newest(Path.of(uri), folder);
            }
            // failsafe runs against the packaged jar
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return newest(jar.getPath("db/ragstore"), folder);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list " + folder, e);
        }
    }

    private static String newest(Path directory, URL folder) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> FILE.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(matcher -> Integer.parseInt(matcher.group(1)))
                    .max(Comparator.naturalOrder())
                    .map(String::valueOf)
                    .orElseThrow(() -> new IllegalStateException("no V<n>__*.sql under " + folder));
        }
    }
}
