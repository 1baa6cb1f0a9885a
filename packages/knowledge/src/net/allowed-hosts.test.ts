import { describe, expect, it } from "vitest";
import { parseAllowedHosts } from "./allowed-hosts";

describe("parseAllowedHosts", () => {
  it("matches host names, with or without port, and sub-domain wildcards", () => {
    const allowed = parseAllowedHosts(["Intranet.Example.com", "localhost:8080", "*.corp.example"]);
    expect(allowed.allows("intranet.example.com", 443, "10.0.0.1")).toBe(true);
    expect(allowed.allows("intranet.example.com.", 80, "10.0.0.1")).toBe(true);
    expect(allowed.allows("other.example.com", 443, "10.0.0.1")).toBe(false);
    expect(allowed.allows("localhost", 8080, "127.0.0.1")).toBe(true);
    expect(allowed.allows("localhost", 8081, "127.0.0.1")).toBe(false);
    expect(allowed.allows("wiki.corp.example", 443, "10.1.1.1")).toBe(true);
    expect(allowed.allows("corp.example", 443, "10.1.1.1")).toBe(false);
    expect(allowed.allows("evilcorp.example", 443, "10.1.1.1")).toBe(false);
  });

  it("matches IP addresses and networks against the resolved address", () => {
    const allowed = parseAllowedHosts(["10.0.0.0/8", "127.0.0.1:3000", "[::1]:4000", "fd00::/8", "192.168.1.5"]);
    expect(allowed.allows("anything.internal", 443, "10.9.8.7")).toBe(true);
    expect(allowed.allows("anything.internal", 443, "::ffff:10.9.8.7")).toBe(true);
    expect(allowed.allows("127.0.0.1", 3000, "127.0.0.1")).toBe(true);
    expect(allowed.allows("127.0.0.1", 3001, "127.0.0.1")).toBe(false);
    expect(allowed.allows("::1", 4000, "::1")).toBe(true);
    expect(allowed.allows("::1", 4001, "::1")).toBe(false);
    expect(allowed.allows("x", 80, "fd12::1")).toBe(true);
    expect(allowed.allows("x", 80, "192.168.1.5")).toBe(true);
    expect(allowed.allows("x", 80, "192.168.1.6")).toBe(false);
    expect(allowed.allows("x", 80, "172.16.0.1")).toBe(false);
  });

  it("rejects invalid entries with a readable message, and ignores blank ones", () => {
    expect(() => parseAllowedHosts(["10.0.0.0/40"])).toThrow(/"10\.0\.0\.0\/40" is not a valid allowed host/);
    expect(() => parseAllowedHosts(["host:99999"])).toThrow(TypeError);
    expect(() => parseAllowedHosts(["http://host"])).toThrow(TypeError);
    expect(() => parseAllowedHosts(["bad host"])).toThrow(TypeError);
    expect(() => parseAllowedHosts(["[10.0.0.1]:80"])).toThrow(TypeError);
    expect(parseAllowedHosts(["", "  "]).allows("x", 80, "10.0.0.1")).toBe(false);
  });
});
