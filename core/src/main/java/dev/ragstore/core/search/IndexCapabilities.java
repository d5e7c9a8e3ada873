package dev.ragstore.core.search;

import dev.ragstore.core.chunk.DistanceMetric;
import dev.ragstore.core.chunk.VectorType;

import java.util.Set;

/**
 * What a {@link VectorIndex} can do, stated truthfully by the adapter. The facade checks a
 * request against it and fails with a message naming the adapter and the missing capability.
 *
 * @param modes       search modes answered natively; HYBRID may also be composed by the facade
 *                    from VECTOR and KEYWORD
 * @param multiVector whether chunks may carry many vectors searched by MaxSim
 * @param limitations free-text notes on what this server lacks (e.g. a local test server)
 */
public record IndexCapabilities(
        String adapter,
        Set<DistanceMetric> metrics,
        Set<VectorType> vectorTypes,
        Set<SearchMode> modes,
        boolean multiVector,
        Set<String> limitations) {

    public IndexCapabilities {
        metrics = Set.copyOf(metrics);
        vectorTypes = Set.copyOf(vectorTypes);
        modes = Set.copyOf(modes);
        limitations = Set.copyOf(limitations);
    }

    /** Whether a search in {@code mode} can be answered, natively or by fusing VECTOR and KEYWORD. */
    public boolean supports(SearchMode mode) {
        return modes.contains(mode)
                || (mode == SearchMode.HYBRID && modes.contains(SearchMode.VECTOR) && modes.contains(SearchMode.KEYWORD));
    }
}
