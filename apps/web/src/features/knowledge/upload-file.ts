/** What the upload endpoint answers. */
export interface UploadResult {
  name: string;
  sizeBytes: number;
  jobId: string;
}

/** An upload the server refused, shaped like a tRPC client error so the usual error helpers read it. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly data: { code: string | null; appCode: string | null; httpStatus: number },
  ) {
    super(message);
  }
}

/**
 * Sends one file to POST /api/knowledge/sources/:id/files as the raw body (same-origin session
 * cookie), reporting upload progress from 0 to 1. Rejects with an UploadError for an error
 * answer, or a TypeError when the server could not be reached.
 */
export function uploadFile(sourceId: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return sendFile(`/api/knowledge/sources/${encodeURIComponent(sourceId)}/files`, file, onProgress, signal);
}

/** Attaches one file to a conversation (POST /api/conversations/:id/files), like `uploadFile`. */
export function attachFile(conversationId: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return sendFile(`/api/conversations/${encodeURIComponent(conversationId)}/files`, file, onProgress, signal);
}

function sendFile(url: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 200 && body && typeof body === "object" && "jobId" in body) {
        onProgress(1);
        resolve(body as UploadResult);
        return;
      }
      const error = (body as { error?: { message?: string; code?: string; appCode?: string | null } } | null)?.error;
      reject(
        new UploadError(error?.message ?? `The server answered ${xhr.status}.`, {
          code: error?.code ?? (xhr.status === 413 ? "PAYLOAD_TOO_LARGE" : null),
          appCode: error?.appCode ?? null,
          httpStatus: xhr.status,
        }),
      );
    };
    xhr.onerror = () => reject(new TypeError("Failed to fetch"));
    xhr.onabort = () => reject(Object.assign(new Error("The upload was cancelled."), { name: "AbortError" }));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
