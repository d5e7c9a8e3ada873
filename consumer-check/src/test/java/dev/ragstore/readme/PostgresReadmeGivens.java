package dev.ragstore.readme;

import dev.ragstore.core.RagStore;
import dev.ragstore.core.chat.ChatSessionId;
import dev.ragstore.core.spi.Embedder;
import dev.ragstore.core.user.UserId;
import dev.ragstore.postgres.PostgresStore;

import javax.sql.DataSource;
import java.util.UUID;

/** The free variables of store-postgres/README.md's blocks (compiled, not run: they need a server). */
public class PostgresReadmeGivens extends Givens {
    protected String secret;
    protected String url;
    protected String title;
    protected Embedder myEmbedder;
    protected DataSource hostDataSource;
    protected UserId userId;
    protected UUID ticketId;
    protected ChatSessionId sessionId;
    protected RagStore store;
    protected PostgresStore postgres;
}
