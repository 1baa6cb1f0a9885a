import { setTimeout as sleep } from "node:timers/promises";
import robotsParser from "robots-parser";
import { DEFAULT_USER_AGENT, type SafeFetch, type SafeResponse } from "../net/safe-fetch";
import { canonicalUrl } from "./canonical-url";
import { type Connector, ConnectorError, type SourceItem } from "./connector";
import { readHtmlPage } from "./html-page";
import { parseSitemap } from "./sitemap";

export interface WebsiteConnectorOptions {
  /** The first page; the crawl stays on its scheme, host and port. */
  startUrl: string;
  /** Links followed from the start page (sitemap pages count as one link away). Default 2. */
  maxDepth?: number;
  /** Pages listed at most. Default 200. */
  maxPages?: number;
  /** The guarded fetch (createSafeFetch) that every request goes through. */
  fetch: SafeFetch;
  /** Sent with each request and matched against robots.txt groups. Default DEFAULT_USER_AGENT. */
  userAgent?: string;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
}

type Robots = ReturnType<typeof robotsParser>;

/** Content types listed; others (PDF, images…) are skipped. */
const TEXT_TYPES = new Set(["text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"]);
const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1";
/** Links to files that are never text pages, skipped without downloading them. */
const BINARY_EXTENSION =
  /\.(pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|zip|gz|tgz|bz2|xz|rar|7z|tar|png|jpe?g|gif|webp|svg|ico|bmp|tiff?|avif|heic|mp3|mp4|m4a|m4v|wav|ogg|webm|mov|avi|mkv|flac|css|js|mjs|map|json|xml|rss|atom|woff2?|ttf|otf|eot|exe|msi|dmg|iso|apk|bin|jar|wasm)$/i;
/** robots.txt Crawl-delay is honoured up to this. */
const MAX_CRAWL_DELAY_MS = 5_000;
/** Sitemap files read at most (robots.txt entries and the files of sitemap indexes). */
const MAX_SITEMAP_FILES = 20;

interface QueueEntry {
  url: URL;
  depth: number;
}

function mediaType(contentType: string | null, body: Uint8Array): string | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type) return type;
  // No Content-Type: only a body that is plainly HTML is taken.
  const head = new TextDecoder().decode(body.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html") ? "text/html" : null;
}

function decodeText(body: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder().decode(body);
  }
}

function fallbackTitle(url: URL, text: string, type: string): string {
  if (type === "text/markdown" || type === "text/x-markdown") {
    const heading = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
    if (heading) return heading;
  }
  const last = url.pathname.split("/").filter((s) => s !== "").pop();
  if (!last) return url.hostname;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // Keep the encoded form.
  }
  return name.replace(/\.[a-z0-9]{1,5}$/i, "") || name;
}

function parseHttpDate(value: string | null): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function parseStartUrl(text: string): URL {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed)) {
    throw new ConnectorError("invalid_url", `"${text}" is not a web address: it must start with http:// or https://.`);
  }
  try {
    const url = new URL(trimmed);
    url.hash = "";
    return url;
  } catch (error) {
    throw new ConnectorError("invalid_url", `"${text}" is not a valid web address.`, { cause: error });
  }
}

/** The product token robots.txt groups are matched on ("AtelierBot" for "AtelierBot/1.0"). */
function robotsAgent(userAgent: string): string {
  return userAgent.trim().split(/[\s/]/)[0] || "*";
}

/**
 * A website crawled breadth-first from its start page: same scheme, host and port only;
 * robots.txt honoured (Disallow for our user agent, Crawl-delay up to 5 s); seeded with the
 * sitemap (robots.txt Sitemap lines, else /sitemap.xml; indexes one level deep); only text
 * pages (HTML, plain text, Markdown) are listed, each once whatever its #fragment, trailing
 * slash or utm_* parameters; error pages are skipped, but a start page that fails makes the
 * listing throw. maxDepth and maxPages bound the crawl. read() returns the body already fetched.
 */
export function createWebsiteConnector(options: WebsiteConnectorOptions): Connector {
  const maxDepth = options.maxDepth ?? 2;
  const maxPages = options.maxPages ?? 200;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const agent = robotsAgent(options.userAgent ?? DEFAULT_USER_AGENT);
  const headers: Record<string, string> = { accept: ACCEPT };
  if (options.userAgent) headers["user-agent"] = options.userAgent;

  async function* crawl(signal: AbortSignal): AsyncGenerator<SourceItem> {
    const start = parseStartUrl(options.startUrl);
    let origin = start.origin;
    let robots: Robots | null = null;
    let delayMs = 0;
    let nextSlot = 0;
    const seen = new Set<string>();
    const listed = new Set<string>();
    const queue: QueueEntry[] = [];
    let queueHead = 0;

    const allowedByRobots = (url: URL) => robots?.isAllowed(url.href, agent) !== false;

    async function loadRobots(): Promise<void> {
      robots = null;
      delayMs = 0;
      try {
        const response = await options.fetch(`${origin}/robots.txt`, { headers, signal });
        if (response.status >= 200 && response.status < 300) {
          robots = robotsParser(`${origin}/robots.txt`, new TextDecoder().decode(response.body));
          const delay = robots.getCrawlDelay(agent);
          if (typeof delay === "number" && delay > 0) delayMs = Math.min(delay * 1000, MAX_CRAWL_DELAY_MS);
        }
      } catch (error) {
        // No robots.txt: everything is allowed. The start page reports unreachable sites.
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof ConnectorError)) throw error;
      }
    }

    async function get(url: URL | string): Promise<SafeResponse> {
      if (delayMs > 0) {
        const now = Date.now();
        const at = Math.max(now, nextSlot);
        nextSlot = at + delayMs;
        if (at > now) await sleep(at - now, undefined, { signal }).catch(() => signal.throwIfAborted());
      }
      return options.fetch(typeof url === "string" ? url : url.href, { headers, signal });
    }

    function enqueue(url: URL, depth: number): void {
      if (depth > maxDepth || url.origin !== origin || BINARY_EXTENSION.test(url.pathname)) return;
      const key = canonicalUrl(url);
      if (seen.has(key)) return;
      seen.add(key);
      if (!allowedByRobots(url)) return;
      queue.push({ url, depth });
    }

    /** The page of a response, or null when it is not listed; queues its links. */
    function pageOf(response: SafeResponse, depth: number): SourceItem | null {
      const url = new URL(response.url);
      if (url.origin !== origin || response.status < 200 || response.status >= 300 || !allowedByRobots(url)) return null;
      const contentType = response.headers.get("content-type");
      const type = mediaType(contentType, response.body);
      if (!type || !TEXT_TYPES.has(type)) return null;
      const key = canonicalUrl(url);
      if (listed.has(key)) return null; // reached again through a redirect
      listed.add(key);
      seen.add(key);
      const body = response.body;
      const text = decodeText(body, contentType);
      let title: string | null = null;
      let indexable = true;
      if (HTML_TYPES.has(type)) {
        const page = readHtmlPage(text, url);
        title = page.title;
        indexable = !page.noindex;
        if (!page.nofollow) for (const link of page.links) enqueue(link, depth + 1);
      }
      if (!indexable) return null;
      return {
        externalId: key,
        title: title ?? fallbackTitle(url, text, type),
        location: url.href,
        modifiedAt: parseHttpDate(response.headers.get("last-modified")),
        size: body.byteLength,
        mimeType: type,
        read: async (readSignal) => {
          readSignal?.throwIfAborted();
          return body;
        },
      };
    }

    async function seedFromSitemaps(): Promise<void> {
      const declared = (robots as Robots | null)?.getSitemaps() ?? [];
      // Level 0: robots.txt Sitemap lines (else /sitemap.xml); level 1: files of a sitemap index.
      const pending = (declared.length > 0 ? declared : [`${origin}/sitemap.xml`]).map((address) => ({ address, level: 0 }));
      const read = new Set<string>();
      while (pending.length > 0 && read.size < MAX_SITEMAP_FILES) {
        const { address, level } = pending.shift()!;
        let url: URL;
        try {
          url = new URL(address, origin);
        } catch {
          continue;
        }
        if (url.origin !== origin || read.has(url.href)) continue;
        read.add(url.href);
        let response: SafeResponse;
        try {
          response = await get(url);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          if (error instanceof ConnectorError) continue;
          throw error;
        }
        if (response.status < 200 || response.status >= 300) continue;
        const sitemap = parseSitemap(response.body);
        for (const page of sitemap.pages) {
          try {
            enqueue(new URL(page), 1);
          } catch {
            // Not an address.
          }
        }
        if (level === 0) for (const child of sitemap.sitemaps) pending.push({ address: child, level: 1 });
      }
    }

    // The start page: its failures are the listing's.
    await loadRobots();
    if (!allowedByRobots(start)) {
      throw new ConnectorError("path_not_allowed", `The robots.txt of ${origin} does not allow crawling ${start.href}.`);
    }
    const first = await get(start);
    const landed = new URL(first.url);
    if (landed.origin !== origin) {
      // http → https, example.com → www.example.com: the site is where the start page lives.
      origin = landed.origin;
      await loadRobots();
      if (!allowedByRobots(landed)) {
        throw new ConnectorError("path_not_allowed", `The robots.txt of ${origin} does not allow crawling ${landed.href}.`);
      }
    }
    if (first.status >= 400) {
      throw new ConnectorError("http_error", `The start page ${start.href} answered HTTP ${first.status}.`);
    }
    const firstType = mediaType(first.headers.get("content-type"), first.body);
    if (!firstType || !TEXT_TYPES.has(firstType)) {
      throw new ConnectorError("invalid_url", `The start address ${start.href} is not a web page (${firstType ?? "unknown content type"}).`);
    }
    seen.add(canonicalUrl(start));
    const firstPage = pageOf(first, 0);
    if (firstPage) yield firstPage;
    let count = firstPage ? 1 : 0;
    if (count >= maxPages) return;
    if (maxDepth >= 1) await seedFromSitemaps();

    // Breadth-first over the queue, `concurrency` requests at a time.
    const maxRequests = maxPages * 3;
    let requests = 0;
    let inFlight = 0;
    let failure: { error: unknown } | null = null;
    const ready: SourceItem[] = [];
    let wake: (() => void) | null = null;

    const visit = async (entry: QueueEntry): Promise<SourceItem | null> => {
      let response: SafeResponse;
      try {
        response = await get(entry.url);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof ConnectorError) return null; // unreachable, blocked redirect, too large…
        throw error;
      }
      return pageOf(response, entry.depth);
    };

    while (true) {
      signal.throwIfAborted();
      if (failure) throw (failure as { error: unknown }).error;
      while (ready.length > 0) {
        yield ready.shift()!;
        if (++count >= maxPages) return;
      }
      while (inFlight < concurrency && queueHead < queue.length && count + ready.length + inFlight < maxPages && requests < maxRequests) {
        const entry = queue[queueHead++]!;
        requests++;
        inFlight++;
        visit(entry)
          .then(
            (item) => {
              if (item) ready.push(item);
            },
            (error: unknown) => {
              failure ??= { error };
            },
          )
          .finally(() => {
            inFlight--;
            const resume = wake;
            wake = null;
            resume?.();
          });
      }
      if (inFlight === 0 && ready.length === 0) return;
      if (ready.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  }

  return {
    kind: "website",
    async *list(signal) {
      // Stops requests still in flight when the consumer stops early.
      const stop = new AbortController();
      const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      try {
        yield* crawl(combined);
      } finally {
        stop.abort();
      }
    },
  };
}
