package dev.ragstore.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The BOM pins the same third-party versions the build itself was tested with. */
class BomVersionsTest {

    private static final Pattern PROPERTY = Pattern.compile("<([\\w.-]+\\.version)>([^<$]+)</\\1>");

    @Test
    void everyVersionPropertyOfTheBomEqualsTheParents() throws IOException {
        Path root = Path.of(System.getProperty("ragstore.project.root", ".."));
        Map<String, String> bom = versions(root.resolve("bom/pom.xml"));
        Map<String, String> parent = versions(root.resolve("pom.xml"));

        assertThat(bom).containsKeys("slf4j.version", "commons-lang3.version", "protobuf.version");
        assertThat(parent).containsAllEntriesOf(bom);
    }

    private static Map<String, String> versions(Path pom) throws IOException {
        Map<String, String> versions = new TreeMap<>();
        Matcher matcher = PROPERTY.matcher(Files.readString(pom));
        while (matcher.find()) {
            versions.put(matcher.group(1), matcher.group(2));
        }
        return versions;
    }
}
