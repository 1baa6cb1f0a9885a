import { afterEach } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase } from "@atelier/db/testing";
import type { ModelEndpoint } from "@atelier/agent";
import { errorData } from "../src/errors";
import { resolveEmbeddings } from "../src/services/knowledge/embeddings";
import { attachMonitoring, ChatRuns, EvalRunner, LoginThrottle, SecretBox, createCaller, createKnowledgeServices, type KnowledgeSettings, createContext, ensureManagedProvider, ensureWorkspaceRow, silentLogger, type ApiConfig, type Services } from "../src";

/** Cookie writer that remembers the session token, like a browser would. */
export class CookieJar {
  token: string | null = null;
  setSession(token: string) {
    this.token = token;
  }
  clearSession() {
    this.token = null;
  }
}

export interface Harness {
  services: Services;
  /** A caller acting as the browser that owns `jar`. */
  as(jar: CookieJar, ip?: string): ReturnType<typeof createCaller>;
  anonymous(): ReturnType<typeof createCaller>;
  /** Runs first-run setup and returns the admin's browser. */
  setupAdmin(): Promise<CookieJar>;
  /** Creates a user through the admin API and signs them in. */
  user(role: "admin" | "builder" | "member", teamIds?: string[]): Promise<{ jar: CookieJar; id: string; email: string }>;
  close(): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

export function modelEndpoint(baseUrl: string, over: Partial<ModelEndpoint> = {}): ModelEndpoint {
  return { baseUrl, apiKey: "sk-test", model: "fake-chat", firstTokenTimeoutMs: 5000, totalTimeoutMs: 20000, maxRetries: 0, ...over };
}

let counter = 0;

/**
 * A migrated in-memory database and the API's services. `model`: an OpenAI-compatible endpoint
 * registered as the workspace's default chat model (as the server does from its environment).
 */
export function createHarness(
  config: Partial<ApiConfig> & { model?: ModelEndpoint | null; knowledge?: Partial<KnowledgeSettings> } = {},
  overrides: Partial<Services> = {},
): Harness {
  const handle = createTestDatabase();
  const { model, knowledge, ...apiConfig } = config;
  const services: Services = {
    db: handle.db,
    logger: silentLogger,
    chatRuns: new ChatRuns(handle.db, silentLogger),
    evaluation: new EvalRunner(() => services, { scheduleCheckMs: 0 }),
    loginThrottle: new LoginThrottle(),
    secrets: new SecretBox(randomBytes(32)),
    localModels: null,
    knowledge: createKnowledgeServices(handle.db, handle.sqlite, { folderRoots: [], allowedPrivateHosts: [], maxFileBytes: 5 * 1024 * 1024, ...knowledge }, { scheduleCheckMs: 0, embeddings: () => resolveEmbeddings(services) }),
    config: { sessionTtlMs: 60 * 60_000, secureCookies: false, maxMessageChars: 2000, passwordHashCost: 2 ** 10, ...apiConfig },
    ...overrides,
  };
  ensureWorkspaceRow(handle.db);
  services.knowledge.runner.start();
  services.evaluation.start();
  attachMonitoring(services);
  if (model) {
    ensureManagedProvider(handle.db, services.secrets, {
      managedBy: "environment",
      name: "Test endpoint",
      kind: "openai_compatible",
      baseUrl: model.baseUrl,
      apiKey: model.apiKey,
      modelName: model.model,
      sovereignty: "on_premises",
      firstTokenTimeoutSeconds: model.firstTokenTimeoutMs / 1000,
      totalTimeoutSeconds: model.totalTimeoutMs / 1000,
      maxRetries: model.maxRetries,
    });
  }
  let adminJar: CookieJar | null = null;
  const as = (jar: CookieJar, ip = "10.0.0.1") => createCaller(createContext(services, { sessionToken: jar.token, ip, userAgent: "vitest", cookies: jar }));
  const harness: Harness = {
    services,
    as,
    anonymous: () => as(new CookieJar()),
    async setupAdmin() {
      const jar = new CookieJar();
      await as(jar).auth.setup({ workspaceName: "ACME", name: "Ada Admin", email: "ada@acme.test", password: "correct horse battery" });
      adminJar = jar;
      return jar;
    },
    async user(role, teamIds = []) {
      const admin = adminJar ?? (await harness.setupAdmin());
      const email = `${role}${++counter}@acme.test`;
      const { id } = await as(admin).users.create({ name: `${role} ${counter}`, email, password: "long enough password", role, teamIds });
      const jar = new CookieJar();
      await as(jar).auth.login({ email, password: "long enough password" });
      return { jar, id, email };
    },
    async close() {
      await services.chatRuns.shutdown();
      await services.evaluation.stop();
      await services.knowledge.runner.stop();
      services.knowledge.tables.close();
      handle.close();
    },
  };
  open.push(harness);
  return harness;
}

/** The tRPC error code of a rejected call. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error: any) {
    return error.code;
  }
  return "OK";
}

/** What the client would read in `error.data` (the error formatter's extra fields). */
export function dataOf(error: any) {
  return errorData(error?.cause);
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
