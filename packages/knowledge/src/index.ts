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
export { DEFAULT_PARSE_LIMITS, detectFormat, type DocumentFormat, type ParseDocumentInput, parseDocument, ParseError, type ParseErrorCode, parseErrorCodes, type ParsedDocument, type ParseLimits, SUPPORTED_EXTENSIONS } from "./parsing";
export { type ConnectorErrorCode, connectorErrorCodes } from "./connectors/connector";
export { DEFAULT_FOLDER_EXTENSIONS, type FolderConnectorOptions } from "./connectors/folder-connector";
export { type WebsiteConnectorOptions } from "./connectors/website-connector";
export { DEFAULT_USER_AGENT, type SafeResponse } from "./net/safe-fetch";
export { type AllowedHosts, parseAllowedHosts } from "./net/allowed-hosts";
export { DocumentVectors, type EmbeddingModel } from "./ingestion/document-vectors";
export { type EmbedFunction, VectorIndex, VectorIndexError } from "./index/vector-index";
export { hybridSearch, reciprocalRankFusion } from "./index/hybrid";
export {
  answerFromPassages,
  type Citation,
  DEFAULT_MIN_SCORE,
  type ExtractiveAnswer,
  type ExtractiveOptions,
  NOT_FOUND_MESSAGES,
} from "./answer/answer-from-passages";
export { splitSentences } from "./answer/split-sentences";
export { DEFAULT_MAX_ROWS_PER_TABLE, type StoredTable, type TableColumn, TableStore, type TableStoreOptions } from "./tables/table-store";
export { TableQueryError, type TableQueryErrorCode, tableQueryErrorCodes, TableSqlError } from "./tables/table-errors";
export { isTableFile } from "./tables/read-table-rows";
