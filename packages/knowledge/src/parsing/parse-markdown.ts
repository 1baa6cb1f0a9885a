import { marked, type Token, type Tokens } from "marked";
import { BlockCollector } from "./block-collector";
import { charsetOf, decodeText } from "./decode-text";
import { htmlToBlocks } from "./html-to-blocks";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { tableText } from "./table-text";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Character references left in Markdown text by the lexer ("Tom &amp; Jerry"). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text of inline tokens: emphasis, links and code spans keep their text, inline HTML tags go. */
function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return "";
  let text = "";
  for (const token of tokens) {
    switch (token.type) {
      case "html":
      case "checkbox":
        break;
      case "br":
        text += "\n";
        break;
      case "codespan":
      case "escape":
        text += token.text;
        break;
      case "image":
        text += token.text;
        break;
      case "text":
        text += token.tokens ? inlineText(token.tokens) : decodeEntities(token.text);
        break;
      default:
        if ("tokens" in token && token.tokens) text += inlineText(token.tokens);
        else if ("text" in token) text += decodeEntities(String(token.text));
    }
  }
  return text;
}

function listText(list: Tokens.List, depth: number): string {
  const lines: string[] = [];
  const start = typeof list.start === "number" ? list.start : 1;
  list.items.forEach((item, i) => {
    const marker = list.ordered ? `${start + i}.` : "-";
    const box = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
    const own: string[] = [];
    const nested: string[] = [];
    for (const token of item.tokens) {
      if (token.type === "list") nested.push(listText(token as Tokens.List, depth + 1));
      else own.push(token.type === "text" || token.type === "paragraph" ? inlineText(token.tokens) : inlineText([token]));
    }
    lines.push(`${"  ".repeat(depth)}${marker} ${box}${own.join(" ").replace(/\s+/g, " ").trim()}`);
    lines.push(...nested.filter((n) => n !== ""));
  });
  return lines.join("\n");
}

function collect(tokens: Token[], out: BlockCollector): void {
  for (const token of tokens) {
    switch (token.type) {
      case "heading":
        out.heading(inlineText(token.tokens).replace(/\s+/g, " "), token.depth);
        break;
      case "paragraph":
      case "text":
        out.paragraph(token.tokens ? inlineText(token.tokens) : decodeEntities(token.text));
        break;
      case "list":
        out.list(listText(token as Tokens.List, 0));
        break;
      case "table": {
        const table = token as Tokens.Table;
        const rows = [table.header.map((c) => inlineText(c.tokens)), ...table.rows.map((r) => r.map((c) => inlineText(c.tokens)))];
        out.table(tableText(rows, { header: true }));
        break;
      }
      case "code":
        out.paragraph(token.text);
        break;
      case "blockquote":
        collect(token.tokens ?? [], out);
        break;
      case "html":
        htmlToBlocks(token.text, out);
        break;
    }
  }
}

/** The YAML front matter at the top of a file ("---\ntitle: ...\n---"), and the rest. */
function splitFrontMatter(text: string): { title: string | null; body: string } {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { title: null, body: text };
  const title = /^title:[ \t]*(.+)$/m.exec(match[1]!)?.[1]?.trim().replace(/^(["'])(.*)\1$/, "$2") ?? null;
  return { title: title || null, body: text.slice(match[0].length) };
}

/** Markdown through marked's lexer: headings, paragraphs, lists, tables, code, quotes. */
export async function parseMarkdown(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const text = decodeText(bytes, { extension: context.extension, charset: charsetOf(context.mimeType) }).replace(/\r\n?/g, "\n");
  const { title, body } = splitFrontMatter(text);
  const out = new BlockCollector(context.limits.maxCharacters);
  collect(marked.lexer(body, { gfm: true }), out);
  return { format: "markdown", title: title ?? out.firstTopHeading(), blocks: out.blocks, pageCount: null };
}
