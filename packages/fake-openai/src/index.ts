/**
 * TEST DOUBLE — a scripted OpenAI-compatible server on loopback.
 *
 * Used by tests, benchmarks and the server's explicit `--demo-model` flag. Production code paths
 * never import it: the server only starts it when the operator asks for the demo model.
 *
 * It speaks the real wire protocol (`GET /v1/models`, `POST /v1/chat/completions` streaming
 * and not, with `usage`) so that clients under test go through their real HTTP and SSE code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Scenario {
  /** Text of the answer; split into word tokens when streaming. Default: an echo of the last user message. */
  reply?: string;
  /** Delay before each streamed chunk. */
  chunkDelayMs?: number;
  /** Delay before the response headers are sent. */
  headerDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI-style error body. */
  status?: number;
  /** Send this raw body (with status 200 and content-type application/json) instead of a valid answer. */
  rawBody?: string;
  /** Streaming: send this many chunks, then break the connection. */
  dropAfterChunks?: number;
  /** Streaming: after this many chunks, send a line that is not JSON. */
  garbageAfterChunks?: number;
  /** Answer with these tool calls (arguments as objects) instead of text, finish_reason "tool_calls". */
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
}

/**
 * Deterministic embedding: hashed bag of lowercased words, L2-normalised. Texts sharing words get
 * similar vectors, so retrieval tests behave sensibly without a model.
 */
export function fakeEmbedding(text: string, dimensions = 64): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: any;
  /** True when the client closed the connection before the answer was complete. */
  aborted: boolean;
  /** Resolves when the server has finished with this request (completed or aborted). */
  finished: Promise<void>;
}

export interface FakeOpenAIOptions {
  models?: string[];
  /** Required bearer token; when set, other tokens get 401. */
  apiKey?: string;
  /** Picks the scenario of a chat request when the queue is empty. */
  defaultScenario?: (body: any) => Scenario;
  host?: string;
  port?: number;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Scenarios consumed in order by the next chat completion requests. */
  enqueue(...scenarios: Scenario[]): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  if (Array.isArray(last.content)) return last.content.map((p: any) => p.text ?? "").join("");
  return "";
}

export function echoReply(body: any): string {
  return `You said: ${lastUserText(body)}`;
}

/** Splits text into streaming tokens: words with their following whitespace. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function promptTokens(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.reduce((n, m) => n + countTokens(typeof m.content === "string" ? m.content : JSON.stringify(m.content)) + 3, 0);
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? ["fake-chat"];
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
    }
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })) });
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      const body = record.body;
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? "")];
      const dimensions = typeof body?.dimensions === "number" ? body.dimensions : 64;
      const tokens = inputs.reduce((n, t) => n + countTokens(t), 0);
      // The OpenAI SDK asks for base64 (little-endian float32) unless told otherwise.
      const encode = (v: number[]) => (body?.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v);
      return sendJson(res, 200, {
        object: "list",
        model: body?.model,
        data: inputs.map((t, index) => ({ object: "embedding", index, embedding: encode(fakeEmbedding(t, dimensions)) })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const body = record.body;
      const scenario = queue.shift() ?? options.defaultScenario?.(body) ?? {};
      if (scenario.headerDelayMs) await sleep(scenario.headerDelayMs);
      if (record.aborted) return;
      if (scenario.status && scenario.status >= 400) {
        return sendJson(res, scenario.status, { error: { message: `Scripted failure ${scenario.status}`, type: "server_error", code: null } });
      }
      if (scenario.rawBody !== undefined) {
        res.writeHead(200, { "content-type": body?.stream ? "text/event-stream" : "application/json" });
        return res.end(scenario.rawBody);
      }
      if (!models.includes(body?.model)) {
        return sendJson(res, 404, { error: { message: `The model \`${body?.model}\` does not exist.`, type: "invalid_request_error", code: "model_not_found" } });
      }
      const text = scenario.reply ?? echoReply(body);
      const id = `chatcmpl-${Date.now().toString(36)}`;
      const usage = { prompt_tokens: promptTokens(body), completion_tokens: countTokens(text), total_tokens: 0 };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      const toolCalls = scenario.toolCalls?.map((c, i) => ({ id: `call_${i}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
      if (toolCalls && !body?.stream) {
        return sendJson(res, 200, {
          id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: toolCalls }, finish_reason: "tool_calls" }],
          usage,
        });
      }
      if (!body?.stream) {
        return sendJson(res, 200, {
          id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          usage,
        });
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }));
      if (toolCalls) {
        // As OpenAI streams them: the call's id and name first, then its arguments in pieces.
        toolCalls.forEach((call, index) => {
          res.write(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
          const args = call.function.arguments;
          for (let i = 0; i < args.length; i += 8) res.write(chunk({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 8) } }] }));
        });
        res.write(chunk({}, "tool_calls"));
        if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: body.model, choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
        return;
      }
      const tokens = tokenize(text);
      for (let i = 0; i < tokens.length; i++) {
        if (scenario.dropAfterChunks !== undefined && i >= scenario.dropAfterChunks) {
          await sleep(30); // let the chunks already written reach the client
          res.socket?.destroy();
          return;
        }
        if (scenario.garbageAfterChunks !== undefined && i >= scenario.garbageAfterChunks) {
          res.end("data: {this is not json\n\n");
          return;
        }
        if (scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs);
        if (record.aborted) return;
        res.write(chunk({ content: tokens[i] }));
      }
      res.write(chunk({}, "stop"));
      if (body.stream_options?.include_usage) {
        res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: body.model, choices: [], usage })}\n\n`);
      }
      res.end("data: [DONE]\n\n");
      return;
    }
    sendJson(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: "invalid_request_error" } });
  };

  const server: Server = createServer(async (req, res) => {
    let finish!: () => void;
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body: undefined,
      aborted: false,
      finished: new Promise<void>((r) => (finish = r)),
    };
    requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
      finish();
    });
    try {
      record.body = await readBody(req);
      await handle(req, res, record);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.destroy();
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    port,
    requests,
    enqueue: (...s) => queue.push(...s),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers of the `--demo-model` mode: canned Markdown that says plainly it comes from a scripted
 * demo and quotes the question, streamed slowly enough to see the streaming and the Stop button.
 */
export function demoScenario(body: any): Scenario {
  const question = lastUserText(body).slice(0, 300);
  const system = Array.isArray(body?.messages) ? body.messages.find((m: any) => m.role === "system")?.content : undefined;
  const reply = [
    `**Demo model** — this answer is scripted, no language model was called.`,
    ``,
    `You asked: “${question}”.`,
    ``,
    system ? `The assistant's instructions begin with: _${String(system).slice(0, 120)}_` : `This assistant has no instructions yet.`,
    ``,
    `Connect a real model (vLLM, Ollama, Mistral, OpenAI…) with \`ATELIER_MODEL_BASE_URL\` to get real answers.`,
  ].join("\n");
  return { reply, chunkDelayMs: 25 };
}
