import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "../connectors/connector";
import { BlockedAddressError, createSafeFetch } from "./safe-fetch";

interface TestServer {
  server: Server;
  port: number;
  /** Requests received: method, url and headers. */
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
}

async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

async function stop(test: TestServer): Promise<void> {
  test.server.closeAllConnections();
  await new Promise<void>((resolve) => test.server.close(() => resolve()));
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

let main: TestServer;
let other: TestServer;
let silent: TestServer;
let closedPort: number;

beforeAll(async () => {
  other = await startServer((req, res) => {
    res.setHeader("content-type", "text/plain");
    res.end(`other server, authorization=${req.headers.authorization ?? "none"}`);
  });
  main = await startServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/hello":
        res.setHeader("content-type", "text/plain; charset=utf-8");
        res.setHeader("x-test", "yes");
        res.end(`hello ${req.headers.host} ${req.headers["user-agent"]}`);
        return;
      case "/missing":
        res.statusCode = 404;
        res.end("no such page");
        return;
      case "/redirect-chain":
        res.writeHead(301, { location: "/redirect-2#frag" }).end();
        return;
      case "/redirect-2":
        res.writeHead(302, { location: `http://127.0.0.1:${main.port}/hello` }).end();
        return;
      case "/redirect-loop":
        res.writeHead(302, { location: "/redirect-loop" }).end();
        return;
      case "/redirect-other":
        res.writeHead(307, { location: `http://127.0.0.1:${other.port}/secret` }).end();
        return;
      case "/redirect-metadata":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "/redirect-file":
        res.writeHead(302, { location: "file:///etc/passwd" }).end();
        return;
      case "/post-303":
        res.writeHead(303, { location: "/echo" }).end();
        return;
      case "/post-307":
        res.writeHead(307, { location: "/echo" }).end();
        return;
      case "/echo":
        res.setHeader("content-type", "text/plain");
        res.end(`${req.method} ${body} ${req.headers["content-type"] ?? "-"}`);
        return;
      case "/big-declared":
        res.setHeader("content-length", String(5000));
        res.end("x".repeat(5000));
        return;
      case "/big-chunked":
        for (let i = 0; i < 50; i++) res.write("y".repeat(100));
        res.end();
        return;
      case "/gzip":
        res.setHeader("content-encoding", "gzip");
        res.end(gzipSync(Buffer.from(url.searchParams.get("text") ?? "")));
        return;
      case "/gzip-bomb":
        res.setHeader("content-encoding", "gzip");
        res.end(gzipSync(Buffer.alloc(1024 * 1024)));
        return;
      default:
        res.statusCode = 500;
        res.end();
    }
  });
  // Accepts connections, never answers.
  silent = await startServer(() => {});
  const closed = await startServer(() => {});
  closedPort = closed.port;
  await stop(closed);
});

afterAll(async () => {
  await Promise.all([stop(main), stop(other), stop(silent)]);
});

describe("createSafeFetch", () => {
  it("refuses loopback by default, before connecting, and names the allow-list entry", async () => {
    const fetch = createSafeFetch();
    const before = main.requests.length;
    const error = await rejection(fetch(`http://127.0.0.1:${main.port}/hello`));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error.code).toBe("blocked_address");
    expect(error.message).toContain(`127.0.0.1:${main.port}`);
    expect(error.message).toContain("ATELIER_ALLOWED_PRIVATE_HOSTS");
    for (const url of [
      `http://localhost:${main.port}/hello`,
      `http://2130706433:${main.port}/hello`,
      `http://0x7f.1:${main.port}/hello`,
      `http://0177.0.0.1:${main.port}/hello`,
      `http://[::ffff:127.0.0.1]:${main.port}/hello`,
      `http://[::1]:${main.port}/hello`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://0.0.0.0/",
    ]) {
      expect((await rejection(fetch(url))).code, url).toBe("blocked_address");
    }
    expect(main.requests.length).toBe(before);
  });

  it("fetches an allow-listed host:port and returns status, headers and body", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`] });
    const response = await fetch(`http://127.0.0.1:${main.port}/hello#section`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`http://127.0.0.1:${main.port}/hello`);
    expect(response.headers.get("x-test")).toBe("yes");
    expect(new TextDecoder().decode(response.body)).toBe(`hello 127.0.0.1:${main.port} AtelierBot/1.0`);
    // Error statuses are returned, not thrown.
    const missing = await fetch(`http://127.0.0.1:${main.port}/missing`);
    expect(missing.status).toBe(404);
    expect(new TextDecoder().decode(missing.body)).toBe("no such page");
    // Another port of the same address is still refused.
    expect((await rejection(fetch(`http://127.0.0.1:${other.port}/`))).code).toBe("blocked_address");
    // A custom user agent.
    const custom = createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`], userAgent: "Test/2" });
    expect(new TextDecoder().decode((await custom(`http://127.0.0.1:${main.port}/hello`)).body)).toContain("Test/2");
  });

  it("refuses a host whose DNS answer contains any private address", async () => {
    const fetch = createSafeFetch({
      resolve: async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ],
    });
    const error = await rejection(fetch("http://mixed.example/"));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error.message).toContain("mixed.example resolves to the private address 127.0.0.1");
  });

  it("connects to the address it checked, keeping the host name in the Host header", async () => {
    let lookups = 0;
    const fetch = createSafeFetch({
      allowedHosts: [`pinned.invalid:${main.port}`],
      resolve: async (hostname) => {
        lookups++;
        expect(hostname).toBe("pinned.invalid");
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    // The system resolver cannot resolve .invalid: the answer proves the pinned address was used.
    const response = await fetch(`http://pinned.invalid:${main.port}/hello`);
    expect(new TextDecoder().decode(response.body)).toContain(`hello pinned.invalid:${main.port}`);
    expect(lookups).toBe(1);
  });

  it("follows redirects, checking every hop", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`] });
    const chained = await fetch(`http://127.0.0.1:${main.port}/redirect-chain`);
    expect(chained.url).toBe(`http://127.0.0.1:${main.port}/hello`);
    expect(chained.status).toBe(200);
    // Allowed server → another loopback port that is not allowed: refused, never contacted.
    const before = other.requests.length;
    const toOther = await rejection(fetch(`http://127.0.0.1:${main.port}/redirect-other`));
    expect(toOther.code).toBe("blocked_address");
    expect(toOther.message).toContain(`127.0.0.1:${other.port}`);
    expect(other.requests.length).toBe(before);
    expect((await rejection(fetch(`http://127.0.0.1:${main.port}/redirect-metadata`))).code).toBe("blocked_address");
    expect((await rejection(fetch(`http://127.0.0.1:${main.port}/redirect-file`))).code).toBe("invalid_url");
    const loop = await rejection(createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`], maxRedirects: 3 })(`http://127.0.0.1:${main.port}/redirect-loop`));
    expect(loop.code).toBe("http_error");
    expect(loop.message).toContain("more than 3 times");
  });

  it("turns POST into GET on 303, keeps it on 307, and drops credentials on a cross-origin redirect", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`, `127.0.0.1:${other.port}`] });
    const init = { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } };
    expect(new TextDecoder().decode((await fetch(`http://127.0.0.1:${main.port}/post-303`, init)).body)).toBe("GET  -");
    expect(new TextDecoder().decode((await fetch(`http://127.0.0.1:${main.port}/post-307`, init)).body)).toBe(
      "POST a=1 application/x-www-form-urlencoded",
    );
    const crossed = await fetch(`http://127.0.0.1:${main.port}/redirect-other`, { headers: { Authorization: "Bearer secret" } });
    expect(new TextDecoder().decode(crossed.body)).toBe("other server, authorization=none");
    expect(main.requests.at(-1)?.headers.authorization).toBe("Bearer secret");
  });

  it("cuts bodies at maxBytes, declared or not, compressed or not", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${main.port}`], maxBytes: 1000 });
    const declared = await rejection(fetch(`http://127.0.0.1:${main.port}/big-declared`));
    expect(declared.code).toBe("too_large");
    expect(declared.message).toContain("1000 bytes");
    expect((await rejection(fetch(`http://127.0.0.1:${main.port}/big-chunked`))).code).toBe("too_large");
    expect((await rejection(fetch(`http://127.0.0.1:${main.port}/gzip-bomb`))).code).toBe("too_large");
    const small = await fetch(`http://127.0.0.1:${main.port}/gzip?text=compressed%20hello`);
    expect(new TextDecoder().decode(small.body)).toBe("compressed hello");
    expect(small.headers.get("content-encoding")).toBeNull();
  });

  it("times out on a server that never answers", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${silent.port}`], timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(fetch(`http://127.0.0.1:${silent.port}/`));
    expect(error.code).toBe("timeout");
    expect(error.message).toContain(`127.0.0.1:${silent.port} did not answer within 0.3 seconds`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects with the caller's abort reason", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${silent.port}`] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(fetch(`http://127.0.0.1:${silent.port}/`, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses other schemes and invalid addresses, and reports refused connections", async () => {
    const fetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${closedPort}`] });
    for (const url of ["ftp://example.com/file", "file:///etc/passwd", "javascript:alert(1)", "not a url", "http://"]) {
      expect((await rejection(fetch(url))).code, url).toBe("invalid_url");
    }
    const refused = await rejection(fetch(`http://127.0.0.1:${closedPort}/`));
    expect(refused.code).toBe("unreachable");
    expect(refused.message).toContain("refused the connection");
  });

  it("rejects an invalid allow-list when created", () => {
    expect(() => createSafeFetch({ allowedHosts: ["10.0.0.0/99"] })).toThrow(TypeError);
  });
});
