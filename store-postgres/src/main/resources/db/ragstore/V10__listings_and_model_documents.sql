-- RagStore version 10: listings with keyset paging both ways, the knowledge-base trash, and
-- links from model profiles to their training documents (issue 13, item 6).
--
-- Every listing reads one owner's rows through an index that starts with owner_id, so the owner
-- predicate each query carries (the one row-level security repeats) bounds the scan, and the
-- index ends in id, so "WHERE id > :after ORDER BY id" (oldest first) and
-- "WHERE id < :after ORDER BY id DESC" (newest first, a backward scan) read only one page.
-- Documents by owner use documents_owner_idx (owner_id, id) of V1; knowledge bases and chat
-- sessions use their (owner_id, id) indexes of V1 too.

-- documents by type, by status and by chat session, across knowledge bases
CREATE INDEX documents_owner_mime_type_idx ON ${schema}.documents (owner_id, mime_type, id);
CREATE INDEX documents_owner_status_idx ON ${schema}.documents (owner_id, status, id);
CREATE INDEX documents_owner_chat_session_idx ON ${schema}.documents (owner_id, chat_session_id, id)
    WHERE chat_session_id IS NOT NULL;

-- the trash: soft-deleted knowledge bases only (a small part of the table)
CREATE INDEX knowledge_bases_owner_deleted_idx ON ${schema}.knowledge_bases (owner_id, id)
    WHERE deleted_at IS NOT NULL;

-- Training documents of model profiles (Hyperion's training data). The composite foreign keys
-- make the database refuse a link between two owners, and take the link away when either side is
-- deleted (a document also goes with its knowledge base, its chat session or its owner).
ALTER TABLE ${schema}.model_profiles ADD CONSTRAINT model_profiles_id_owner_key UNIQUE (id, owner_id);

CREATE TABLE ${schema}.model_profile_documents (
    owner_id         uuid        NOT NULL,
    model_profile_id uuid        NOT NULL,
    document_id      uuid        NOT NULL,
    created_at       timestamptz NOT NULL,
    CONSTRAINT model_profile_documents_pkey PRIMARY KEY (owner_id, model_profile_id, document_id),
    CONSTRAINT model_profile_documents_profile_fkey FOREIGN KEY (model_profile_id, owner_id)
        REFERENCES ${schema}.model_profiles (id, owner_id) ON DELETE CASCADE,
    CONSTRAINT model_profile_documents_document_fkey FOREIGN KEY (document_id, owner_id)
        REFERENCES ${schema}.documents (id, owner_id) ON DELETE CASCADE
);
-- documents by profile: the primary key; profiles by document (and the cascade from documents):
CREATE INDEX model_profile_documents_document_idx ON ${schema}.model_profile_documents (owner_id, document_id, model_profile_id);

-- Row-level security as for every owned table (see V2, and V4/V5 for the admin predicate).
ALTER TABLE ${schema}.model_profile_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.model_profile_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY model_profile_documents_owner ON ${schema}.model_profile_documents
    USING (owner_id = nullif(current_setting('ragstore.owner', true), '')::uuid
           OR (SELECT ${schema}.ragstore_admin()));
