import { hasKey, lookup } from "~/i18n/translate";
import type { Dictionary, Translate, TranslationKey } from "~/i18n/types";

/** What the UI needs to know about a failed call, whatever its origin. */
export interface ErrorInfo {
  /** tRPC code, e.g. "NOT_FOUND"; null for network failures. */
  code: string | null;
  /** Stable application code, e.g. "auth.invalid_credentials". */
  appCode: string | null;
  /** The server's own sentence (English), used when nothing better is known. */
  message: string | null;
  fieldErrors: Record<string, string[]>;
  retryAfterSeconds: number | null;
  /** True when the server could not be reached at all. */
  network: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

export function errorInfo(error: unknown): ErrorInfo {
  const data = isRecord(error) && isRecord(error.data) ? error.data : null;
  const message = isRecord(error) && typeof error.message === "string" ? error.message : null;
  const fieldErrors: Record<string, string[]> = {};
  if (data && isRecord(data.fieldErrors)) {
    for (const [field, messages] of Object.entries(data.fieldErrors)) {
      if (Array.isArray(messages)) fieldErrors[field] = messages.filter((m): m is string => typeof m === "string");
    }
  }
  const network = !data && (error instanceof TypeError || /fetch|network|Load failed|Unable to transform response/i.test(message ?? ""));
  return {
    code: data && typeof data.code === "string" ? data.code : null,
    appCode: data && typeof data.appCode === "string" ? data.appCode : null,
    message,
    fieldErrors,
    retryAfterSeconds: data && typeof data.retryAfterSeconds === "number" ? data.retryAfterSeconds : null,
    network,
  };
}

/** A translated sentence for an application code (e.g. a message's `errorCode`), or null. */
export function appCodeMessage(appCode: string | null | undefined, t: Translate, dict: Dictionary): string | null {
  if (!appCode) return null;
  const key = `errors.app.${appCode}`;
  return hasKey(dict, key) ? t(key as TranslationKey) : null;
}

/**
 * One human sentence for any error: the translated application code, else the translated tRPC
 * code, else the server's own sentence, else a generic one. Never a stack trace.
 */
export function errorMessage(error: unknown, t: Translate, dict: Dictionary): string {
  const info = errorInfo(error);
  if (info.network) return t("errors.network");
  let sentence =
    appCodeMessage(info.appCode, t, dict) ??
    (info.code && hasKey(dict, `errors.codes.${info.code}`) ? t(`errors.codes.${info.code}` as TranslationKey) : null) ??
    (info.code && info.message ? info.message : t("errors.generic"));
  if (info.retryAfterSeconds) sentence = `${sentence} ${t("errors.retryAfter", { seconds: info.retryAfterSeconds })}`;
  return sentence;
}

/** Translates a validator message (keyed by its English text); unknown messages pass through. */
export function fieldMessage(message: string, dict: Dictionary): string {
  return lookup(dict.fieldMessages as Record<string, string>, message) ?? message;
}

/** Server field errors, translated, first message per field. */
export function fieldErrorsOf(error: unknown, dict: Dictionary): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(errorInfo(error).fieldErrors)) {
    if (messages[0]) out[field] = fieldMessage(messages[0], dict);
  }
  return out;
}

/** Client-side validation issues (zod) to translated field messages, first per field. */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[], dict: Dictionary): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join(".") || "_";
    out[field] ??= fieldMessage(issue.message, dict);
  }
  return out;
}

export function isUnauthenticated(error: unknown): boolean {
  const info = errorInfo(error);
  return info.appCode === "auth.required" || (info.code === "UNAUTHORIZED" && !info.appCode);
}

/** NOT_FOUND, or BAD_REQUEST from a malformed id in the URL. */
export function isNotFound(error: unknown): boolean {
  const code = errorInfo(error).code;
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}
