-- Full-text index of knowledge chunks (not expressible in the drizzle schema).
-- Contentless (content=''): it holds only the terms analysed in JS (accents folded, stop words
-- removed, French/English stems); the text lives in knowledge_chunks and rows are deleted by
-- rowid (contentless_delete=1). remove_diacritics 2 folds any accent the JS analysis left.
CREATE VIRTUAL TABLE `knowledge_chunks_fts` USING fts5 (
	title, headings, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- Per-term document frequencies, used to keep the most selective query words.
CREATE VIRTUAL TABLE `knowledge_terms` USING fts5vocab (knowledge_chunks_fts, 'row');
