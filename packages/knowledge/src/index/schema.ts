import type { Database } from "better-sqlite3";

/**
 * Creates the lexical index tables if they are missing. In the application they already exist:
 * @atelier/db's migrations create them (knowledge_documents and knowledge_chunks with more
 * columns, the FTS5 tables in the custom migration 0002_knowledge_fts.sql), so these statements
 * do nothing there. They remain for standalone use of the index (benchmarks, unit tests on a
 * bare database) and must stay column-compatible with the migrations.
 *
 * The FTS5 table is contentless (`content=''`): it holds only the analysed terms (folded,
 * stop words removed, stemmed in JS), the original text lives in knowledge_chunks, and
 * `contentless_delete=1` lets rows be deleted by rowid. `remove_diacritics 2` folds any
 * accent the JS analysis left (it folds first, so this is a safety net).
 */
export function createKnowledgeTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS knowledge_documents (
      id TEXT PRIMARY KEY,
      source_id TEXT NOT NULL,
      external_id TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL,
      language TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      chunk_count INTEGER NOT NULL,
      indexed_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS knowledge_documents_source ON knowledge_documents (source_id);
    CREATE TABLE IF NOT EXISTS knowledge_chunks (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      document_id TEXT NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
      source_id TEXT NOT NULL,
      language TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      heading_path TEXT NOT NULL,
      page INTEGER,
      text TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS knowledge_chunks_document ON knowledge_chunks (document_id);
    CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_chunks_fts USING fts5 (
      title, headings, body,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_terms USING fts5vocab (knowledge_chunks_fts, 'row');
  `);
}
