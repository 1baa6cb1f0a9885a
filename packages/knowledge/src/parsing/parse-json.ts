import { BlockCollector } from "./block-collector";
import { charsetOf, decodeText } from "./decode-text";
import { ParseError } from "./parse-error";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";

/** Leaf values kept from one JSON file; the rest is left out of the index. */
export const MAX_JSON_LEAVES = 100_000;

function keyPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const safe = key !== "" && !/[.[\]]/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === "") return safe;
  return safe.startsWith("[") ? `${parent}${safe}` : `${parent}.${safe}`;
}

function leafText(value: unknown): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : String(value);
}

/**
 * "path: value" lines for the leaves under `value` (depth-first, in document order), without
 * recursion so that deep nesting cannot overflow the stack.
 */
function leafLines(value: unknown, path: string, budget: { leaves: number }): string[] {
  const lines: string[] = [];
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0 && budget.leaves > 0) {
    const [current, currentPath] = stack.pop()!;
    if (current !== null && typeof current === "object") {
      const entries: [string | number, unknown][] = Array.isArray(current)
        ? current.map((v, i) => [i, v])
        : Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], keyPath(currentPath, entries[i]![0])]);
      continue;
    }
    const text = leafText(current);
    if (text === "") continue;
    budget.leaves--;
    lines.push(currentPath === "" ? text : `${currentPath}: ${text}`);
  }
  return lines;
}

/** JSON: the leaf values with their key paths ("employees[0].name: Alice"), one block per top-level entry. */
export async function parseJson(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const text = decodeText(bytes, { extension: context.extension, charset: charsetOf(context.mimeType) });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ParseError("corrupt", "This JSON file is not valid JSON; check that it is complete and well formed.", {
      cause: e,
    });
  }
  const out = new BlockCollector(context.limits.maxCharacters);
  const budget = { leaves: MAX_JSON_LEAVES };
  const entries: [string | number, unknown][] =
    value !== null && typeof value === "object"
      ? Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : Object.entries(value)
      : [];
  if (entries.length === 0) out.paragraph(leafLines(value, "", budget).join("\n"));
  for (const [key, entry] of entries) {
    if (budget.leaves <= 0) break;
    out.paragraph(leafLines(entry, keyPath("", key), budget).join("\n"));
  }
  return { format: "json", title: null, blocks: out.blocks, pageCount: null };
}
