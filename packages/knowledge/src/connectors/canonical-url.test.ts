import { describe, expect, it } from "vitest";
import { canonicalUrl } from "./canonical-url";

describe("canonicalUrl", () => {
  it("gives one form to addresses of the same page", () => {
    const same = [
      "https://Example.com:443/docs/guide/",
      "https://example.com/docs/guide",
      "https://example.com/docs/guide#install",
      "https://example.com/docs/guide?utm_source=mail&utm_campaign=spring",
      "https://example.com/docs/guide/?fbclid=abc#top",
    ];
    for (const url of same) expect(canonicalUrl(url), url).toBe("https://example.com/docs/guide");
    expect(canonicalUrl("https://example.com/?b=2&a=1&utm_medium=x")).toBe("https://example.com/?a=1&b=2");
    expect(canonicalUrl(new URL("http://example.com"))).toBe("http://example.com/");
  });

  it("keeps what tells pages apart", () => {
    expect(canonicalUrl("https://example.com/docs?page=2")).not.toBe(canonicalUrl("https://example.com/docs?page=3"));
    expect(canonicalUrl("http://example.com/docs")).not.toBe(canonicalUrl("https://example.com/docs"));
    expect(canonicalUrl("https://example.com:8443/docs")).not.toBe(canonicalUrl("https://example.com/docs"));
  });
});
