package dev.ragstore.testkit;

import dev.ragstore.core.chunk.Chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Test texts and checks of chunks the facade contracts share. */
final class Texts {

    private static final String[] WORDS = {"river", "granite", "lantern", "orchard", "signal", "harbor", "copper",
            "meadow", "falcon", "quartz", "ember", "glacier", "canyon", "willow", "thunder", "mosaic", "velvet", "prism",
            "tundra", "beacon", "cobalt", "saffron", "ridge", "lagoon"};

    private Texts() {
    }

    /**
     * Deterministic English-like text of {@code count} paragraphs (about 320 characters each),
     * separated by blank lines, so that it spans several chunks.
     */
    static String paragraphs(int count) {
        Random random = new Random(count * 7919L);
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < count; p++) {
            if (p > 0) {
                text.append("\n\n");
            }
            for (int s = 0; s < 4; s++) {
                text.append(s == 0 ? "Paragraph " + (p + 1) + " tells of the " : " Then the ");
                for (int w = 0; w < 9; w++) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(w == 8 ? "." : " ");
                }
            }
        }
        return text.toString();
    }

    /** Asserts exact offsets, strictly increasing starts, consecutive indexes, and that every non-blank character is in a chunk. */
    static void assertChunksCover(String text, List<Chunk> chunks) {
        assertThat(chunks).isNotEmpty();
        boolean[] covered = new boolean[text.length()];
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.charEnd()).isLessThanOrEqualTo(text.length());
            assertThat(chunk.text()).as("chunk %d", i).isEqualTo(text.substring(chunk.charStart(), chunk.charEnd()));
            if (i > 0) {
                assertThat(chunk.charStart()).isGreaterThan(chunks.get(i - 1).charStart());
            }
            for (int c = chunk.charStart(); c < chunk.charEnd(); c++) {
                covered[c] = true;
            }
        }
        for (int c = 0; c < text.length(); c++) {
            if (!Character.isWhitespace(text.charAt(c))) {
                assertThat(covered[c]).as("character %d ('%s') is in some chunk", c, text.charAt(c)).isTrue();
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
