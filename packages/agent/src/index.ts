export * from "./model-endpoint";
export * from "./provider-error";
export * from "./stream-reply";
export * from "./count-tokens";
export * from "./providers";
export type { BaseChatModel } from "@langchain/core/language_models/chat_models";
export * from "./providers/local-gguf";
export * from "./extractive-reply";
export * from "./embeddings";
export * from "./runtime";
export * from "./tools/tool-definition";
export * from "./tools/create-tools";
export { createCalculatorTool, evaluateExpression, formatNumber } from "./tools/calculator";
export { createCurrentDatetimeTool, describeDateTime, canonicalTimeZone, DEFAULT_TIME_ZONE } from "./tools/current-datetime";
export { createKnowledgeSearchTool } from "./tools/knowledge-search";
export { createSqlQueryTool, describeTables, SQL_MAX_ROWS, SQL_TIMEOUT_MS } from "./tools/sql-query";
export { checkReadOnlySql } from "./tools/sql-table-store";
export {
  parseOpenApi,
  OpenApiError,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
  type JsonSchema,
  type HttpMethod,
} from "./tools/openapi";
export { createHttpActionTool, jsonSchemaToZod, toolNameFor, type HttpActionAuth, type HttpActionOptions } from "./tools/http-action";
