export const providerErrorCodes = [
  "not_configured",
  "unreachable",
  "timeout",
  "auth",
  "unknown_model",
  "rate_limited",
  "server_error",
  "bad_response",
  "tls",
  "local_model",
  "forbidden",
] as const;
export type ProviderErrorCode = (typeof providerErrorCodes)[number];

/** A model call that failed, with a sentence a user can act on. Never contains the API key. */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    /** True when trying again later may succeed (network, 429, 5xx). */
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}


function findCode(error: unknown): string | undefined {
  let e: any = error;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause) {
    if (typeof e.code === "string" && /^[A-Z][A-Z0-9_]+$/.test(e.code)) return e.code;
  }
  return undefined;
}

function findStatus(error: unknown): number | undefined {
  let e: any = error;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause) {
    if (typeof e.status === "number") return e.status;
    if (typeof e.response?.status === "number") return e.response.status;
  }
  return undefined;
}

/**
 * Turns whatever the client threw into a ProviderError that names the server (`host`, e.g.
 * "vllm.internal:8000") and the cause in plain words.
 */
export function toProviderError(error: unknown, host: string, model: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error && typeof error === "object" && (error as any).name === "LocalModelError") {
    return new ProviderError("local_model", (error as Error).message, (error as any).code === "busy_timeout", { cause: error });
  }
  const status = findStatus(error);
  const netCode = findCode(error);
  const text = String((error as any)?.message ?? error);
  if (status === 401 || status === 403) {
    return new ProviderError("auth", `The model server at ${host} refused the API key (HTTP ${status}). Ask an administrator to check it.`, false, { cause: error });
  }
  if (status === 404) {
    return new ProviderError("unknown_model", `The model server at ${host} does not know the model "${model}".`, false, { cause: error });
  }
  if (status === 429) {
    return new ProviderError("rate_limited", `The model server at ${host} is overloaded (HTTP 429, too many requests). Try again in a moment.`, true, { cause: error });
  }
  if (status !== undefined && status >= 500) {
    return new ProviderError("server_error", `The model server at ${host} failed (HTTP ${status}). Try again in a moment.`, true, { cause: error });
  }
  if (status !== undefined && status >= 400) {
    return new ProviderError("bad_response", `The model server at ${host} rejected the request (HTTP ${status}).`, false, { cause: error });
  }
  if (netCode === "ENOTFOUND" || netCode === "EAI_AGAIN") {
    return new ProviderError("unreachable", `The model server ${host} could not be found (DNS lookup failed).`, true, { cause: error });
  }
  if (netCode && /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET)$/.test(netCode)) {
    const what = netCode === "ECONNREFUSED" ? "refused the connection" : "closed the connection";
    return new ProviderError("unreachable", `The model server at ${host} ${what}. Is it running?`, true, { cause: error });
  }
  if (/CERT|TLS|SSL|SIGNATURE/.test(netCode ?? "") || /certificate/i.test(text)) {
    return new ProviderError("tls", `The TLS certificate of the model server at ${host} was not accepted${netCode ? ` (${netCode})` : ""}.`, false, { cause: error });
  }
  if (/bad port/i.test(String((error as any)?.cause?.cause?.message ?? (error as any)?.cause?.message ?? ""))) {
    return new ProviderError("unreachable", `The port of ${host} is one that HTTP clients refuse to use (unsafe port). Use the model server's real port.`, false, { cause: error });
  }
  if (/Connection error|fetch failed|terminated|socket hang up|other side closed/i.test(text)) {
    return new ProviderError("unreachable", `The connection to the model server at ${host} was lost.`, true, { cause: error });
  }
  if (/JSON|Unexpected token|parse/i.test(text)) {
    return new ProviderError("bad_response", `The model server at ${host} sent an answer that is not valid JSON.`, false, { cause: error });
  }
  return new ProviderError("bad_response", `The model server at ${host} returned an unexpected answer.`, false, { cause: error });
}
