import { type HTMLElement, type Node, NodeType, parse, type TextNode } from "node-html-parser";
import type { BlockCollector } from "./block-collector";
import { looksLikeHeader, tableText } from "./table-text";

/** Elements whose content is never document text. */
const NEVER_TEXT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "canvas",
  "select",
  "textarea",
  "button",
  "head",
]);
/** Page furniture: menus, sidebars, site header and footer. */
const FURNITURE = new Set(["nav", "aside", "header", "footer"]);
const FURNITURE_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search"]);
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
/** Elements that start a new block; anything else is inline and flows into the current paragraph. */
const BLOCKS = new Set([
  "address",
  "article",
  "blockquote",
  "body",
  "caption",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "form",
  "hgroup",
  "hr",
  "html",
  "legend",
  "li",
  "main",
  "p",
  "section",
  "summary",
]);

export interface HtmlBlocksResult {
  /** The <title>, when the page has one. */
  title: string | null;
}

const collapse = (text: string) => text.replace(/[\s\u00a0]+/g, " ");

function tagOf(node: Node): string | null {
  return node.nodeType === NodeType.ELEMENT_NODE ? ((node as HTMLElement).rawTagName?.toLowerCase() ?? null) : null;
}

/** A header or footer inside an article or main section belongs to the content, not the site. */
function insideContent(element: HTMLElement): boolean {
  for (let parent = element.parentNode; parent; parent = parent.parentNode) {
    const tag = parent.rawTagName?.toLowerCase();
    if (tag === "article" || tag === "main") return true;
  }
  return false;
}

function isSkipped(element: HTMLElement, tag: string): boolean {
  if (NEVER_TEXT.has(tag)) return true;
  if (element.getAttribute("hidden") !== undefined || element.getAttribute("aria-hidden") === "true") return true;
  const role = element.getAttribute("role");
  const furniture = FURNITURE.has(tag) || (role !== undefined && FURNITURE_ROLES.has(role));
  return furniture && !((tag === "header" || tag === "footer") && insideContent(element));
}

/** The visible text of an element on one line (nested blocks and tables flattened). */
function inlineText(node: Node): string {
  return collapse(rawInlineText(node)).trim();
}

/** Like inlineText, without trimming: for concatenating sibling nodes. */
function rawInlineText(node: Node): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.nodeType === NodeType.TEXT_NODE) {
      parts.push((n as TextNode).text);
      return;
    }
    const tag = tagOf(n);
    if (tag === null) return;
    const element = n as HTMLElement;
    if (isSkipped(element, tag)) return;
    if (tag === "br" || BLOCKS.has(tag) || tag === "td" || tag === "th" || tag === "tr") parts.push(" ");
    if (tag === "img") parts.push(element.getAttribute("alt") ?? "");
    for (const child of element.childNodes) visit(child);
    if (BLOCKS.has(tag) || tag === "td" || tag === "th") parts.push(" ");
  };
  visit(node);
  return parts.join("");
}

/** Text with its line breaks, for <pre>. */
function preformattedText(element: HTMLElement): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.nodeType === NodeType.TEXT_NODE) parts.push((n as TextNode).text);
    else if (tagOf(n) === "br") parts.push("\n");
    else if (tagOf(n) !== null && !isSkipped(n as HTMLElement, tagOf(n)!)) for (const child of n.childNodes) visit(child);
  };
  visit(element);
  return parts.join("").replace(/\r\n?/g, "\n");
}

/** Rows of a table, without the rows of tables nested in its cells. */
function tableRows(table: HTMLElement): { rows: string[][]; headerRow: boolean } {
  const rows: string[][] = [];
  let headerRow = false;
  const visit = (element: HTMLElement, inHead: boolean) => {
    for (const child of element.childNodes) {
      const tag = tagOf(child);
      if (tag === "tr") {
        const cells = (child as HTMLElement).childNodes.filter((c) => tagOf(c) === "td" || tagOf(c) === "th");
        if (cells.length === 0) continue;
        if (rows.length === 0) headerRow = inHead || cells.every((c) => tagOf(c) === "th");
        rows.push(cells.map((c) => inlineText(c)));
      } else if (tag === "thead" || tag === "tbody" || tag === "tfoot") {
        visit(child as HTMLElement, tag === "thead");
      }
    }
  };
  visit(table, false);
  return { rows, headerRow };
}

/** A list as "- item" lines ("1. item" when ordered), nested lists indented. */
function listText(list: HTMLElement, depth = 0): string {
  const lines: string[] = [];
  const ordered = tagOf(list) === "ol";
  let number = Number(list.getAttribute("start") ?? "1") || 1;
  for (const item of list.childNodes) {
    if (tagOf(item) !== "li") continue;
    const nested: HTMLElement[] = [];
    const own: Node[] = [];
    for (const child of item.childNodes) {
      const tag = tagOf(child);
      if (tag === "ul" || tag === "ol") nested.push(child as HTMLElement);
      else own.push(child);
    }
    // Read the item's own children as one inline run, so inline markup keeps its spacing
    // ("Open <b>Knowledge</b>." stays "Open Knowledge.").
    const text = own.map((n) => rawInlineText(n)).join("");
    const marker = ordered ? `${number++}.` : "-";
    const line = collapse(text).trim();
    if (line !== "") lines.push(`${"  ".repeat(depth)}${marker} ${line}`);
    for (const sub of nested) {
      const subText = listText(sub, depth + 1);
      if (subText !== "") lines.push(subText);
    }
  }
  return lines.join("\n");
}

/**
 * Walks an HTML document into blocks: h1–h6 become headings, lists, tables and <pre> their own
 * blocks, other text flows into paragraphs; scripts, styles, menus, sidebars and the site's
 * header and footer are left out.
 */
export function htmlToBlocks(html: string, out: BlockCollector): HtmlBlocksResult {
  // The parser keeps a doctype or an XML declaration as text.
  const markup = html.replace(/^(\s*<!doctype[^>]*>|\s*<\?xml[^>]*\?>)+/i, "");
  const root = parse(markup, {
    comment: false,
    blockTextElements: { script: false, noscript: false, style: false, textarea: false },
  });
  const titleElement = root.querySelector("title");
  const title = titleElement ? collapse(titleElement.text).trim() || null : null;

  let inline: string[] = [];
  const flush = () => {
    if (inline.length === 0) return;
    out.paragraph(collapse(inline.join("")));
    inline = [];
  };

  const visit = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      inline.push((node as TextNode).text);
      return;
    }
    const tag = tagOf(node);
    if (tag === null) {
      // The root and fragments have no tag: walk their children.
      if (node.nodeType === NodeType.ELEMENT_NODE) for (const child of node.childNodes) visit(child);
      return;
    }
    const element = node as HTMLElement;
    if (isSkipped(element, tag) || tag === "title") return;
    const level = HEADINGS[tag];
    if (level !== undefined) {
      flush();
      out.heading(inlineText(element), level);
      return;
    }
    switch (tag) {
      case "br":
        inline.push(" ");
        return;
      case "img":
        return;
      case "ul":
      case "ol":
        flush();
        out.list(listText(element));
        return;
      case "table": {
        flush();
        const { rows, headerRow } = tableRows(element);
        // Word tables (through mammoth) have no <th>: a first row of distinct labels is a header too.
        out.table(tableText(rows, { header: headerRow || looksLikeHeader(rows) }));
        return;
      }
      case "pre":
        flush();
        out.paragraph(preformattedText(element));
        return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of element.childNodes) visit(child);
    if (block) flush();
  };
  visit(root);
  flush();
  return { title };
}
