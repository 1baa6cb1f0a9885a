export {
  type BlockKind,
  type Chunk,
  type ChunkOptions,
  chunkDocument,
  chunkId,
  DEFAULT_MAX_TOKENS,
  DEFAULT_OVERLAP_TOKENS,
  type DocumentBlock,
} from "./chunking/chunk-document";
export { estimateTokens } from "./chunking/tokens";
export { createKnowledgeTables } from "./index/schema";
export { type HighlightOptions, highlight } from "./index/highlight";
export {
  type IndexDocumentInput,
  LexicalIndex,
  type LexicalIndexOptions,
  type PlannedQuery,
  type ReplaceResult,
  type SearchOptions,
  type SearchResult,
} from "./index/lexical-index";
export { detectLanguage, type Language, type LanguageGuess, LANGUAGES } from "./language";
export { analyze, foldAccents, stem, words } from "./text/tokenize";
