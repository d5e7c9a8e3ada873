package dev.ragstore.milvus.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Milvus server supports, derived from the version it reports: Milvus Lite 3.x
 * ({@code milvus_lite-3.2.2}) has BM25 full-text search but no Float16Vector; Milvus 2.5 and later
 * have both; Milvus 2.4 has Float16Vector but no BM25 function. A version this class cannot read
 * is taken to be a current Milvus (2.5 or later), and says so in {@link #limitations()}.
 *
 * @param version     the version string the server reported
 * @param lite        whether the server is Milvus Lite
 * @param bm25        whether collections can have a BM25 function (keyword and hybrid search)
 * @param float16     whether Float16Vector fields are supported
 * @param limitations notes for {@code IndexCapabilities.limitations()}
 */
public record ServerFeatures(String version, boolean lite, boolean bm25, boolean float16, Set<String> limitations) {

    private static final Pattern MILVUS = Pattern.compile("v?(\\d+)\\.(\\d+).*");

    public ServerFeatures {
        limitations = Set.copyOf(limitations);
    }

    /** The features of a server reporting {@code version}. */
    public static ServerFeatures of(String version) {
        String reported = version == null ? "" : version.trim();
        Set<String> notes = new LinkedHashSet<>();
        if (reported.toLowerCase(java.util.Locale.ROOT).startsWith("milvus_lite")) {
            notes.add("server " + reported + " (Milvus Lite) has no Float16Vector: FLOAT16 spaces are rejected");
            notes.add("server " + reported + " (Milvus Lite) has no filter templates: filters are sent as escaped literals");
            notes.add("server " + reported + " (Milvus Lite) reports BM25 scores negated; they are returned positive");
            return new ServerFeatures(reported, true, true, false, notes);
        }
        Matcher m = MILVUS.matcher(reported);
        if (m.matches()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            boolean bm25 = major > 2 || (major == 2 && minor >= 5);
            boolean float16 = major > 2 || (major == 2 && minor >= 4);
            if (!bm25) {
                notes.add("server " + reported + " has no BM25 function (Milvus 2.5+): KEYWORD and HYBRID search are unavailable");
            }
            if (!float16) {
                notes.add("server " + reported + " has no Float16Vector (Milvus 2.4+): FLOAT16 spaces are rejected");
            }
            return new ServerFeatures(reported, false, bm25, float16, notes);
        }
        notes.add("server version '" + reported + "' was not recognized; assumed to be Milvus 2.5 or later");
        return new ServerFeatures(reported, false, true, true, notes);
    }
}
