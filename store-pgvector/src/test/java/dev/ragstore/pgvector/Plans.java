package dev.ragstore.pgvector;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the plans {@link PgVectorIndex#explain} returns: the lines of one CTE, the scans of one table. */
final class Plans {

    private Plans() {
    }

    /** The lines of the plan of CTE {@code name}; fails the test when the plan has no such CTE. */
    static List<String> section(String plan, String name) {
        List<String> lines = plan.lines().toList();
        int start = lines.indexOf("  CTE " + name);
        assertThat(start).as("CTE %s in plan\n%s", name, plan).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("  CTE ") && !lines.get(end).startsWith("  ->")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The scans among {@code lines} that read a table whose name starts with {@code table}. */
    static List<String> scans(List<String> lines, String table) {
        return lines.stream().filter(l -> l.contains(" Scan ") && l.contains(" on " + table)).toList();
    }
}
