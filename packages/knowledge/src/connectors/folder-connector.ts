import { constants, type Dirent } from "node:fs";
import { open, readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Connector, ConnectorError, type SourceItem } from "./connector";
import { formatSize } from "./format-size";
import { mimeTypeForExtension } from "./mime-type";

export const DEFAULT_FOLDER_EXTENSIONS: readonly string[] = [
  ".pdf",
  ".docx",
  ".pptx",
  ".xlsx",
  ".csv",
  ".html",
  ".htm",
  ".md",
  ".markdown",
  ".txt",
  ".json",
];

const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Folders deeper than this are not listed (bounds trees that links make very deep). */
const MAX_FOLDER_DEPTH = 40;

export interface FolderConnectorOptions {
  /** Absolute path of the folder on the server. */
  path: string;
  /** Folders the administrator allows sources to point into. */
  allowedRoots: string[];
  /** File extensions listed, with or without the dot, any case. Default DEFAULT_FOLDER_EXTENSIONS. */
  extensions?: readonly string[];
  /** Larger files are listed but read() throws too_large. Default 50 MB. */
  maxFileBytes?: number;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True when `target` is `root` or below it (both absolute and normalised). */
function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** The real paths of the allowed roots that exist. */
async function realRoots(allowedRoots: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const root of allowedRoots) {
    if (!isAbsolute(root)) continue;
    try {
      roots.push(await realpath(root));
    } catch {
      // A root that does not exist (yet) allows nothing.
    }
  }
  return roots;
}

function notAllowed(path: string): ConnectorError {
  return new ConnectorError(
    "path_not_allowed",
    `The folder "${path}" is outside the folders Atelier may read on this server. Ask an administrator to allow it.`,
  );
}

async function resolveInRoots(path: string, allowedRoots: string[]): Promise<{ folder: string; roots: string[] }> {
  if (typeof path !== "string" || path.trim() === "" || path.includes("\0")) {
    throw new ConnectorError("path_not_allowed", "The folder path is empty or not valid.");
  }
  if (!isAbsolute(path)) {
    throw new ConnectorError("path_not_allowed", `The folder "${path}" must be an absolute path, such as /srv/documents.`);
  }
  const roots = await realRoots(allowedRoots);
  if (roots.length === 0) {
    throw new ConnectorError(
      "path_not_allowed",
      "No server folder may be synced: an administrator must first allow the folders Atelier may read.",
    );
  }
  let folder: string;
  try {
    folder = await realpath(path);
  } catch (error) {
    const code = errorCode(error);
    // Only say "not found" inside an allowed root, so the check cannot probe the rest of the disk.
    const lexical = resolve(path);
    const underRoot = roots.some((r) => isInside(r, lexical)) || allowedRoots.some((r) => isAbsolute(r) && isInside(resolve(r), lexical));
    if ((code === "ENOENT" || code === "ENOTDIR") && underRoot) {
      throw new ConnectorError("not_found", `The folder "${path}" does not exist.`, { cause: error });
    }
    if ((code === "EACCES" || code === "EPERM") && underRoot) {
      throw new ConnectorError("path_not_allowed", `The operating system does not let Atelier open the folder "${path}".`, {
        cause: error,
      });
    }
    throw notAllowed(path);
  }
  if (!roots.some((r) => isInside(r, folder))) throw notAllowed(path);
  const info = await stat(folder);
  if (!info.isDirectory()) throw new ConnectorError("not_a_directory", `"${path}" is a file, not a folder.`);
  return { folder, roots };
}

/**
 * The real path of `path` (symlinks and `..` resolved) when it is a folder inside the real path
 * of one of the allowed roots; otherwise a ConnectorError (path_not_allowed, not_found,
 * not_a_directory). Comparison is by path components, so /data/docs-evil is not inside /data/docs.
 */
export async function resolveAllowedFolder(path: string, allowedRoots: string[]): Promise<string> {
  return (await resolveInRoots(path, allowedRoots)).folder;
}

function normaliseExtension(extension: string): string {
  const lower = extension.trim().toLowerCase();
  return lower.startsWith(".") ? lower : `.${lower}`;
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Hidden files and folders (.git, .DS_Store) and Office lock files (~$report.docx). */
function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("~$");
}

/**
 * A folder on the server, listed recursively in a deterministic order (entries sorted by name,
 * depth first). Symlinks are followed only when their target is inside an allowed root, and
 * never to a folder that contains them, so loops end; a file reached through a link is listed
 * under the link's path. Files over maxFileBytes are listed (the
 * pipeline reports them) but read() throws too_large. A folder that cannot be read makes the
 * listing throw rather than come back incomplete.
 */
export function createFolderConnector(options: FolderConnectorOptions): Connector {
  const extensions = new Set((options.extensions ?? DEFAULT_FOLDER_EXTENSIONS).map(normaliseExtension));
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  function fileItem(realFile: string, relPath: string, location: string, size: number, mtimeMs: number, roots: string[]): SourceItem {
    const extension = extname(relPath).toLowerCase();
    const name = basename(relPath);
    return {
      externalId: relPath,
      title: name.slice(0, name.length - extension.length) || name,
      location,
      modifiedAt: Math.floor(mtimeMs),
      size,
      mimeType: mimeTypeForExtension(extension),
      read: (signal) => readFileWithin(realFile, location, roots, maxFileBytes, signal),
    };
  }

  async function* walk(
    dir: string,
    relDir: string,
    folder: string,
    roots: string[],
    ancestors: Set<string>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SourceItem> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      const shown = join(folder, relDir);
      // A subfolder deleted during the listing: its files are gone, which the listing reports.
      if (code === "ENOENT" && relDir !== "") return;
      if (code === "ENOENT") throw new ConnectorError("not_found", `The folder "${shown}" does not exist.`, { cause: error });
      if (code === "EACCES" || code === "EPERM") {
        throw new ConnectorError("path_not_allowed", `The operating system does not let Atelier read the folder "${shown}".`, {
          cause: error,
        });
      }
      throw new ConnectorError("unreachable", `The folder "${shown}" could not be read (${code ?? "unknown error"}).`, { cause: error });
    }
    entries.sort(byName);
    for (const entry of entries) {
      signal?.throwIfAborted();
      if (isSkippedName(entry.name)) continue;
      const relPath = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      let real = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(real);
        } catch {
          continue; // dangling link
        }
        if (!roots.some((r) => isInside(r, real))) continue;
      } else if (!entry.isDirectory() && !entry.isFile()) {
        continue; // sockets, fifos, devices
      }
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(real);
      } catch (error) {
        if (errorCode(error) === "ENOENT") continue; // deleted during the listing
        throw error;
      }
      if (info.isDirectory()) {
        // A link to a folder that contains it would loop.
        if (ancestors.has(real) || ancestors.size >= MAX_FOLDER_DEPTH) continue;
        ancestors.add(real);
        yield* walk(real, relPath, folder, roots, ancestors, signal);
        ancestors.delete(real);
      } else if (info.isFile() && extensions.has(extname(entry.name).toLowerCase())) {
        yield fileItem(real, relPath, join(folder, ...relPath.split("/")), info.size, info.mtimeMs, roots);
      }
    }
  }

  return {
    kind: "folder",
    async *list(signal) {
      signal?.throwIfAborted();
      const { folder, roots } = await resolveInRoots(options.path, options.allowedRoots);
      yield* walk(folder, "", folder, roots, new Set([folder]), signal);
    },
  };
}

/**
 * Reads a listed file, checking again that its real path is inside an allowed root (the tree
 * may have changed since the listing) and that it is not over the size limit.
 */
async function readFileWithin(
  file: string,
  shown: string,
  roots: string[],
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  signal?.throwIfAborted();
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    throw new ConnectorError("not_found", `The file "${shown}" no longer exists.`, { cause: error });
  }
  if (!roots.some((r) => isInside(r, real))) {
    throw new ConnectorError("path_not_allowed", `The file "${shown}" now points outside the folders Atelier may read.`);
  }
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ConnectorError("not_found", `"${shown}" is no longer a file.`);
    if (info.size > maxBytes) throw tooLarge(shown, info.size, maxBytes);
    const bytes = await handle.readFile({ signal });
    // The file may have grown between stat and read.
    if (bytes.byteLength > maxBytes) throw tooLarge(shown, bytes.byteLength, maxBytes);
    return bytes;
  } finally {
    await handle.close();
  }
}

function tooLarge(shown: string, size: number, maxBytes: number): ConnectorError {
  return new ConnectorError("too_large", `The file "${shown}" is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit.`);
}
