import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { ConnectorError } from "../connectors/connector";
import { formatSize } from "../connectors/format-size";
import { type AllowedHosts, normaliseHostname, parseAllowedHosts } from "./allowed-hosts";
import { isPrivateAddress, parseIp } from "./ip-ranges";

export const DEFAULT_USER_AGENT = "AtelierBot/1.0";

export interface SafeFetchOptions {
  /**
   * Destinations allowed even when private: "host", "host:port", "*.example.internal", an IP
   * address or a network such as "10.0.0.0/8" (see parseAllowedHosts).
   */
  allowedHosts?: string[];
  /** For the whole exchange: DNS, redirects and body. Default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 10 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Sent unless the request sets its own user-agent header. Default DEFAULT_USER_AGENT. */
  userAgent?: string;
  /** Resolves a host name to all its addresses. Default dns.lookup({ all: true }). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

export interface SafeResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export type SafeFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal },
) => Promise<SafeResponse>;

/** A request to a private address that no allow-list entry covers. */
export class BlockedAddressError extends ConnectorError {
  override readonly name = "BlockedAddressError";
  constructor(
    readonly host: string,
    readonly port: number,
    readonly address: string,
  ) {
    const target = parseIp(host) ? `The address ${host}` : `${host} resolves to the private address ${address}, which`;
    const entry = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    super(
      "blocked_address",
      `${target} is on a private network, and Atelier does not connect to private networks by default. An administrator can allow it by adding "${entry}" to ATELIER_ALLOWED_PRIVATE_HOSTS.`,
    );
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch (error) {
    throw new ConnectorError("invalid_url", `"${text}" is not a valid web address.`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConnectorError("invalid_url", `Only http and https addresses can be fetched, not "${url.protocol}" (${text}).`);
  }
  if (url.hostname === "") throw new ConnectorError("invalid_url", `"${text}" has no host name.`);
  url.hash = "";
  return url;
}

function portOf(url: URL): number {
  return url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
}

/** Settles with the promise, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function networkError(error: unknown, host: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof ConnectorError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const options = { cause: error };
  if (code === "ECONNREFUSED") return new ConnectorError("unreachable", `${host} refused the connection. Is the server running?`, options);
  if (/^(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/.test(code)) return new ConnectorError("unreachable", `${host} cannot be reached from this server (${code}).`, options);
  if (/CERT|TLS|SSL|SIGNATURE/.test(code)) return new ConnectorError("unreachable", `The TLS certificate of ${host} was not accepted (${code}).`, options);
  if (code.startsWith("HPE_")) return new ConnectorError("http_error", `${host} sent an answer that is not valid HTTP.`, options);
  return new ConnectorError("unreachable", `The connection to ${host} failed${code ? ` (${code})` : ""}.`, options);
}

function tooLarge(host: string, maxBytes: number): ConnectorError {
  return new ConnectorError("too_large", `The answer of ${host} is larger than the ${formatSize(maxBytes)} limit.`);
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  if (encoding === "gzip" || encoding === "x-gzip") return zlib.createGunzip();
  if (encoding === "deflate") return zlib.createInflate();
  if (encoding === "br") return zlib.createBrotliDecompress();
  return null;
}

async function readBody(response: IncomingMessage, host: string, maxBytes: number): Promise<{ body: Uint8Array; decoded: boolean }> {
  const encoding = String(response.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const decoder = decoderFor(encoding);
  const declared = Number(response.headers["content-length"]);
  if (!decoder && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(host, maxBytes);
  }
  let stream: Readable = response;
  if (decoder) {
    pipeline(response, decoder, () => {});
    stream = decoder;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(host, maxBytes);
      chunks.push(chunk);
    }
  } finally {
    // Ends the download when the loop stopped early (limit, error).
    if (!response.complete) response.destroy();
  }
  return { body: new Uint8Array(Buffer.concat(chunks, total)), decoded: decoder !== null };
}

function toHeaders(response: IncomingMessage, decoded: boolean): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header value the Fetch API rejects: dropped rather than failing the request.
    }
  }
  if (decoded) {
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  return headers;
}

/**
 * fetch for addresses users type: only http and https; every address a host name resolves to
 * must be public unless allow-listed (loopback, private networks and cloud metadata are refused
 * by default); the connection goes to the address that was checked, so a second DNS answer
 * cannot swap it (DNS rebinding); redirects are followed by hand and each hop is checked again;
 * one timeout covers the whole exchange; the body is decompressed and cut at maxBytes.
 * HTTP error statuses are returned, not thrown.
 */
export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const allowed: AllowedHosts = parseAllowedHosts(options.allowedHosts ?? []);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const resolveHost = options.resolve ?? ((hostname: string) => dnsLookup(hostname, { all: true, verbatim: true }));

  /** The checked addresses to connect to. */
  async function pin(url: URL, signal: AbortSignal): Promise<LookupAddress[]> {
    const host = normaliseHostname(url.hostname);
    const port = portOf(url);
    const literal = parseIp(host);
    let addresses: LookupAddress[];
    if (literal) {
      addresses = [{ address: host, family: literal.family }];
    } else {
      try {
        addresses = await abortable(resolveHost(host), signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new ConnectorError("unreachable", `The host ${host} could not be found (DNS lookup failed).`, { cause: error });
      }
    }
    if (addresses.length === 0) throw new ConnectorError("unreachable", `The host ${host} could not be found (no address).`);
    for (const { address } of addresses) {
      if (isPrivateAddress(address) && !allowed.allows(host, port, address)) throw new BlockedAddressError(host, port, address);
    }
    return addresses;
  }

  function send(
    url: URL,
    targets: LookupAddress[],
    method: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const host = normaliseHostname(url.hostname);
    // Node asks for all addresses when it tries IPv6 and IPv4 in turn (autoSelectFamily).
    const lookup = ((_hostname: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      const first = targets[0]!;
      if (lookupOptions?.all) callback(null, targets.map(({ address, family }) => ({ address, family })));
      else callback(null, first.address, first.family);
    }) as unknown as LookupFunction;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === "https:" ? https : http).request({
        protocol: url.protocol,
        hostname: host,
        port: portOf(url),
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        lookup,
        agent: false,
        servername: parseIp(host) ? undefined : host,
        auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
        signal,
      });
      request.once("response", resolve);
      request.once("error", (error) => reject(networkError(error, url.host, signal)));
      request.end(body);
    });
  }

  async function exchange(url: string, init: Parameters<SafeFetch>[1] & {}, signal: AbortSignal, onHop: (url: URL) => void): Promise<SafeResponse> {
    let current = parseUrl(url);
    let method = (init.method ?? "GET").toUpperCase();
    let body = init.body;
    const headers: Record<string, string> = { "user-agent": userAgent, "accept-encoding": "gzip, deflate, br" };
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    for (let hop = 0; ; hop++) {
      onHop(current);
      const targets = await pin(current, signal);
      const response = await send(current, targets, method, headers, body, signal);
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(response.statusCode ?? 0) && location) {
        response.destroy();
        if (hop >= maxRedirects) throw new ConnectorError("http_error", `${current.host} redirected more than ${maxRedirects} times.`);
        const next = parseUrl(location, current);
        const status = response.statusCode;
        if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
          delete headers["content-type"];
          delete headers["content-length"];
        }
        if (next.origin !== current.origin) {
          delete headers.authorization;
          delete headers.cookie;
          delete headers["proxy-authorization"];
        }
        current = next;
        continue;
      }
      try {
        const { body: bytes, decoded } = await readBody(response, current.host, maxBytes);
        return { url: current.href, status: response.statusCode ?? 0, headers: toHeaders(response, decoded), body: bytes };
      } catch (error) {
        throw networkError(error, current.host, signal);
      }
    }
  }

  return async (url, init = {}) => {
    let host = url;
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort(new ConnectorError("timeout", `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} seconds.`));
    }, timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    try {
      return await exchange(url, init, signal, (hop) => {
        host = hop.host;
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
