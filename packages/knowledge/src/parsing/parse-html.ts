import { BlockCollector } from "./block-collector";
import { charsetOf, decodeText } from "./decode-text";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { htmlToBlocks } from "./html-to-blocks";

/** The charset a page declares in its first kilobytes: <meta charset> or http-equiv Content-Type. */
export function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return match?.[1] ?? null;
}

/** HTML: text without scripts, styles, menus and page furniture; title from <title>, else the first h1. */
export async function parseHtml(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const charset = charsetOf(context.mimeType) ?? metaCharset(bytes);
  const html = decodeText(bytes, { extension: context.extension, charset });
  const out = new BlockCollector(context.limits.maxCharacters);
  const { title } = htmlToBlocks(html, out);
  return { format: "html", title: title ?? out.firstTopHeading(), blocks: out.blocks, pageCount: null };
}
