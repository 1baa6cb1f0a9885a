import { parse } from "node-html-parser";

export interface HtmlPage {
  /** The <title>, whitespace collapsed; null when absent or empty. */
  title: string | null;
  /** Absolute http(s) links in document order, resolved against <base href>, without #fragment. */
  links: URL[];
  /** <meta name="robots" content="noindex"> (or "none"). */
  noindex: boolean;
  /** <meta name="robots" content="nofollow"> (or "none"). */
  nofollow: boolean;
}

const NOT_A_PAGE = /^\s*(#|javascript:|mailto:|tel:|data:)/i;

/** What a crawler needs from an HTML page: its title, its links and the robots meta tag. */
export function readHtmlPage(html: string, pageUrl: URL): HtmlPage {
  const root = parse(html, { comment: false });
  let base = pageUrl;
  const baseHref = root.querySelector("base[href]")?.getAttribute("href");
  if (baseHref) {
    try {
      base = new URL(baseHref.trim(), pageUrl);
    } catch {
      // An invalid <base> is ignored, as browsers do.
    }
  }
  const title = root.querySelector("title")?.text.replace(/\s+/g, " ").trim() || null;
  let noindex = false;
  let nofollow = false;
  for (const meta of root.querySelectorAll("meta[name][content]")) {
    if (meta.getAttribute("name")?.trim().toLowerCase() !== "robots") continue;
    const directives = (meta.getAttribute("content") ?? "").toLowerCase().split(/[\s,]+/);
    if (directives.includes("noindex") || directives.includes("none")) noindex = true;
    if (directives.includes("nofollow") || directives.includes("none")) nofollow = true;
  }
  const links: URL[] = [];
  for (const anchor of root.querySelectorAll("a[href], area[href]")) {
    const rel = (anchor.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("nofollow")) continue;
    const href = anchor.getAttribute("href") ?? "";
    if (href.trim() === "" || NOT_A_PAGE.test(href)) continue;
    let url: URL;
    try {
      url = new URL(href.trim(), base);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    url.hash = "";
    links.push(url);
  }
  return { title, links, noindex, nofollow };
}
