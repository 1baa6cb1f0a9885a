import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ProviderError } from "@atelier/agent";

/** Domain errors: services throw these; `toTRPCError` maps them to tRPC codes in one place. */
export class DomainError extends Error {
  constructor(
    message: string,
    /** Stable code the UI translates, e.g. "auth.invalid_credentials". */
    readonly appCode: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} was not found.`, "not_found", { what });
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message = "Please sign in.", appCode = "auth.required") {
    super(message, appCode);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this.", appCode = "forbidden") {
    super(message, appCode);
  }
}
export class ConflictError extends DomainError {}
export class ValidationError extends DomainError {
  constructor(message: string, readonly fieldErrors: Record<string, string[]> = {}, appCode = "validation") {
    super(message, appCode, { fieldErrors });
  }
}
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, "auth.rate_limited", { retryAfterSeconds });
  }
}
export class PreconditionError extends DomainError {}

const providerCodes: Record<ProviderError["code"], TRPC_ERROR_CODE_KEY> = {
  not_configured: "PRECONDITION_FAILED",
  unreachable: "BAD_GATEWAY",
  timeout: "GATEWAY_TIMEOUT",
  auth: "BAD_GATEWAY",
  unknown_model: "BAD_GATEWAY",
  rate_limited: "TOO_MANY_REQUESTS",
  server_error: "BAD_GATEWAY",
  bad_response: "BAD_GATEWAY",
  tls: "BAD_GATEWAY",
  local_model: "BAD_GATEWAY",
  forbidden: "FORBIDDEN",
};

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  const code: TRPC_ERROR_CODE_KEY | undefined =
    error instanceof NotFoundError ? "NOT_FOUND"
    : error instanceof UnauthorizedError ? "UNAUTHORIZED"
    : error instanceof ForbiddenError ? "FORBIDDEN"
    : error instanceof ConflictError ? "CONFLICT"
    : error instanceof ValidationError ? "BAD_REQUEST"
    : error instanceof RateLimitedError ? "TOO_MANY_REQUESTS"
    : error instanceof PreconditionError ? "PRECONDITION_FAILED"
    : error instanceof ProviderError ? providerCodes[error.code]
    : undefined;
  if (code) return new TRPCError({ code, message: (error as Error).message, cause: error as Error });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on the server.", cause: error instanceof Error ? error : new Error(String(error)) });
}

/** The `data` fields the client receives beyond tRPC's own. */
export function errorData(cause: unknown): { appCode: string | null; fieldErrors: Record<string, string[]> | null; retryAfterSeconds: number | null } {
  let appCode: string | null = null;
  let fieldErrors: Record<string, string[]> | null = null;
  let retryAfterSeconds: number | null = null;
  if (cause instanceof DomainError) appCode = cause.appCode;
  if (cause instanceof ProviderError) appCode = `provider.${cause.code}`;
  if (cause instanceof ValidationError) fieldErrors = cause.fieldErrors;
  if (cause instanceof RateLimitedError) retryAfterSeconds = cause.retryAfterSeconds;
  if (cause && typeof cause === "object" && "issues" in cause && Array.isArray((cause as any).issues)) {
    appCode = "validation";
    fieldErrors = {};
    for (const issue of (cause as any).issues as { path: (string | number)[]; message: string }[]) {
      const key = issue.path.join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
  }
  return { appCode, fieldErrors, retryAfterSeconds };
}
