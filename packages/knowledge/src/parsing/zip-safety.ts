import { unzipSync } from "fflate";
import JSZip from "jszip";
import { isCompoundFile, isEncryptedOfficeFile } from "./compound-file";
import { type DocumentFormat, FORMAT_NAMES } from "./detect-format";
import { ParseError } from "./parse-error";
import { type ParseContext, formatBytes, formatCount, throwIfAborted } from "./parse-limits";

/** Most entries an Office zip may hold (real documents hold tens to a few hundred). */
export const MAX_ZIP_ENTRIES = 10_000;
/** Entries declared larger than this must not be compressed more than MAX_COMPRESSION_RATIO. */
export const LARGE_ENTRY_BYTES = 1024 * 1024;
export const MAX_COMPRESSION_RATIO = 100;

type OfficeFormat = Extract<DocumentFormat, "docx" | "pptx" | "xlsx">;

const OLD_FORMATS: Record<OfficeFormat, string> = { docx: ".doc", pptx: ".ppt", xlsx: ".xls" };

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  declaredBytes: number;
}

function zipBomb(format: OfficeFormat, detail: string): ParseError {
  return new ParseError(
    "zip_bomb",
    `This ${FORMAT_NAMES[format]} was refused because ${detail}, which is how zip bombs are built; if it is genuine, split it into smaller files.`,
  );
}

function notAZip(bytes: Uint8Array, format: OfficeFormat, extension: string | null): ParseError {
  const named = extension ?? `.${format}`;
  if (isEncryptedOfficeFile(bytes)) {
    return new ParseError(
      "encrypted",
      `This ${FORMAT_NAMES[format]} is password-protected; remove the password and upload it again.`,
    );
  }
  if (isCompoundFile(bytes)) {
    return new ParseError(
      "corrupt",
      `This file is named ${named} but is in the older ${OLD_FORMATS[format]} format; save it as ${named} and upload it again.`,
    );
  }
  return new ParseError(
    "corrupt",
    `This file is named ${named} but is not a ${FORMAT_NAMES[format]}; it may be damaged or have the wrong extension.`,
  );
}

/** The entries of a zip as its central directory declares them, without decompressing anything. */
export function listZipEntries(bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  unzipSync(bytes, {
    filter(file) {
      entries.push({ name: file.name, compressedBytes: file.size, declaredBytes: file.originalSize });
      return false;
    },
  });
  return entries;
}

/** JSZip documents `internalStream` (a pausable stream of the entry's content) but does not type it. */
type StreamableEntry = JSZip.JSZipObject & { internalStream(type: "uint8array"): JSZip.JSZipStreamHelper<Uint8Array> };

/** Decompresses one entry as a stream, counting bytes: stops as soon as it exceeds `limit`. */
function inflatedSize(zip: JSZip, name: string, limit: number): Promise<number> {
  const file = zip.file(name) as StreamableEntry | null;
  if (!file) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    let total = 0;
    const stream = file.internalStream("uint8array");
    stream
      .on("data", (chunk) => {
        total += chunk.length;
        if (total > limit) {
          stream.pause();
          resolve(total);
        }
      })
      .on("error", reject)
      .on("end", () => resolve(total))
      .resume();
  });
}

/**
 * Opens an Office (OOXML) zip after checking it cannot explode: entry count, total declared
 * size, compression ratio of large entries, then the real size of every compressed entry,
 * streamed and stopped at its declared size (a zip can lie about sizes). A file that is not a
 * zip is corrupt, or encrypted when it is a password-protected Office file.
 */
export async function openOfficeZip(bytes: Uint8Array, format: OfficeFormat, context: ParseContext): Promise<JSZip> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) throw notAZip(bytes, format, context.extension);
  let entries: ZipEntryInfo[];
  try {
    entries = listZipEntries(bytes);
  } catch (e) {
    throw new ParseError("corrupt", `This ${FORMAT_NAMES[format]} is damaged and cannot be opened.`, { cause: e });
  }
  if (entries.length > MAX_ZIP_ENTRIES) {
    throw zipBomb(format, `it holds ${formatCount(entries.length)} files (at most ${formatCount(MAX_ZIP_ENTRIES)})`);
  }
  const { maxExpandedBytes } = context.limits;
  const totalDeclared = entries.reduce((sum, e) => sum + e.declaredBytes, 0);
  if (totalDeclared > maxExpandedBytes) {
    throw zipBomb(format, `it expands to ${formatBytes(totalDeclared)} (at most ${formatBytes(maxExpandedBytes)})`);
  }
  for (const entry of entries) {
    const ratio = entry.declaredBytes / Math.max(entry.compressedBytes, 1);
    if (entry.declaredBytes > LARGE_ENTRY_BYTES && ratio > MAX_COMPRESSION_RATIO) {
      throw zipBomb(format, `one of its parts expands ${Math.round(ratio)} times (${formatBytes(entry.declaredBytes)})`);
    }
  }

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new ParseError("corrupt", `This ${FORMAT_NAMES[format]} is damaged and cannot be opened.`, { cause: e });
  }
  let totalInflated = 0;
  for (const entry of entries) {
    if (entry.name.endsWith("/") || entry.compressedBytes === 0) continue;
    throwIfAborted(context.signal);
    const limit = Math.min(entry.declaredBytes, maxExpandedBytes - totalInflated);
    let size: number;
    try {
      size = await inflatedSize(zip, entry.name, limit);
    } catch (e) {
      throw new ParseError("corrupt", `This ${FORMAT_NAMES[format]} is damaged and cannot be opened.`, { cause: e });
    }
    if (size > limit) throw zipBomb(format, "one of its parts holds more data than it declares");
    totalInflated += size;
  }
  return zip;
}
