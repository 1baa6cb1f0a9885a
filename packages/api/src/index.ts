export { appRouter, createCaller, type AppRouter } from "./root";
export { createContext, type Context, type Services, type RequestInfo, type CookieWriter } from "./context";
export { SESSION_COOKIE, type ApiConfig } from "./config";
export { ChatRuns, type ChatEvent } from "./services/chat/chat-runs";
export { LoginThrottle } from "./services/auth/login-throttle";
export { markInterruptedAnswers } from "./services/chat/recover";
export { silentLogger, type Logger } from "./logger";
export type { inferRouterOutputs, inferRouterInputs } from "@trpc/server";
export type { ModelEndpoint } from "@atelier/agent";
