export { type DocumentFormat, detectFormat, SUPPORTED_EXTENSIONS } from "./detect-format";
export { ParseError, type ParseErrorCode, parseErrorCodes } from "./parse-error";
export { type ParseDocumentInput, parseDocument } from "./parse-document";
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./parse-limits";
export type { ParsedDocument } from "./parsed-document";
