import type { Db, User } from "@atelier/db";
import type { ChatModelFactory } from "@atelier/agent";
import type { ApiConfig } from "./config";
import type { Logger } from "./logger";
import type { ChatRuns } from "./services/chat/chat-runs";
import type { LoginThrottle } from "./services/auth/login-throttle";
import { resolveSession } from "./services/auth/sessions";

/** Long-lived objects shared by every request, created once by the server. */
export interface Services {
  db: Db;
  config: ApiConfig;
  logger: Logger;
  chatRuns: ChatRuns;
  loginThrottle: LoginThrottle;
  /** Overrides how chat models are built (tests inject a scripted model). */
  createModel?: ChatModelFactory;
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
