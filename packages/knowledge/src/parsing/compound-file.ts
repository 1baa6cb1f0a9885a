/**
 * Microsoft's Compound File Binary format (the container of .doc/.xls/.ppt and of
 * password-protected .docx/.xlsx/.pptx). Only what is needed to tell those apart.
 */
const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEADER_BYTES = 512;
const ENTRY_BYTES = 128;

export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_BYTES && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Names of the entries in the first directory sector (the root and the first streams, which is
 * where Office puts "EncryptionInfo" and "EncryptedPackage"). Empty when the header is damaged.
 */
export function compoundFileEntryNames(bytes: Uint8Array): string[] {
  if (!isCompoundFile(bytes)) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorShift = view.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return [];
  const sectorSize = 1 << sectorShift;
  const firstDirectorySector = view.getUint32(0x30, true);
  // Sector n starts after the header, which takes one whole sector.
  const start = (firstDirectorySector + 1) * sectorSize;
  const end = Math.min(start + sectorSize, bytes.length);
  const names: string[] = [];
  for (let offset = start; offset + ENTRY_BYTES <= end; offset += ENTRY_BYTES) {
    const type = view.getUint8(offset + 0x42);
    const nameBytes = view.getUint16(offset + 0x40, true);
    if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
    // UTF-16LE, counted with its terminating NUL.
    names.push(new TextDecoder("utf-16le").decode(bytes.subarray(offset, offset + nameBytes - 2)));
  }
  return names;
}

/** A password-protected Office document: an encrypted package inside a compound file. */
export function isEncryptedOfficeFile(bytes: Uint8Array): boolean {
  const names = compoundFileEntryNames(bytes);
  return names.includes("EncryptedPackage") || names.includes("EncryptionInfo");
}
