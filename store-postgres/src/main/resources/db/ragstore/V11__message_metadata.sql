-- Message metadata (issue 15, chat-memory bridges): a small JSON object the caller stores with a
-- message (e.g. what LangChain4j or Spring AI needs to rebuild its own message type), with the
-- rules of document metadata checked by the application. Existing rows read as without metadata.
-- Row-level security is untouched: the messages policy of V2 covers every column.
-- The constant default adds the column without rewriting the table.
ALTER TABLE ${schema}.messages ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
