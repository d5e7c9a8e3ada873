package dev.ragstore.readme;

import java.nio.charset.StandardCharsets;

/** README.md's first block runs in memory with the MiniLM embedder on this Markdown file. */
public class InMemoryQuickStart extends Givens {
    protected byte[] bytes = """
            # Quotas

            Quotas are enforced per user and day: every plan sets a daily token limit, and a write
            that would pass it is refused with QuotaExceededException.
            """.getBytes(StandardCharsets.UTF_8);
}
