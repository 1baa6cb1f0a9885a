import { isIPv4, isIPv6 } from "node:net";

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** A network such as 10.0.0.0/8 or fc00::/7. */
export interface Cidr {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function expandIPv6(text: string): Uint8Array | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string | undefined): number[] | null => {
    if (part === undefined || part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.includes(".")) {
        // Dotted IPv4 in the last 32 bits (::ffff:127.0.0.1).
        if (i !== pieces.length - 1 || !isIPv4(piece)) return null;
        const [a, b, c, d] = piece.split(".").map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Parses "10.0.0.1", "::1", "[::1]" or "fe80::1%eth0"; null when it is not an IP address. */
export function parseIp(ip: string): ParsedIp | null {
  let text = ip.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (isIPv4(text)) return { family: 4, bytes: Uint8Array.from(text.split(".").map(Number)) };
  if (!isIPv6(text)) return null;
  const bytes = expandIPv6(text);
  return bytes ? { family: 6, bytes } : null;
}

/** Parses "10.0.0.0/8" or "fd00::/8"; a bare address is a /32 or /128. Null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { ...ip, prefix } : null;
}

function matchesPrefix(bytes: Uint8Array, network: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== network[i]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((network[whole] ?? 0) & mask);
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, translated or NAT64), if any. */
function embeddedIPv4(bytes: Uint8Array): Uint8Array | null {
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
  const last32 = bytes.subarray(12, 16);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated; also covers :: and ::1).
  if (zeros(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[10] === 0 && bytes[11] === 0))) return last32;
  // ::ffff:0:a.b.c.d (translated).
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return last32;
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix).
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return last32;
  return null;
}

function cidrs(list: string[]): Cidr[] {
  return list.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`Invalid built-in network ${text}`);
    return cidr;
  });
}

/** IPv4 networks that are not the public internet. */
const NON_PUBLIC_V4 = cidrs([
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, cloud metadata (169.254.169.254)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation
  "192.88.99.0/24", // 6to4 relay anycast (deprecated)
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking, often used inside networks
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and 255.255.255.255 broadcast
]);

/** IPv6 networks inside global unicast (2000::/3) that are not the public internet. */
const NON_PUBLIC_GLOBAL_V6 = cidrs([
  "2001:db8::/32", // documentation
  "3fff::/20", // documentation
  "2001:2::/48", // benchmarking
  "2001:10::/28", // ORCHID
  "2001:20::/28", // ORCHIDv2
]);
const GLOBAL_UNICAST_V6 = cidrs(["2000::/3"])[0]!;
const SIX_TO_FOUR = cidrs(["2002::/16"])[0]!;
const TEREDO = cidrs(["2001::/32"])[0]!;

function isNonPublicV4(bytes: Uint8Array): boolean {
  return NON_PUBLIC_V4.some((c) => matchesPrefix(bytes, c.bytes, c.prefix));
}

function isNonPublicV6(bytes: Uint8Array): boolean {
  const v4 = embeddedIPv4(bytes);
  if (v4) return isNonPublicV4(v4);
  // Everything outside 2000::/3 is special: ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64…
  if (!matchesPrefix(bytes, GLOBAL_UNICAST_V6.bytes, GLOBAL_UNICAST_V6.prefix)) return true;
  if (NON_PUBLIC_GLOBAL_V6.some((c) => matchesPrefix(bytes, c.bytes, c.prefix))) return true;
  // 6to4 carries an IPv4 address in bits 16–47.
  if (matchesPrefix(bytes, SIX_TO_FOUR.bytes, SIX_TO_FOUR.prefix)) return isNonPublicV4(bytes.subarray(2, 6));
  // Teredo carries the server's IPv4 in bits 32–63 and the client's, inverted, in the last 32.
  if (matchesPrefix(bytes, TEREDO.bytes, TEREDO.prefix)) {
    const client = bytes.subarray(12, 16).map((b) => b ^ 0xff);
    return isNonPublicV4(bytes.subarray(4, 8)) || isNonPublicV4(client);
  }
  return false;
}

/**
 * True when the address is not on the public internet: loopback, private, link-local (cloud
 * metadata), carrier-grade NAT, "this network", unique-local, multicast, broadcast, reserved and
 * documentation ranges, and IPv6 forms that embed such an IPv4 address (::ffff:127.0.0.1,
 * 64:ff9b::10.0.0.1, 6to4, Teredo). Anything that is not an IP address counts as private.
 */
export function isPrivateAddress(ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return true;
  return parsed.family === 4 ? isNonPublicV4(parsed.bytes) : isNonPublicV6(parsed.bytes);
}

/** True when the network contains the address; IPv4-mapped IPv6 addresses match IPv4 networks. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  let bytes = parsed.bytes;
  if (parsed.family !== cidr.family) {
    const v4 = parsed.family === 6 ? embeddedIPv4(parsed.bytes) : null;
    // Only the mapped form (::ffff:a.b.c.d) is the same host as its IPv4 address.
    if (!v4 || cidr.family !== 4 || parsed.bytes[10] !== 0xff) return false;
    bytes = v4;
  }
  return matchesPrefix(bytes, cidr.bytes, cidr.prefix);
}
