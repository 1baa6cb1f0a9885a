import { type DocumentFormat, detectFormat, extensionOf, FORMAT_NAMES, SUPPORTED_EXTENSIONS } from "./detect-format";
import { ParseError } from "./parse-error";
import { parseCsv } from "./parse-csv";
import { parseDocx } from "./parse-docx";
import { parseHtml } from "./parse-html";
import { parseJson } from "./parse-json";
import {
  abortError,
  formatBytes,
  type ParseContext,
  type ParseLimits,
  resolveLimits,
  throwIfAborted,
} from "./parse-limits";
import { parseMarkdown } from "./parse-markdown";
import { parsePdf } from "./parse-pdf";
import { parsePptx } from "./parse-pptx";
import type { ParsedDocument } from "./parsed-document";
import { parseText } from "./parse-text";
import { parseXlsx } from "./parse-xlsx";

export interface ParseDocumentInput {
  bytes: Uint8Array;
  /** A file name or a URL: its extension picks the parser. */
  fileName: string;
  /** Used when the name has no known extension (web pages), and for a declared charset. */
  mimeType?: string | null;
  limits?: ParseLimits;
  /** Stops the parse between pages, slides and sheets (a `timeout` ParseError). */
  signal?: AbortSignal;
}

const PARSERS: Record<DocumentFormat, (bytes: Uint8Array, context: ParseContext) => Promise<ParsedDocument>> = {
  pdf: parsePdf,
  docx: parseDocx,
  pptx: parsePptx,
  xlsx: parseXlsx,
  csv: parseCsv,
  html: parseHtml,
  markdown: parseMarkdown,
  text: parseText,
  json: parseJson,
};

function unsupported(fileName: string): ParseError {
  const extension = extensionOf(fileName);
  const what = extension ? `${extension} files are` : "This type of file is";
  return new ParseError(
    "unsupported_type",
    `${what} not supported; upload one of these types: ${SUPPORTED_EXTENSIONS.join(", ")}.`,
  );
}

/**
 * Turns a document into blocks for chunking. The format comes from the file name, else the
 * media type. Throws only ParseError: limits and refusals with their own code, anything
 * unexpected as `corrupt` (the original error is its cause).
 */
export async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  const { bytes, fileName, signal } = input;
  const format = detectFormat(fileName, input.mimeType);
  if (format === null) throw unsupported(fileName);
  const limits = resolveLimits(input.limits);
  if (bytes.byteLength > limits.maxBytes) {
    throw new ParseError(
      "too_large",
      `This file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(limits.maxBytes)} limit; split it into smaller files.`,
    );
  }
  const name = FORMAT_NAMES[format];
  if (bytes.byteLength === 0) throw new ParseError("empty", `This ${name} is empty (0 bytes).`);
  throwIfAborted(signal);
  const context: ParseContext = { limits, signal, mimeType: input.mimeType, extension: extensionOf(fileName) };
  let parsed: ParsedDocument;
  try {
    parsed = await PARSERS[format](bytes, context);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    if (signal?.aborted) throw abortError(signal);
    throw new ParseError("corrupt", `This ${name} could not be read; it may be damaged.`, { cause: e });
  }
  throwIfAborted(signal);
  if (parsed.blocks.length === 0) {
    throw new ParseError("empty", `This ${name} contains no text that can be indexed.`);
  }
  return parsed;
}
