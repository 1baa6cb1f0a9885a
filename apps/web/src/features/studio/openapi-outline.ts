/**
 * A lightweight reading of an OpenAPI specification in the browser, only to list its operations
 * so the builder can pick them. JSON is parsed; YAML is scanned line by line for `paths:`, the
 * methods under each path and their `operationId:` / `summary:`. The server reads the
 * specification fully when the assistant runs and remains the judge of what is valid.
 */

export interface OutlineOperation {
  /** The spec's operationId, or the method_path slug the server gives operations without one. */
  operationId: string;
  method: string;
  path: string;
  summary?: string;
}

export interface OpenApiOutline {
  title: string | null;
  servers: string[];
  operations: OutlineOperation[];
  /** Why nothing could be listed: not JSON that parses, a Swagger 2 document, or no paths. */
  problem?: "invalid_json" | "swagger" | "no_paths";
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Same slug as the server's parser, so a picked operation without an operationId is found again. */
function slug(method: string, path: string): string {
  return `${method}_${path}`.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

function withIds(raw: { method: string; path: string; operationId?: string; summary?: string }[]): OutlineOperation[] {
  const ids = new Set<string>();
  return raw.map((op) => {
    let operationId = op.operationId?.trim();
    if (!operationId) {
      operationId = slug(op.method, op.path);
      for (let n = 2; ids.has(operationId); n++) operationId = `${slug(op.method, op.path)}_${n}`;
    }
    ids.add(operationId);
    return { operationId, method: op.method.toUpperCase(), path: op.path, ...(op.summary?.trim() ? { summary: op.summary.trim() } : {}) };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fromJson(text: string): OpenApiOutline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { title: null, servers: [], operations: [], problem: "invalid_json" };
  }
  if (!isObject(doc)) return { title: null, servers: [], operations: [], problem: "invalid_json" };
  const title = isObject(doc.info) && typeof doc.info.title === "string" ? doc.info.title : null;
  const servers = Array.isArray(doc.servers)
    ? doc.servers.flatMap((s) => (isObject(s) && typeof s.url === "string" ? [fillVariables(s.url, isObject(s.variables) ? s.variables : {})] : []))
    : [];
  if (doc.swagger !== undefined && doc.openapi === undefined) return { title, servers, operations: [], problem: "swagger" };
  const raw: { method: string; path: string; operationId?: string; summary?: string }[] = [];
  if (isObject(doc.paths)) {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        raw.push({
          method,
          path,
          ...(typeof op.operationId === "string" ? { operationId: op.operationId } : {}),
          ...(typeof op.summary === "string" ? { summary: op.summary } : {}),
        });
      }
    }
  }
  return { title, servers, operations: withIds(raw), ...(raw.length === 0 ? { problem: "no_paths" as const } : {}) };
}

function fillVariables(url: string, variables: Record<string, unknown>): string {
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = variables[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : whole;
  });
}

/** A YAML scalar without its quotes and trailing comment. */
function scalar(value: string): string {
  const v = value.trim();
  const quoted = v.match(/^("([^"]*)"|'([^']*)')\s*(#.*)?$/);
  if (quoted) return quoted[2] ?? quoted[3] ?? "";
  const comment = v.search(/\s#/);
  return (comment === -1 ? v : v.slice(0, comment)).trim();
}

interface Line {
  indent: number;
  /** The line without indentation; a leading "- " is kept. */
  text: string;
}

/** `key: value` of a line (the key unquoted), or null. */
function keyValue(text: string): { key: string; value: string } | null {
  const m = text.match(/^("[^"]*"|'[^']*'|[^:#]+?)\s*:(?:\s+(.*))?$/);
  if (!m) return null;
  return { key: scalar(m[1]!), value: m[2] ?? "" };
}

function fromYaml(text: string): OpenApiOutline {
  const lines: Line[] = text
    .split(/\r?\n/)
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
  let title: string | null = null;
  const servers: string[] = [];
  const raw: { method: string; path: string; operationId?: string; summary?: string }[] = [];
  let swagger = false;
  let openapi = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.indent !== 0) continue;
    const kv = keyValue(line.text);
    if (!kv) continue;
    if (kv.key === "swagger") swagger = true;
    if (kv.key === "openapi") openapi = true;
    // The block of a top-level key: the following lines indented more.
    let end = i + 1;
    while (end < lines.length && lines[end]!.indent > 0) end++;
    const block = lines.slice(i + 1, end);
    if (kv.key === "info") {
      const first = block[0]?.indent;
      const titleLine = block.find((l) => l.indent === first && keyValue(l.text)?.key === "title");
      if (titleLine) title = scalar(keyValue(titleLine.text)!.value) || null;
    } else if (kv.key === "servers") {
      for (const l of block) {
        const m = l.text.match(/^-\s*url\s*:\s*(.+)$/) ?? (l.text.startsWith("- ") ? null : l.text.match(/^url\s*:\s*(.+)$/));
        if (m) servers.push(scalar(m[1]!));
      }
    } else if (kv.key === "paths") {
      const pathIndent = block[0]?.indent;
      for (let p = 0; p < block.length; p++) {
        const pathLine = block[p]!;
        if (pathLine.indent !== pathIndent) continue;
        const pathKv = keyValue(pathLine.text);
        if (!pathKv?.key.startsWith("/")) continue;
        let pathEnd = p + 1;
        while (pathEnd < block.length && block[pathEnd]!.indent > pathIndent) pathEnd++;
        const item = block.slice(p + 1, pathEnd);
        const methodIndent = item[0]?.indent;
        for (let m = 0; m < item.length; m++) {
          const methodLine = item[m]!;
          if (methodLine.indent !== methodIndent) continue;
          const method = keyValue(methodLine.text)?.key.toLowerCase();
          if (!method || !(METHODS as readonly string[]).includes(method)) continue;
          let opEnd = m + 1;
          while (opEnd < item.length && item[opEnd]!.indent > methodIndent!) opEnd++;
          const op = item.slice(m + 1, opEnd);
          const fieldIndent = op[0]?.indent;
          const field = (name: string) => {
            const l = op.find((x) => x.indent === fieldIndent && keyValue(x.text)?.key === name);
            return l ? scalar(keyValue(l.text)!.value) : undefined;
          };
          const operationId = field("operationId");
          const summary = field("summary");
          raw.push({ method, path: pathKv.key, ...(operationId ? { operationId } : {}), ...(summary ? { summary } : {}) });
        }
      }
    }
    i = end - 1;
  }
  if (swagger && !openapi) return { title, servers, operations: [], problem: "swagger" };
  return { title, servers, operations: withIds(raw), ...(raw.length === 0 ? { problem: "no_paths" as const } : {}) };
}

/** The operations of a specification, JSON or YAML, as far as a quick reading can tell. */
export function outlineOpenApi(text: string): OpenApiOutline {
  const trimmed = text.trim();
  if (!trimmed) return { title: null, servers: [], operations: [], problem: "no_paths" };
  return trimmed.startsWith("{") ? fromJson(trimmed) : fromYaml(text);
}

/** Whether calling this method changes something, so the assistant asks the user first (as the server does). */
export function asksBeforeRunning(method: string): boolean {
  const m = method.toUpperCase();
  return m !== "GET" && m !== "HEAD";
}
