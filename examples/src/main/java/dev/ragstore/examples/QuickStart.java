package dev.ragstore.examples;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.UserScope;
import dev.ragstore.core.chat.ChatSession;
import dev.ragstore.core.chat.Citation;
import dev.ragstore.core.chat.Message;
import dev.ragstore.core.chat.MessageRole;
import dev.ragstore.core.chat.NewMessage;
import dev.ragstore.core.chunk.ChunkId;
import dev.ragstore.core.document.DocumentSource;
import dev.ragstore.core.document.IngestResult;
import dev.ragstore.core.knowledge.KnowledgeBase;
import dev.ragstore.core.plan.NewPlan;
import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.search.SearchHit;
import dev.ragstore.core.search.SearchMode;
import dev.ragstore.core.search.SearchRequest;
import dev.ragstore.core.usage.UsageDay;
import dev.ragstore.core.user.NewUser;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.embedder.minilm.MiniLmEmbedder;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quick start: everything in memory, no services. Creates a user on a plan, ingests a
 * folder of text files with a progress bar, runs vector, keyword and hybrid searches, records
 * a chat exchange with citations and prints the user's usage.
 *
 * <p>Arguments: {@code [folder] [query]}; by default the project's own documentation.
 */
public final class QuickStart {

    private static final PrintStream OUT = System.out;

    private QuickStart() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "docs");
        String query = args.length > 1 ? args[1] : "what happens when Redis is down";

        try (RagStore store = RagStore.builder().embedder(new MiniLmEmbedder()).build()) {
            Plan plan = store.admin().createPlan(NewPlan.builder().name("starter")
                    .dailyTokenLimit(200_000).documentLimit(100).sessionLimit(20)
                    .monthlyPrice(new BigDecimal("9.00")).build());
            User alice = store.admin().createUser(
                    new NewUser("alice", "alice@example.com", "correct horse battery", "Alice", Role.USER, plan.id()));
            UserScope scope = store.forUser(alice.id());

            KnowledgeBase docs = scope.knowledgeBases().create("docs", "Files from " + folder, Map.of());
            List<Path> files = textFiles(folder);
            OUT.printf("Ingesting %d files from %s into knowledge base '%s'%n", files.size(), folder.toAbsolutePath(), docs.name());
            for (Path file : files) {
                DocumentSource source = DocumentSource.builder(file.getFileName().toString(), mimeType(file), Files.readAllBytes(file))
                        .metadata(Map.of("path", folder.relativize(file).toString()))
                        .build();
                IngestResult result = scope.documents().ingest(docs.id(), source,
                        (processed, total, message) -> progress(file, processed, total));
                OUT.printf("%n  %s: %d chunks%s%n", file.getFileName(), result.chunks(), result.duplicate() ? " (duplicate)" : "");
            }

            List<SearchHit> hybridHits = List.of();
            for (SearchMode mode : SearchMode.values()) {
                List<SearchHit> hits = scope.search(SearchRequest.builder().text(query).mode(mode).topK(3).build());
                printHits(mode + " search for \"" + query + "\"", hits);
                if (mode == SearchMode.HYBRID) {
                    hybridHits = hits;
                }
            }

            ChatSession chat = scope.chats().create("Quick start");
            Message question = scope.chats().append(chat.id(), NewMessage.user(null, query, 8));
            List<Citation> citations = hybridHits.stream()
                    .map(hit -> Citation.of(hit, snippet(hit.chunk().text(), 160)))  // the page the quote is on
                    .toList();
            scope.chats().append(chat.id(), NewMessage.builder(MessageRole.ASSISTANT,
                            "Here is what the documentation says, with " + citations.size() + " sources.")
                    .parent(question.id()).tokenCount(120).model("demo-model").citations(citations).build());
            Map<ChunkId, String> sources = new HashMap<>();
            hybridHits.forEach(hit -> sources.put(hit.chunk().id(), hit.fileName() + " #" + hit.chunk().index()));
            OUT.println("\nChat history:");
            for (Message message : scope.chats().history(chat.id(), null, 50)) {
                OUT.printf("  [%s] %s%n", message.role(), message.content());
                for (Citation citation : message.citations()) {
                    OUT.printf("      cites %s (score %.4f): %s%n", sources.get(citation.chunkId()), citation.score(),
                            citation.snippet());
                }
            }

            UsageDay usage = scope.usage().today();
            OUT.printf("%nUsage today for %s: %d tokens, %d messages, %d documents, %d sessions (plan '%s': %d tokens/day)%n",
                    alice.username(), usage.tokens(), usage.messages(), usage.documents(), usage.sessions(),
                    plan.name(), plan.dailyTokenLimit());
        }
    }

    private static List<Path> textFiles(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> mimeType(path) != null)
                    .sorted()
                    .toList();
        }
    }

    private static String mimeType(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".md")) {
            return "text/markdown";
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return "text/html";
        }
        if (name.endsWith(".txt")) {
            return "text/plain";
        }
        return null;
    }

    private static void progress(Path file, long processed, long total) {
        int width = 30;
        int filled = total == 0 ? 0 : (int) (width * processed / total);
        OUT.printf("\r  [%s%s] %d/%d chunks  %s", "#".repeat(filled), ".".repeat(width - filled), processed, total,
                file.getFileName());
        OUT.flush();
    }

    private static void printHits(String title, List<SearchHit> hits) {
        OUT.println("\n" + title + ":");
        for (SearchHit hit : hits) {
            OUT.printf("  %.4f  %s #%d (vector rank %s, keyword rank %s)%n      %s%n", hit.score(), hit.fileName(),
                    hit.chunk().index(), hit.vectorRank(), hit.keywordRank(), snippet(hit.chunk().text(), 160));
        }
    }

    private static String snippet(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }
}
