import { ParseError } from "./parse-error";

export interface DecodeTextOptions {
  /** Lower-case extension the file was named with (".txt"), for the message. */
  extension: string | null;
  /** A charset the file declared (HTTP header, HTML meta): used when the bytes are not UTF-8. */
  charset?: string | null;
}

/** Bytes looked at to tell text from binary. */
const SAMPLE_BYTES = 1024 * 1024;
/** Share of control characters (other than tab, newlines, form feed) over which content is binary. */
const MAX_CONTROL_SHARE = 0.02;
/**
 * Share of bytes >= 0x80 over which content that is not UTF-8 is taken as binary: French text in
 * windows-1252 has a few percent of them, compressed or encrypted data about half.
 */
const MAX_LEGACY_HIGH_SHARE = 0.3;

function binaryError(extension: string | null): ParseError {
  const named = extension ? `named ${extension}` : "expected to be text";
  return new ParseError(
    "binary",
    `This file looks binary although it is ${named}; upload the original document in a supported format.`,
  );
}

function isControl(byte: number): boolean {
  // Tab, line feed, vertical tab, form feed and carriage return are text; ESC and SUB appear
  // in old terminal and DOS files but still count, they are rare in real text.
  return (byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f;
}

/** True when the bytes hold a NUL or too many control characters to be text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
    if (isControl(byte)) control++;
  }
  return end > 0 && control / end > MAX_CONTROL_SHARE;
}

function highShare(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  let high = 0;
  for (let i = 0; i < end; i++) if (bytes[i]! >= 0x80) high++;
  return end === 0 ? 0 : high / end;
}

/** What windows-1252 puts at 0x80–0x9F (€, curly quotes, œ...); the rest of its range is Latin-1. */
const WINDOWS_1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * windows-1252 by hand: Node 20's TextDecoder decodes that label as Latin-1, which turns
 * "€" and "œ" into invisible control characters (fixed in later Node versions).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

/** The canonical name of a declared charset ("latin1" gives "windows-1252"), or null when unknown. */
function encodingOf(charset: string | null | undefined): string | null {
  if (!charset) return null;
  try {
    return new TextDecoder(charset.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

/**
 * Decodes a text file: UTF-8 (BOM or not) or UTF-16 with a BOM; bytes that are not valid UTF-8
 * are read in the declared charset, else as windows-1252 (what Windows editors write for French).
 * Content that looks binary is refused, whatever its name.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), options);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
    } catch {
      throw binaryError(options.extension);
    }
    // UTF-16 text has NUL bytes, so look for control characters in the decoded text instead.
    if (looksBinary(new TextEncoder().encode(text.slice(0, SAMPLE_BYTES)))) throw binaryError(options.extension);
    return text;
  }
  return decodeUtf8(bytes, options);
}

function decodeUtf8(bytes: Uint8Array, options: DecodeTextOptions): string {
  if (looksBinary(bytes)) throw binaryError(options.extension);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a legacy single-byte encoding, as declared or the Windows default.
  }
  const declared = encodingOf(options.charset);
  if (declared && declared !== "utf-8" && declared !== "windows-1252") return new TextDecoder(declared).decode(bytes);
  if (declared !== "windows-1252" && highShare(bytes) > MAX_LEGACY_HIGH_SHARE) throw binaryError(options.extension);
  return decodeWindows1252(bytes);
}

/** The charset parameter of a media type ("text/csv; charset=iso-8859-1"), or null. */
export function charsetOf(mimeType: string | null | undefined): string | null {
  const match = mimeType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(mimeType) : null;
  return match?.[1] ?? null;
}
