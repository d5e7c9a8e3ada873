-- Page-accurate citations (issue 13, item 7): where each later page begins inside a chunk.
-- page_breaks[i] is the offset in the chunk's text at which page (page + i) begins, strictly
-- increasing and inside the text; empty for a chunk on one page or without pages. The chunk
-- spans pages page .. page + cardinality(page_breaks). Existing rows read as one-page chunks.
-- Row-level security is untouched: the table's policies cover every column.
-- The constant default adds the column without rewriting the table; the check is added NOT VALID
-- and validated separately, so the scan does not hold the table's exclusive lock.
ALTER TABLE ${schema}.chunks ADD COLUMN page_breaks integer[] NOT NULL DEFAULT '{}';
ALTER TABLE ${schema}.chunks ADD CONSTRAINT chunks_page_breaks_check
    CHECK (cardinality(page_breaks) = 0 OR (page IS NOT NULL AND array_position(page_breaks, NULL) IS NULL)) NOT VALID;
ALTER TABLE ${schema}.chunks VALIDATE CONSTRAINT chunks_page_breaks_check;
