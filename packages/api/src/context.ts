import type { Db, User } from "@atelier/db";
import type { BaseChatModel } from "@atelier/agent";
import type { Model, Provider } from "@atelier/db";
import type { LocalModels } from "./local-models";
import type { SecretBox } from "./secret-box";
import type { ApiConfig } from "./config";
import type { Logger } from "./logger";
import type { ChatRuns } from "./services/chat/chat-runs";
import type { EvalRunner } from "./services/eval/eval-runner";
import type { LoginThrottle } from "./services/auth/login-throttle";
import type { KnowledgeServices } from "./services/knowledge/knowledge-services";
import { resolveSession } from "./services/auth/sessions";

/** Long-lived objects shared by every request, created once by the server. */
export interface Services {
  db: Db;
  config: ApiConfig;
  logger: Logger;
  chatRuns: ChatRuns;
  loginThrottle: LoginThrottle;
  /** Encrypts provider API keys (and later other secrets) at rest. */
  secrets: SecretBox;
  /** The in-process GGUF runtime; null where local models are unavailable. */
  localModels: LocalModels | null;
  /** The knowledge index, the ingestion runner and the Knowledge settings. */
  knowledge: KnowledgeServices;
  /** Evaluation runs (test suites), answered and graded in the background. */
  evaluation: EvalRunner;
  /** Test seam: builds every chat model (tests inject a scripted chat model, a clearly named double). */
  createModel?: (args: { model: Model; provider: Provider; settings: { temperature: number; maxOutputTokens: number } }) => BaseChatModel;
}

export interface CookieWriter {
  /** Sets the session cookie (httpOnly, SameSite=Lax) valid until `expires`. */
  setSession(token: string, expires: Date): void;
  clearSession(): void;
}

export interface RequestInfo {
  sessionToken: string | null;
  ip: string;
  userAgent: string | null;
  cookies: CookieWriter;
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "locale">;

export interface Context extends Services, RequestInfo {
  user: SessionUser | null;
}

export function createContext(services: Services, request: RequestInfo): Context {
  const session = request.sessionToken ? resolveSession(services.db, request.sessionToken) : null;
  return { ...services, ...request, user: session?.user ?? null };
}
