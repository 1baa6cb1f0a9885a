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
export { IngestionRunner, type IngestionOptions, type IngestionLogger, readableError } from "./ingestion/ingestion-runner";
export { connectorFor, uploadConnector, DEFAULT_MAX_FILE_BYTES, type ConnectorSettings } from "./ingestion/connector-for";
export { type Connector, ConnectorError, type SourceItem } from "./connectors/connector";
export { createFolderConnector, resolveAllowedFolder } from "./connectors/folder-connector";
export { createWebsiteConnector } from "./connectors/website-connector";
export { createSafeFetch, BlockedAddressError, type SafeFetch, type SafeFetchOptions } from "./net/safe-fetch";
export { isPrivateAddress } from "./net/ip-ranges";
export { detectFormat, parseDocument, ParseError, type ParsedDocument, SUPPORTED_EXTENSIONS } from "./parsing";
