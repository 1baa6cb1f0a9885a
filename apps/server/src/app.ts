import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import {
  AlertChecker,
  attachMonitoring,
  ChatRuns,
  LiveGrader,
  createScheduledRuns,
  EvalRunner,
  LoginThrottle,
  seedGuideSuite,
  SESSION_COOKIE,
  SecretBox,
  appRouter,
  createContext,
  createKnowledgeServices,
  ensureBuiltinProvider,
  seedGuide,
  resolveEmbeddings,
  ensureManagedProvider,
  ensureWorkspaceRow,
  removeManagedProvider,
  markInterruptedAnswers,
  type ApiConfig,
  type CookieWriter,
  type LocalModels,
  type Services,
  WebhookSender,
} from "@atelier/api";
import { databaseFile, openDatabase } from "@atelier/db";
import { LocalGgufRuntime } from "@atelier/api";
import type { Logger } from "pino";
import { type Env, listSetting } from "./env";
import { loadSecretKey } from "./secret-key";
import { createStaticHandler } from "./static-files";
import { handleUpload } from "./upload";

/** A model server registered at boot from outside the UI: the environment's, or the demo's. */
export interface ManagedModel {
  managedBy: "environment" | "demo";
  name: string;
  baseUrl: string;
  apiKey?: string;
  modelName: string;
}

export const guideDocs = fileURLToPath(new URL("../../../docs/guide", import.meta.url));
/** Kept beside the guide, not in it: the answers must not become the Guide's knowledge. */
export const guideSuite = fileURLToPath(new URL("../../../docs/guide-test-suite.jsonl", import.meta.url));
export const webDist = fileURLToPath(new URL("../../web/dist/", import.meta.url));

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

function cookieWriter(res: ServerResponse, secure: boolean): CookieWriter {
  const attrs = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return {
    setSession: (token, expires) => res.appendHeader("Set-Cookie", `${SESSION_COOKIE}=${token}; ${attrs}; Expires=${expires.toUTCString()}`),
    clearSession: () => res.appendHeader("Set-Cookie", `${SESSION_COOKIE}=; ${attrs}; Max-Age=0`),
  };
}

const securityHeaders = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/** Refuses cross-site state-changing requests (defence in depth on top of SameSite cookies). */
function isCrossSite(req: IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export interface RunningAtelier {
  url: string;
  port: number;
  services: Services;
  server: Server;
  /** Graceful stop: refuses new requests, ends streams (answers saved as interrupted), closes the database. */
  close(): Promise<void>;
}

export async function startAtelier(
  env: Env,
  logger: Logger,
  options: {
    demoModel?: ManagedModel;
    localModels?: LocalModels | null;
    webRoot?: string;
    /** Folders allowed besides ATELIER_FOLDER_ROOTS. */
    extraFolderRoots?: string[];
    /** Atelier's user guide, the Atelier Guide's knowledge (default: docs/guide); null: no guide. */
    guideDocsPath?: string | null;
  } = {},
): Promise<RunningAtelier> {
  const secrets = new SecretBox(loadSecretKey(env.ATELIER_SECRET_KEY, env.ATELIER_DATA_DIR));
  const database = openDatabase(databaseFile(env.ATELIER_DATA_DIR));
  const recovered = markInterruptedAnswers(database.db);
  if (recovered) logger.warn({ count: recovered }, "answers cut by the previous shutdown were marked interrupted");
  ensureWorkspaceRow(database.db);

  const managed: ManagedModel[] = [];
  if (env.ATELIER_MODEL_BASE_URL && env.ATELIER_MODEL_NAME) {
    managed.push({ managedBy: "environment", name: "Configured endpoint", baseUrl: env.ATELIER_MODEL_BASE_URL, apiKey: env.ATELIER_MODEL_API_KEY, modelName: env.ATELIER_MODEL_NAME });
  }
  if (options.demoModel) managed.push(options.demoModel);
  for (const kind of ["environment", "demo"] as const) {
    if (!managed.some((m) => m.managedBy === kind)) removeManagedProvider(database.db, kind);
  }
  for (const m of managed) {
    ensureManagedProvider(database.db, secrets, {
      managedBy: m.managedBy,
      name: m.name,
      kind: "openai_compatible",
      baseUrl: m.baseUrl,
      apiKey: m.apiKey,
      modelName: m.modelName,
      // The demo server runs inside this process: its answers never leave the machine.
      sovereignty: m.managedBy === "demo" ? "on_premises" : env.ATELIER_MODEL_SOVEREIGNTY,
      firstTokenTimeoutSeconds: env.ATELIER_MODEL_TIMEOUT_SECONDS,
      totalTimeoutSeconds: env.ATELIER_MODEL_TOTAL_TIMEOUT_SECONDS,
      maxRetries: env.ATELIER_MODEL_MAX_RETRIES,
    });
  }

  const config: ApiConfig = {
    sessionTtlMs: env.ATELIER_SESSION_DAYS * 24 * 3600_000,
    secureCookies: env.ATELIER_SECURE_COOKIES,
    maxMessageChars: env.ATELIER_MAX_MESSAGE_CHARS,
  };
  const services: Services = {
    db: database.db,
    config,
    logger,
    chatRuns: new ChatRuns(database.db, logger),
    evaluation: new EvalRunner(() => services, { concurrency: env.ATELIER_EVAL_CONCURRENCY }),
    loginThrottle: new LoginThrottle(),
    secrets,
    knowledge: createKnowledgeServices(
      database.db,
      database.sqlite,
      {
        folderRoots: [...listSetting(env.ATELIER_FOLDER_ROOTS), ...(options.extraFolderRoots ?? [])],
        allowedPrivateHosts: listSetting(env.ATELIER_ALLOWED_PRIVATE_HOSTS),
        maxFileBytes: env.ATELIER_MAX_UPLOAD_MB * 1024 * 1024,
        guideDocsPath: options.guideDocsPath === undefined ? guideDocs : options.guideDocsPath,
        guideSuiteFile: options.guideDocsPath === undefined ? guideSuite : null,
        tablesDirectory: join(env.ATELIER_DATA_DIR, "tables"),
      },
      { logger, embeddings: () => resolveEmbeddings(services) },
    ),
    localModels:
      options.localModels !== undefined
        ? options.localModels
        : new LocalGgufRuntime({ idleUnloadMs: env.ATELIER_LOCAL_MODEL_IDLE_MINUTES * 60_000, threads: env.ATELIER_LOCAL_MODEL_THREADS, maxParallel: 1 }),
  };

  const trpcHandler = (maxBodySize: number) =>
    createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize,
    createContext: ({ req, res }) =>
      createContext(services, {
        sessionToken: parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? null,
        ip: req.socket.remoteAddress ?? "unknown",
        userAgent: req.headers["user-agent"] ?? null,
        cookies: cookieWriter(res, config.secureCookies),
      }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "request failed");
    },
  });
  // Big enough for the longest message in UTF-8 plus JSON overhead; larger bodies get 413.
  const trpc = trpcHandler(env.ATELIER_MAX_MESSAGE_CHARS * 4 + 64 * 1024);
  // Test-case files (previewed, then imported): up to 5 million characters.
  const trpcCaseFiles = trpcHandler(5_000_000 * 3 + 64 * 1024);
  const caseFilePaths = new Set(["/trpc/evaluation.previewImport", "/trpc/evaluation.importCases"]);
  ensureBuiltinProvider(database.db);
  services.knowledge.runner.start();
  seedGuide(services);
  attachMonitoring(services);
  const liveGrader = new LiveGrader(() => services);
  services.chatRuns.onFinished((answer) => liveGrader.consider(answer));
  liveGrader.start();
  const webhooks = new WebhookSender(() => services);
  const alertChecker = new AlertChecker(() => services, {
    onFired: () => void webhooks.flush().catch((err) => logger.error({ err }, "alert webhooks could not be sent")),
  });
  webhooks.start();
  alertChecker.start();
  services.evaluation.onScheduleTick = () => createScheduledRuns(services);
  services.evaluation.start();
  seedGuideSuite(services, services.knowledge.settings.guideSuiteFile);
  const serveStatic = createStaticHandler(options.webRoot ?? webDist);

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v);
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/healthz") {
      let ok = true;
      try {
        database.sqlite.prepare("select 1").get();
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ok ? "ok" : "database unavailable" }));
      return;
    }
    const upload = /^\/api\/(knowledge\/sources|conversations)\/([^/]+)\/files$/.exec(path);
    if (upload) {
      if (isCrossSite(req)) {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: "Cross-site request refused" }));
        return;
      }
      const target = upload[1] === "conversations" ? "conversation" : "source";
      void handleUpload(req, res, services, { target, id: upload[2]! }, parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? null);
      return;
    }
    if (path.startsWith("/trpc/")) {
      if (isCrossSite(req)) {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: "Cross-site request refused" }));
        return;
      }
      (caseFilePaths.has(path) ? trpcCaseFiles : trpc)(req, res);
      return;
    }
    serveStatic(req, res);
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.ATELIER_PORT, env.ATELIER_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = env.ATELIER_HOST === "0.0.0.0" || env.ATELIER_HOST === "127.0.0.1" ? "localhost" : env.ATELIER_HOST;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // In-flight answers are aborted and saved; their subscribers receive a final event and end.
      await services.chatRuns.shutdown();
      await liveGrader.stop();
      await services.evaluation.stop();
      alertChecker.stop();
      await webhooks.stop();
      await services.knowledge.runner.stop();
      services.knowledge.tables.close();
      server.closeIdleConnections();
      const force = setTimeout(() => { for (const s of sockets) s.destroy(); }, 3000);
      await closed;
      clearTimeout(force);
      await (services.localModels as { dispose?: () => Promise<void> } | null)?.dispose?.();
      database.close();
    })());

  return { url: `http://${shownHost}:${port}`, port, services, server, close };
}
