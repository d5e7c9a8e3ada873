package dev.ragstore.core.spi;

import dev.ragstore.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Text extracted from a source, with where each page starts.
 *
 * @param pageStarts character offsets at which pages 1, 2, ... start (first is 0); empty when the
 *                   format has no pages
 */
public record ExtractedText(String text, List<Integer> pageStarts) {

    public ExtractedText {
        Checks.text("extracted text", text, Integer.MAX_VALUE);
        pageStarts = List.copyOf(pageStarts);
        int previous = -1;
        for (int start : pageStarts) {
            if (start <= previous && !(previous == -1 && start == 0) || start > text.length()) {
                throw dev.ragstore.core.error.InvalidInputException.of("page starts", "must be increasing offsets within the text", pageStarts);
            }
            previous = start;
        }
    }

    /** Text without pages. */
    public static ExtractedText of(String text) {
        return new ExtractedText(text, List.of());
    }

    /** Number of pages, or 0 when the text has none. */
    public int pages() {
        return pageStarts.size();
    }

    /**
     * The offsets, relative to {@code start}, at which the pages after the page of {@code start}
     * begin within [start, end): what a piece of that range records as its page breaks. Empty
     * when the range lies on one page or the text has no pages.
     */
    public List<Integer> pageBreaks(int start, int end) {
        List<Integer> breaks = new ArrayList<>();
        for (int pageStart : pageStarts) {
            if (pageStart > start && pageStart < end) {
                breaks.add(pageStart - start);
            }
        }
        return List.copyOf(breaks);
    }

    /** The 1-based page holding character {@code offset}, or {@code null} when there are no pages. */
    public Integer pageAt(int offset) {
        if (pageStarts.isEmpty()) {
            return null;
        }
        int page = 1;
        for (int i = 0; i < pageStarts.size(); i++) {
            if (pageStarts.get(i) <= offset) {
                page = i + 1;
            }
        }
        return page;
    }
}
