import { BlockCollector } from "./block-collector";
import { charsetOf, decodeText } from "./decode-text";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";

/** Plain text: one paragraph per run of lines between blank lines. */
export async function parseText(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const text = decodeText(bytes, { extension: context.extension, charset: charsetOf(context.mimeType) });
  const out = new BlockCollector(context.limits.maxCharacters);
  for (const paragraph of text.replace(/\r\n?/g, "\n").split(/\n[ \t\f\v]*\n/)) out.paragraph(paragraph);
  return { format: "text", title: null, blocks: out.blocks, pageCount: null };
}
