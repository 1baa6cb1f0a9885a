import { BlockCollector } from "./block-collector";
import { ParseError } from "./parse-error";
import { type ParseContext, formatCount, throwIfAborted } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { isType, readPart, relationshipsOf } from "./office-parts";
import { tableText } from "./table-text";
import { attributeOf, childOf, childrenOf, coreTitle, descendantsOf, parseXml, tagOf, textOf, type XmlNode } from "./xml-tree";
import { openOfficeZip } from "./zip-safety";

const TITLE_PLACEHOLDERS = new Set(["title", "ctrTitle"]);

interface SlideContent {
  title: string | null;
  /** Text of the other shapes and tables, in the order of the slide's shape tree. */
  items: { kind: "paragraph" | "table"; text: string }[];
}

/** One paragraph of a text body: its runs, fields and line breaks. */
function paragraphText(paragraph: XmlNode): string {
  let text = "";
  for (const child of childrenOf(paragraph)) {
    const tag = tagOf(child);
    if (tag === "r" || tag === "fld") text += childOf(child, "t") ? textOf(childOf(child, "t")!) : "";
    else if (tag === "br") text += "\n";
  }
  return text;
}

function bodyText(txBody: XmlNode | undefined): string {
  if (!txBody) return "";
  return childrenOf(txBody)
    .filter((c) => tagOf(c) === "p")
    .map(paragraphText)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}

function placeholderType(shape: XmlNode): string | null {
  const ph = descendantsOf([childOf(shape, "nvSpPr") ?? {}], "ph")[0];
  if (!ph) return null;
  return attributeOf(ph, "type") ?? "body";
}

function tableOf(frame: XmlNode): string {
  const table = descendantsOf([frame], "tbl")[0];
  if (!table) return "";
  const rows = childrenOf(table)
    .filter((r) => tagOf(r) === "tr")
    .map((row) =>
      childrenOf(row)
        .filter((c) => tagOf(c) === "tc")
        .map((cell) => bodyText(childOf(cell, "txBody"))),
    );
  const properties = childOf(table, "tblPr");
  const header = properties !== undefined && attributeOf(properties, "firstRow") === "1";
  return tableText(rows, { header: header && rows.length > 1 });
}

/** Walks a shape tree (or a group) in order. */
function collectShapes(tree: XmlNode, slide: SlideContent, onlyBody: boolean): void {
  for (const child of childrenOf(tree)) {
    switch (tagOf(child)) {
      case "sp": {
        const type = placeholderType(child);
        const text = bodyText(childOf(child, "txBody"));
        if (type !== null && TITLE_PLACEHOLDERS.has(type) && slide.title === null && !onlyBody) {
          slide.title = text.replace(/\s+/g, " ").trim() || null;
        } else if (!onlyBody || type === "body") {
          slide.items.push({ kind: "paragraph", text });
        }
        break;
      }
      case "grpSp":
        collectShapes(child, slide, onlyBody);
        break;
      case "graphicFrame":
        if (!onlyBody) slide.items.push({ kind: "table", text: tableOf(child) });
        break;
      case "AlternateContent": {
        // Newer content with a fallback for older readers: the first choice only, not both.
        const choice = childOf(child, "Choice") ?? childOf(child, "Fallback");
        if (choice) collectShapes(choice, slide, onlyBody);
        break;
      }
    }
  }
}

/** The text of a slide, or of its notes page (`onlyBody`: the notes' body placeholder). */
function slideContent(xml: string, onlyBody: boolean): SlideContent {
  const slide: SlideContent = { title: null, items: [] };
  const root = parseXml(xml).find((n) => tagOf(n) === "sld" || tagOf(n) === "notes");
  const tree = root && childOf(childOf(root, "cSld") ?? {}, "spTree");
  if (tree) collectShapes(tree, slide, onlyBody);
  return slide;
}

/** PowerPoint: one level-1 heading per slide (its title, else "Slide N"), then its text, tables and notes. */
export async function parsePptx(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const zip = await openOfficeZip(bytes, "pptx", context);
  const presentationPath = (await relationshipsOf(zip, "")).find((r) => isType(r, "officeDocument"))?.path;
  const presentationXml = presentationPath ? await readPart(zip, presentationPath) : null;
  if (!presentationPath || presentationXml === null) {
    throw new ParseError("corrupt", "This file is named .pptx but is not a PowerPoint presentation.");
  }
  const relationships = new Map((await relationshipsOf(zip, presentationPath)).map((r) => [r.id, r]));
  const slidePaths = descendantsOf(parseXml(presentationXml), "sldId")
    .map((s) => relationships.get(attributeOf(s, "r:id") ?? ""))
    .filter((r) => r !== undefined && isType(r, "slide") && r.path !== null)
    .map((r) => r!.path!);
  if (slidePaths.length > context.limits.maxPages) {
    throw new ParseError(
      "too_large",
      `This presentation has ${formatCount(slidePaths.length)} slides, more than the ${formatCount(context.limits.maxPages)} allowed; split it into smaller files.`,
    );
  }

  const out = new BlockCollector(context.limits.maxCharacters);
  let firstTitle: string | null = null;
  for (const [index, path] of slidePaths.entries()) {
    throwIfAborted(context.signal);
    const page = index + 1;
    const xml = await readPart(zip, path);
    if (xml === null) continue;
    const slide = slideContent(xml, false);
    firstTitle ??= slide.title;
    out.heading(slide.title ?? `Slide ${page}`, 1, page);
    for (const item of slide.items) out.add(item.kind, item.text, page);
    const notesPath = (await relationshipsOf(zip, path)).find((r) => isType(r, "notesSlide"))?.path;
    const notesXml = notesPath ? await readPart(zip, notesPath) : null;
    if (notesXml !== null) {
      const notes = slideContent(notesXml, true)
        .items.map((i) => i.text)
        .join("\n")
        .trim();
      if (notes !== "") out.paragraph(`Speaker notes: ${notes}`, page);
    }
  }
  const title = coreTitle(await readPart(zip, "docProps/core.xml")) ?? firstTitle;
  return { format: "pptx", title, blocks: out.blocks, pageCount: slidePaths.length };
}
