import { gunzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";

export interface Sitemap {
  /** Page addresses (<urlset><url><loc>). */
  pages: string[];
  /** Further sitemaps (<sitemapindex><sitemap><loc>). */
  sitemaps: string[];
}

const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // Entities are decoded below, by hand: no DOCTYPE entity is ever expanded.
  processEntities: false,
  isArray: (name) => name === "url" || name === "sitemap",
});

function decodeXmlEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower === "amp") return "&";
    if (lower === "lt") return "<";
    if (lower === "gt") return ">";
    if (lower === "quot") return '"';
    if (lower === "apos") return "'";
    const code = lower.startsWith("#x") ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function locations(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .map((entry) => (entry && typeof entry === "object" ? (entry as { loc?: unknown }).loc : undefined))
    .filter((loc): loc is string => typeof loc === "string")
    .map((loc) => decodeXmlEntities(loc.trim()))
    .filter((loc) => loc !== "");
}

/**
 * Reads a sitemap: XML (urlset or sitemap index), gzipped XML, or the plain-text form (one
 * address a line). Anything unreadable gives an empty sitemap.
 */
export function parseSitemap(bytes: Uint8Array): Sitemap {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_UNZIPPED_BYTES });
    } catch {
      return { pages: [], sitemaps: [] };
    }
  }
  const text = new TextDecoder().decode(data).replace(/^\uFEFF/, "");
  if (!text.trimStart().startsWith("<")) {
    const pages = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => /^https?:\/\//i.test(line));
    return { pages, sitemaps: [] };
  }
  let document: Record<string, unknown>;
  try {
    document = parser.parse(text) as Record<string, unknown>;
  } catch {
    return { pages: [], sitemaps: [] };
  }
  const urlset = document.urlset as { url?: unknown } | undefined;
  const index = document.sitemapindex as { sitemap?: unknown } | undefined;
  return { pages: locations(urlset?.url), sitemaps: locations(index?.sitemap) };
}
