import { ParseError } from "./parse-error";

export interface ParseLimits {
  /** Largest file accepted, in bytes. Default 50 MB. */
  maxBytes?: number;
  /** Total uncompressed size of an Office (OOXML) zip, in bytes. Default 200 MB. */
  maxExpandedBytes?: number;
  /** Most pages (PDF) or slides (PowerPoint) accepted. Default 2000. */
  maxPages?: number;
  /** Most characters of extracted text; over it the document is refused as too large. Default 5 million. */
  maxCharacters?: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<Required<ParseLimits>> = {
  maxBytes: 50 * 1024 * 1024,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxPages: 2000,
  maxCharacters: 5_000_000,
};

/** What every format parser receives besides the bytes. */
export interface ParseContext {
  limits: Readonly<Required<ParseLimits>>;
  signal?: AbortSignal;
  /** The media type given with the file, for a declared charset ("text/html; charset=iso-8859-1"). */
  mimeType?: string | null;
  /** Lower-case extension of the file name (".txt"), for messages. */
  extension: string | null;
}

export function resolveLimits(limits: ParseLimits = {}): Readonly<Required<ParseLimits>> {
  return {
    maxBytes: limits.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
    maxExpandedBytes: limits.maxExpandedBytes ?? DEFAULT_PARSE_LIMITS.maxExpandedBytes,
    maxPages: limits.maxPages ?? DEFAULT_PARSE_LIMITS.maxPages,
    maxCharacters: limits.maxCharacters ?? DEFAULT_PARSE_LIMITS.maxCharacters,
  };
}

/** A byte count for people: "512 bytes", "340 KB", "12.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** The error for a parse stopped by its signal: a time limit, or a cancellation. */
export function abortError(signal: AbortSignal): ParseError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === "TimeoutError";
  return new ParseError(
    "timeout",
    timedOut
      ? "Reading this document took too long and was stopped; try a smaller file."
      : "Reading this document was stopped before it finished.",
    { cause: reason },
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

export function tooMuchText(maxCharacters: number): ParseError {
  return new ParseError(
    "too_large",
    `This document holds more than ${formatCount(maxCharacters)} characters of text, over the limit; split it into smaller files.`,
  );
}
