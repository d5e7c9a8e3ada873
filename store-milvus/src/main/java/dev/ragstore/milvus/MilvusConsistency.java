package dev.ragstore.milvus;

/**
 * The consistency level of Milvus reads (searches and queries). {@link #STRONG} (the default)
 * sees every write acknowledged before the read started; the others trade that for latency on a
 * distributed Milvus (Milvus Lite always reads its latest state).
 */
public enum MilvusConsistency {
    /** Reads see every acknowledged write. */
    STRONG,
    /** Reads may miss writes of the last few seconds. */
    BOUNDED,
    /** Reads see the writes of the same client. */
    SESSION,
    /** Reads may miss any recent write. */
    EVENTUALLY
}
