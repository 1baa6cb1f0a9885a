import { open, readdir, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { basename, extname, join } from "node:path";
import { LocalModelError } from "./local-model-error";

export interface LocalModelFile {
  /** File name without the `.gguf` extension. */
  name: string;
  path: string;
  sizeBytes: number;
}

const ggufMagic = Buffer.from("GGUF", "ascii");

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Checks that the path is a readable file starting with the GGUF magic bytes, before llama.cpp sees it. */
export async function assertGgufFile(modelPath: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(modelPath);
  } catch (error) {
    if (isMissing(error)) throw new LocalModelError("not_found", `The model file "${modelPath}" does not exist.`, { cause: error });
    throw new LocalModelError("load_failed", `The model file "${modelPath}" could not be read.`, { cause: error });
  }
  if (info.isDirectory()) throw new LocalModelError("not_gguf", `"${modelPath}" is a folder, not a GGUF model file.`);
  const head = Buffer.alloc(4);
  let bytesRead = 0;
  try {
    const handle = await open(modelPath, "r");
    try {
      ({ bytesRead } = await handle.read(head, 0, 4, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new LocalModelError("load_failed", `The model file "${modelPath}" could not be read.`, { cause: error });
  }
  if (bytesRead < 4 || !head.equals(ggufMagic)) throw new LocalModelError("not_gguf", `"${modelPath}" is not a GGUF model file.`);
}

/** The `.gguf` files of a file or folder (recursive, sorted by path). */
export async function listModelFiles(path: string): Promise<LocalModelFile[]> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if (isMissing(error)) throw new LocalModelError("not_found", `The model path "${path}" does not exist.`, { cause: error });
    throw error;
  }
  const describe = (filePath: string, sizeBytes: number): LocalModelFile => ({ name: basename(filePath, extname(filePath)), path: filePath, sizeBytes });
  const isGguf = (name: string) => name.toLowerCase().endsWith(".gguf");
  if (!info.isDirectory()) return isGguf(path) ? [describe(path, info.size)] : [];

  const found: LocalModelFile[] = [];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!isGguf(entry.name)) continue;
    const filePath = join(entry.parentPath, entry.name);
    const fileInfo = await stat(filePath).catch(() => undefined);
    if (fileInfo?.isFile()) found.push(describe(filePath, fileInfo.size));
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
