package dev.ragstore.redis;

import dev.ragstore.core.chat.Message;
import dev.ragstore.core.internal.RecordJson;

import java.util.ArrayList;
import java.util.List;

/**
 * A cached chat history: one message per line, oldest first. A message's JSON is one line, since
 * JSON strings escape every line break, so the tail of a history decodes without the rest.
 */
final class HistoryLines {

    private HistoryLines() {
    }

    static String join(RecordJson json, List<Message> messages) {
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(json.write(m));
        }
        return out.toString();
    }

    /** The last {@code count} messages of {@code lines}, oldest first; only those are decoded. */
    static List<Message> last(RecordJson json, String lines, int count) {
        List<String> kept = new ArrayList<>();
        int end = lines.length();
        while (end > 0 && kept.size() < count) {
            int start = lines.lastIndexOf('\n', end - 1) + 1;
            if (start < end) {
                kept.add(lines.substring(start, end));
            }
            end = start - 1;
        }
        List<Message> result = new ArrayList<>(kept.size());
        for (int i = kept.size() - 1; i >= 0; i--) {
            result.add(json.read(kept.get(i), Message.class));
        }
        return result;
    }
}
