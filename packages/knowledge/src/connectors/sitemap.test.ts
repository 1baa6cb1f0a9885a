import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseSitemap } from "./sitemap";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseSitemap", () => {
  it("reads url sets and sitemap indexes, decoding XML entities", () => {
    const urlset = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc> https://a.example/x?b=1&amp;c=2 </loc><lastmod>2024-01-01</lastmod></url>
        <url><loc>https://a.example/caf&#233;</loc></url>
      </urlset>`;
    expect(parseSitemap(bytes(urlset))).toEqual({ pages: ["https://a.example/x?b=1&c=2", "https://a.example/café"], sitemaps: [] });
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>`;
    expect(parseSitemap(bytes(index))).toEqual({ pages: [], sitemaps: ["https://a.example/s1.xml"] });
  });

  it("reads gzipped and plain-text sitemaps, and gives nothing for anything else", () => {
    const gz = gzipSync(Buffer.from("<urlset><url><loc>https://a.example/g</loc></url></urlset>"));
    expect(parseSitemap(gz).pages).toEqual(["https://a.example/g"]);
    expect(parseSitemap(bytes("https://a.example/1\r\nnot a url\nhttp://a.example/2\n")).pages).toEqual(["https://a.example/1", "http://a.example/2"]);
    expect(parseSitemap(bytes("<html><body>Not found</body></html>"))).toEqual({ pages: [], sitemaps: [] });
    expect(parseSitemap(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toEqual({ pages: [], sitemaps: [] });
  });

  it("does not expand DOCTYPE entities", () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x "https://evil.example/">]><urlset><url><loc>&x;page</loc></url></urlset>`;
    expect(parseSitemap(bytes(xml)).pages.join()).not.toContain("evil.example");
  });
});
