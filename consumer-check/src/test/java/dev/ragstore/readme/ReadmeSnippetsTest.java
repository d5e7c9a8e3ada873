package dev.ragstore.readme;

import dev.ragstore.readme.ReadmeSnippets.Snippet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every {@code ```java} block of README.md, the module READMEs and docs/ compiles against the
 * published modules as a host sees them (this module depends only on the BOM and those), and
 * the blocks marked {@code runs} run. See {@link ReadmeSnippets} for the markers.
 */
class ReadmeSnippetsTest {

    private static final String PACKAGE = "dev.ragstore.readme.generated";

    private static final List<String> JDK_IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.time.*", "java.nio.charset.StandardCharsets",
            "java.math.BigDecimal");

    @TempDir
    static Path work;

    private static List<Snippet> snippets;
    private static Map<String, List<String>> errors;
    private static URLClassLoader loader;

    @BeforeAll
    static void compileEverySnippet() throws IOException {
        Path root = Path.of(System.getProperty("ragstore.project.root", "..")).toAbsolutePath().normalize();
        snippets = new ArrayList<>();
        for (Path file : markdownFiles(root)) {
            snippets.addAll(ReadmeSnippets.extract(root.relativize(file).toString(), file));
        }
        List<String> classPath = List.of(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator));
        List<String> imports = new ArrayList<>(JDK_IMPORTS);
        ragStorePackages(classPath).forEach(name -> imports.add(name + ".*"));

        Path sources = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<File> files = new ArrayList<>();
        for (Snippet snippet : snippets) {
            Path file = sources.resolve(snippet.className() + ".java");
            Files.writeString(file, snippet.source(PACKAGE, imports));
            files.add(file.toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            javac.getTask(null, fileManager, diagnostics,
                    List.of("-classpath", String.join(File.pathSeparator, classPath), "-d", classes.toString(),
                            "-proc:none", "-Xlint:-options"),
                    null, fileManager.getJavaFileObjectsFromFiles(files)).call();
        }
        errors = new HashMap<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR && diagnostic.getSource() != null) {
                String name = Path.of(diagnostic.getSource().toUri()).getFileName().toString().replace(".java", "");
                errors.computeIfAbsent(name, key -> new ArrayList<>()).add(
                        "generated line " + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT));
            }
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader());
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndTheMarkedOnesRun() {
        assertThat(snippets).extracting(Snippet::file).contains(
                "README.md", "store-postgres/README.md", "store-pgvector/README.md", "store-milvus/README.md",
                "store-redis/README.md");
        assertThat(snippets).anyMatch(Snippet::runs);
        return snippets.stream().map(snippet -> dynamicTest(snippet.location() + (snippet.runs() ? " (runs)" : ""), () -> {
            assertThat(errors.getOrDefault(snippet.className(), List.of()))
                    .as("%s does not compile:%n%s", snippet.location(), snippet.source(PACKAGE, List.of()))
                    .isEmpty();
            if (snippet.runs()) {
                Object instance = loader.loadClass(PACKAGE + "." + snippet.className()).getConstructor().newInstance();
                try {
                    instance.getClass().getMethod("run").invoke(instance);
                } finally {
                    if (instance instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                }
            }
        }));
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).sorted()
                    .map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).forEach(files::add);
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** Every package of RagStore's jars on the class path, except internal ones and this module's. */
    private static TreeSet<String> ragStorePackages(List<String> classPath) throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : classPath) {
            Path path = Path.of(entry);
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(file -> file.toString().endsWith(".class"))
                            .forEach(file -> names.add(path.relativize(file).toString().replace(File.separatorChar, '/')));
                }
            } else if (entry.endsWith(".jar") && path.getFileName().toString().startsWith("ragstore-")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().forEach(jarEntry -> names.add(jarEntry.getName()));
                }
            }
            for (String name : names) {
                int slash = name.lastIndexOf('/');
                if (name.startsWith("dev/ragstore/") && name.endsWith(".class") && slash > 0) {
                    String pkg = name.substring(0, slash).replace('/', '.');
                    if (!pkg.contains(".internal") && !pkg.startsWith("dev.ragstore.readme")) {
                        packages.add(pkg);
                    }
                }
            }
        }
        return packages;
    }
}
