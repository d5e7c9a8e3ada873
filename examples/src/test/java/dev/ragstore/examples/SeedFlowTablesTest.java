package dev.ragstore.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks docs/seeds/*.md against the examples: every flow row links an example that exists, and
 * every call the row names ({@code name(}) appears in that example's source. A flow table cannot
 * claim a call the example does not make.
 */
class SeedFlowTablesTest {

    private static final Pattern ROW = Pattern.compile("^\\| (?!flow |---)(.+?) \\| (.+) \\| \\[\\w+]\\((\\S+?\\.java)\\) \\|$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_]\\w*)\\(");

    @TestFactory
    Stream<DynamicTest> everyFlowNamesCallsItsExampleMakes() throws IOException {
        Path seeds = ExampleRun.docs().resolve("seeds");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> pages = Files.list(seeds)) {
            for (Path page : pages.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                List<String> rows = Files.readAllLines(page).stream().filter(line -> ROW.matcher(line).matches()).toList();
                tests.add(DynamicTest.dynamicTest(page.getFileName() + " has flow rows",
                        () -> assertThat(rows).hasSizeGreaterThanOrEqualTo(5)));
                for (String row : rows) {
                    Matcher matcher = ROW.matcher(row);
                    matcher.matches();
                    String flow = matcher.group(1);
                    tests.add(DynamicTest.dynamicTest(page.getFileName() + ": " + flow, () -> {
                        Path example = page.getParent().resolve(matcher.group(3)).normalize();
                        assertThat(example).isRegularFile();
                        String source = Files.readString(example);
                        List<String> calls = calls(matcher.group(2));
                        assertThat(calls).as("calls named by " + flow).isNotEmpty();
                        for (String call : calls) {
                            assertThat(source).as(example.getFileName() + " makes the call " + call + "(…) of flow " + flow)
                                    .contains(call + "(");
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static List<String> calls(String cell) {
        List<String> calls = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            Matcher call = CALL.matcher(code.group(1));
            while (call.find()) {
                calls.add(call.group(1));
            }
        }
        return calls;
    }
}
