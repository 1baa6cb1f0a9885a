import mammoth from "mammoth";
import { BlockCollector } from "./block-collector";
import { htmlToBlocks } from "./html-to-blocks";
import { ParseError } from "./parse-error";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { coreTitle } from "./xml-tree";
import { openOfficeZip } from "./zip-safety";

// Images are left out: their bytes are never read.
const skipImages = mammoth.images.imgElement(async () => ({ src: "" }));

/** Word: mammoth turns the document into HTML (Heading 1–6 styles, lists, tables), then into blocks. */
export async function parseDocx(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const zip = await openOfficeZip(bytes, "docx", context);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: skipImages, externalFileAccess: false },
    );
    html = result.value;
  } catch (e) {
    throw new ParseError("corrupt", "This Word document is damaged or is not really a .docx file.", { cause: e });
  }
  const out = new BlockCollector(context.limits.maxCharacters);
  htmlToBlocks(html, out);
  const title = coreTitle((await zip.file("docProps/core.xml")?.async("string")) ?? null) ?? out.firstTopHeading();
  return { format: "docx", title, blocks: out.blocks, pageCount: null };
}
