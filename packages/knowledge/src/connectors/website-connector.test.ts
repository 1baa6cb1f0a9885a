import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeFetch, type SafeFetch } from "../net/safe-fetch";
import { ConnectorError, type SourceItem } from "./connector";
import { createWebsiteConnector, type WebsiteConnectorOptions } from "./website-connector";

interface Page {
  status?: number;
  type?: string;
  body: string | ((origin: string) => string);
  headers?: Record<string, string>;
}

interface Site {
  server: Server;
  origin: string;
  port: number;
  /** Paths requested, query included, in order. */
  requested: string[];
}

async function startSite(pages: Record<string, Page>): Promise<Site> {
  const requested: string[] = [];
  const site = {} as Site;
  site.requested = requested;
  site.server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requested.push(url.pathname + url.search);
    const page = pages[url.pathname];
    if (!page) {
      res.statusCode = 404;
      res.setHeader("content-type", "text/html");
      res.end("<title>Not found</title>");
      return;
    }
    res.statusCode = page.status ?? 200;
    if (page.type) res.setHeader("content-type", page.type);
    for (const [name, value] of Object.entries(page.headers ?? {})) {
      res.setHeader(name, value.replaceAll("{origin}", site.origin).replaceAll("{localhost}", `http://localhost:${site.port}`));
    }
    res.end(typeof page.body === "function" ? page.body(site.origin) : page.body);
  });
  await new Promise<void>((resolve) => site.server.listen(0, "127.0.0.1", resolve));
  site.port = (site.server.address() as AddressInfo).port;
  site.origin = `http://127.0.0.1:${site.port}`;
  return site;
}

async function stopSite(site: Site): Promise<void> {
  site.server.closeAllConnections();
  await new Promise<void>((resolve) => site.server.close(() => resolve()));
}

const html = (title: string, body: string, head = "") => `<!doctype html><html><head><title>${title}</title>${head}</head><body>${body}</body></html>`;

let site: Site;
let slow: Site;
const fetched: string[] = [];

function recordingFetch(allowed: string[]): SafeFetch {
  const fetch = createSafeFetch({ allowedHosts: allowed, timeoutMs: 3000 });
  return (url, init) => {
    fetched.push(url);
    return fetch(url, init);
  };
}

async function crawl(options: Partial<WebsiteConnectorOptions> = {}, signal?: AbortSignal): Promise<SourceItem[]> {
  const connector = createWebsiteConnector({ startUrl: `${site.origin}/`, fetch: recordingFetch([`127.0.0.1:${site.port}`]), ...options });
  const items: SourceItem[] = [];
  for await (const item of connector.list(signal)) items.push(item);
  return items;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error("expected a ConnectorError");
}

beforeAll(async () => {
  site = await startSite({
    "/robots.txt": {
      type: "text/plain",
      body: (o) => `User-agent: *\nDisallow: /private\n\nUser-agent: OtherBot\nDisallow: /\n\nSitemap: ${o}/sitemap-index.xml\n`,
    },
    "/sitemap-index.xml": {
      type: "application/xml",
      body: (o) =>
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/sitemap-pages.xml</loc></sitemap><sitemap><loc>https://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>`,
    },
    "/sitemap-pages.xml": {
      type: "application/xml",
      body: (o) =>
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${o}/orphan?a=1&amp;utm_medium=mail</loc></url><url><loc>${o}/private/in-sitemap</loc></url><url><loc>https://elsewhere.example/page</loc></url></urlset>`,
    },
    "/": {
      type: "text/html; charset=utf-8",
      body: html(
        "Home &amp; welcome",
        `<a href="/about">About</a> <a href="/about/">About again</a> <a href="about#team">Team</a>
         <a href="/about?utm_source=newsletter&utm_campaign=x">Tracked</a>
         <a href="/private/secret">Private</a> <a href="https://example.com/offsite">Off site</a>
         <a href="http://127.0.0.1:1/other-port">Other port</a>
         <a href="/report.pdf">Report</a> <a href="/logo.png">Logo</a> <a href="/image">Image</a>
         <a href="/missing">Broken</a> <a href="/broken-server">Failing</a> <a href="/redirect-to-about">Moved</a> <a href="/redirect-away">Away</a>
         <a href="/notes.md">Notes</a> <a href="/plain.txt">Plain</a> <a href="/with-base">Base</a>
         <a href="/hidden">Hidden</a> <a rel="nofollow" href="/not-followed">Nofollow</a>
         <a href="mailto:hr@example.com">Mail</a> <a href="javascript:void(0)">JS</a> <a href="#top">Top</a>`,
      ),
    },
    "/about": {
      type: "text/html",
      headers: { "last-modified": "Wed, 21 Oct 2015 07:28:00 GMT" },
      body: html("About us", `<a href="/level2">Deeper</a> <a href="/">Home</a>`),
    },
    "/level2": { type: "text/html", body: html("Level 2", `<a href="/level3">Deeper still</a>`) },
    "/level3": { type: "text/html", body: html("Level 3", "too deep") },
    "/orphan": { type: "text/html", body: html("Orphan page", "only in the sitemap") },
    "/private/secret": { type: "text/html", body: html("Secret", "must not be crawled") },
    "/private/in-sitemap": { type: "text/html", body: html("Secret 2", "must not be crawled") },
    "/report.pdf": { type: "application/pdf", body: "%PDF-1.4" },
    "/logo.png": { type: "image/png", body: "png" },
    "/image": { type: "image/png", body: "png without extension" },
    "/broken-server": { status: 500, type: "text/html", body: html("Error", "") },
    "/redirect-to-about": { status: 301, headers: { location: "{origin}/about" }, body: "" },
    "/notes.md": { type: "text/markdown", body: "# Meeting notes\n\nSome text." },
    "/plain.txt": { type: "text/plain", body: "just text" },
    "/with-base": { type: "text/html", body: html("Base", `<a href="child">Child</a>`, `<base href="/base/">`) },
    "/base/child": { type: "text/html", body: html("Child of base", "") },
    "/hidden": { type: "text/html", body: html("Hidden", `<a href="/from-hidden">Link</a>`, `<meta name="robots" content="noindex">`) },
    "/from-hidden": { type: "text/html", body: html("From hidden", "") },
    "/not-followed": { type: "text/html", body: html("Not followed", "") },
    // Another host (localhost is not 127.0.0.1 for the crawl, though the allow-list lets the request through).
    "/redirect-away": { status: 302, headers: { location: "{localhost}/offsite-target" }, body: "" },
    "/offsite-target": { type: "text/html", body: html("Off-site target", "") },
    "/start-pdf": { type: "application/pdf", body: "%PDF" },
  });
  slow = await startSite({
    "/robots.txt": { type: "text/plain", body: "User-agent: AtelierBot\nCrawl-delay: 0.15\nDisallow: /bots-keep-out\n\nUser-agent: *\nDisallow: /\n" },
    "/": { type: "text/html", body: html("Slow home", `<a href="/a">A</a> <a href="/b">B</a> <a href="/bots-keep-out">No</a>`) },
    "/a": { type: "text/html", body: html("A", "") },
    "/b": { type: "text/html", body: html("B", "") },
    "/bots-keep-out": { type: "text/html", body: html("No", "") },
  });
});

afterAll(async () => {
  await Promise.all([stopSite(site), stopSite(slow)]);
});

describe("createWebsiteConnector", () => {
  it("crawls the site breadth-first, following robots.txt and the sitemap, listing each text page once", async () => {
    site.requested.length = 0;
    fetched.length = 0;
    const items = await crawl();
    const ids = items.map((i) => i.externalId.slice(site.origin.length));
    expect(ids[0]).toBe("/");
    expect([...ids].sort()).toEqual(
      ["/", "/about", "/base/child", "/from-hidden", "/level2", "/notes.md", "/orphan?a=1", "/plain.txt", "/with-base"].sort(),
    );
    // Breadth-first: the start page's links come before the pages found on them.
    expect(ids.indexOf("/about")).toBeLessThan(ids.indexOf("/level2"));
    // Nothing disallowed, off-site, linked as a file or marked nofollow was requested.
    const paths = site.requested;
    expect(paths.filter((p) => p.startsWith("/private"))).toEqual([]);
    expect(paths).not.toContain("/report.pdf");
    expect(paths).not.toContain("/logo.png");
    expect(paths).not.toContain("/not-followed");
    expect(paths).not.toContain("/level3");
    expect(fetched.filter((u) => !u.startsWith(site.origin))).toEqual([]);
    // Fragments, trailing slashes and utm_* parameters do not cause a second request.
    // (/about is requested twice: directly and through /redirect-to-about, but listed once.)
    expect(paths.filter((p) => p.startsWith("/about"))).toEqual(["/about", "/about"]);
    expect(paths.filter((p) => p === "/robots.txt")).toHaveLength(1);
    // Requested, then skipped: wrong content type, 404, 500, a redirect to a page already listed.
    // A redirect that leaves the site is not listed either.
    for (const path of ["/image", "/missing", "/broken-server", "/redirect-to-about", "/hidden", "/offsite-target"]) expect(paths).toContain(path);
    const others = paths.filter((p) => p !== "/about");
    expect(new Set(others).size).toBe(others.length);
  });

  it("fills title, location, dates, size and media type, and read() returns the fetched body", async () => {
    const items = await crawl();
    const byPath = new Map(items.map((i) => [i.externalId.slice(site.origin.length), i]));
    expect(byPath.get("/")).toMatchObject({ title: "Home & welcome", location: `${site.origin}/`, mimeType: "text/html", modifiedAt: null });
    expect(byPath.get("/about")).toMatchObject({
      title: "About us",
      location: `${site.origin}/about`,
      modifiedAt: Date.parse("2015-10-21T07:28:00Z"),
      mimeType: "text/html",
    });
    const notes = byPath.get("/notes.md")!;
    expect(notes).toMatchObject({ title: "Meeting notes", mimeType: "text/markdown", size: 27 });
    expect(new TextDecoder().decode(await notes.read())).toBe("# Meeting notes\n\nSome text.");
    expect(byPath.get("/plain.txt")).toMatchObject({ title: "plain", mimeType: "text/plain" });
    expect(byPath.get("/orphan?a=1")?.location).toBe(`${site.origin}/orphan?a=1&utm_medium=mail`);
  });

  it("bounds the crawl by depth", async () => {
    const depth1 = (await crawl({ maxDepth: 1 })).map((i) => i.externalId.slice(site.origin.length));
    expect(depth1).toContain("/about");
    expect(depth1).toContain("/orphan?a=1");
    expect(depth1).not.toContain("/level2");
    expect(depth1).not.toContain("/base/child");
    site.requested.length = 0;
    const depth0 = (await crawl({ maxDepth: 0 })).map((i) => i.externalId.slice(site.origin.length));
    expect(depth0).toEqual(["/"]);
    expect(site.requested).toEqual(["/robots.txt", "/"]);
  });

  it("bounds the crawl by page count", async () => {
    fetched.length = 0;
    const items = await crawl({ maxPages: 3, concurrency: 3 });
    expect(items).toHaveLength(3);
    expect(items[0]!.externalId).toBe(`${site.origin}/`);
    // Skipped pages (404, images…) leave room for others, up to 3 requests a page in all.
    const pages = fetched.filter((u) => !u.endsWith("/robots.txt") && !u.includes("/sitemap"));
    expect(pages.length).toBeLessThanOrEqual(1 + 3 * 3);
    expect((await crawl({ maxPages: 1 })).map((i) => i.externalId)).toEqual([`${site.origin}/`]);
  });

  it("honours Crawl-delay and the groups for its own user agent", async () => {
    const connector = createWebsiteConnector({ startUrl: `${slow.origin}/`, fetch: recordingFetch([`127.0.0.1:${slow.port}`]), concurrency: 2 });
    const started = Date.now();
    const titles: string[] = [];
    for await (const item of connector.list()) titles.push(item.title);
    expect(titles).toEqual(["Slow home", "A", "B"]);
    // Four requests after robots.txt (/, /sitemap.xml, /a, /b): at least three delays apart.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 20);
    expect(slow.requested).not.toContain("/bots-keep-out");
    // Another bot is disallowed everywhere, start page included.
    const other = createWebsiteConnector({ startUrl: `${slow.origin}/`, fetch: recordingFetch([`127.0.0.1:${slow.port}`]), userAgent: "OtherBot/3.1" });
    const error = await rejection(other.list()[Symbol.asyncIterator]().next());
    expect(error.code).toBe("path_not_allowed");
    expect(error.message).toContain("robots.txt");
  });

  it("makes list() throw when the start page fails, with the reason", async () => {
    const first = (options: Partial<WebsiteConnectorOptions>) => rejection(crawl(options));
    const missing = await first({ startUrl: `${site.origin}/missing` });
    expect(missing.code).toBe("http_error");
    expect(missing.message).toContain("404");
    expect((await first({ startUrl: `${site.origin}/broken-server` })).code).toBe("http_error");
    expect((await first({ startUrl: `${site.origin}/start-pdf` })).code).toBe("invalid_url");
    expect((await first({ startUrl: "example.com" })).code).toBe("invalid_url");
    expect((await first({ startUrl: "ftp://example.com/" })).code).toBe("invalid_url");
    const blocked = await first({ startUrl: `${site.origin}/`, fetch: createSafeFetch() });
    expect(blocked.code).toBe("blocked_address");
    expect(blocked.message).toContain("ATELIER_ALLOWED_PRIVATE_HOSTS");
    const closed = await startSite({});
    await stopSite(closed);
    const unreachable = await first({ startUrl: `${closed.origin}/`, fetch: createSafeFetch({ allowedHosts: [`127.0.0.1:${closed.port}`] }) });
    expect(unreachable.code).toBe("unreachable");
  });

  it("follows a start page that redirects to another host of the site", async () => {
    // localhost → 127.0.0.1: the crawl continues on the host the start page landed on.
    const fetch = createSafeFetch({ allowedHosts: [`localhost:${site.port}`, `127.0.0.1:${site.port}`], timeoutMs: 3000 });
    const connector = createWebsiteConnector({ startUrl: `http://localhost:${site.port}/redirect-to-about`, fetch, maxDepth: 1 });
    const ids: string[] = [];
    for await (const item of connector.list()) ids.push(item.externalId);
    expect(ids[0]).toBe(`${site.origin}/about`);
    expect(ids).toContain(`${site.origin}/level2`);
  });

  it("honours the abort signal and stops requesting when the consumer stops", async () => {
    const controller = new AbortController();
    const connector = createWebsiteConnector({ startUrl: `${site.origin}/`, fetch: recordingFetch([`127.0.0.1:${site.port}`]) });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of connector.list(controller.signal)) {
          seen.push(item.externalId);
          if (seen.length === 2) controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(2);

    let taken = 0;
    for await (const _item of connector.list()) if (++taken === 3) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const count = site.requested.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(site.requested.length).toBe(count);
  });
});
