import { type Cidr, cidrContains, parseCidr, parseIp } from "./ip-ranges";

type Entry =
  | { kind: "name"; host: string; wildcard: boolean; port: number | null }
  | { kind: "network"; cidr: Cidr; port: number | null };

/** Private destinations an administrator allowed (ATELIER_ALLOWED_PRIVATE_HOSTS). */
export interface AllowedHosts {
  /** True when a request to `hostname`:`port` that resolved to `address` may go ahead although the address is private. */
  allows(hostname: string, port: number, address: string): boolean;
}

/** Lower case, without IPv6 brackets or the trailing dot of a fully qualified name. */
export function normaliseHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function invalid(entry: string): TypeError {
  return new TypeError(
    `"${entry}" is not a valid allowed host: use a host name (intranet.example.com, *.corp.example), host:port, an IP address or a network such as 10.0.0.0/8.`,
  );
}

function parseEntry(raw: string): Entry {
  const text = raw.trim();
  if (text.includes("/")) {
    const cidr = parseCidr(text);
    if (!cidr) throw invalid(raw);
    return { kind: "network", cidr, port: null };
  }
  // [::1] and [::1]:8080
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const cidr = parseCidr(bracketed[1]!);
    const port = bracketed[2] === undefined ? null : parsePort(bracketed[2]);
    if (cidr?.family !== 6 || (bracketed[2] !== undefined && port === null)) throw invalid(raw);
    return { kind: "network", cidr, port };
  }
  if (parseIp(text)?.family === 6) return { kind: "network", cidr: parseCidr(text)!, port: null };
  const colon = text.lastIndexOf(":");
  const hostText = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1)) : null;
  if (colon >= 0 && port === null) throw invalid(raw);
  const ip = parseCidr(hostText);
  if (ip) return { kind: "network", cidr: ip, port };
  const host = normaliseHostname(hostText);
  const wildcard = host.startsWith("*.");
  const name = wildcard ? host.slice(2) : host;
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name)) throw invalid(raw);
  return { kind: "name", host: name, wildcard, port };
}

/**
 * Parses allow-list entries: "host" (any port), "host:port", "*.example.internal" (sub-domains),
 * an IP address ("10.0.0.5", "10.0.0.5:8080", "[fd00::1]:443", matched against the resolved
 * address whatever the host name) or a network ("10.0.0.0/8", "fd00::/8"). Throws a TypeError
 * naming the first invalid entry.
 */
export function parseAllowedHosts(entries: readonly string[]): AllowedHosts {
  const parsed = entries.filter((e) => e.trim() !== "").map(parseEntry);
  return {
    allows(hostname, port, address) {
      const host = normaliseHostname(hostname);
      return parsed.some((entry) => {
        if (entry.port !== null && entry.port !== port) return false;
        if (entry.kind === "network") return cidrContains(entry.cidr, address);
        return entry.wildcard ? host.endsWith(`.${entry.host}`) : host === entry.host;
      });
    },
  };
}
