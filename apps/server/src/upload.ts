import type { IncomingMessage, ServerResponse } from "node:http";
import { handleUploadRequest, type Services } from "@atelier/api";

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * POST /api/knowledge/sources/:id/files (a data source) or /api/conversations/:id/files (an
 * attachment searchable in that conversation only) — one file per request as the raw body, its name in
 * the `x-file-name` header (URI-encoded). Bodies over the upload limit are cut off with 413
 * before they are buffered whole.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  into: { target: "source" | "conversation"; id: string },
  sessionToken: string | null,
) {
  if (req.method !== "POST") {
    json(res, 405, { error: { message: "Use POST to upload a file.", code: "METHOD_NOT_SUPPORTED" } });
    return;
  }
  const max = services.knowledge.settings.maxFileBytes;
  const tooLarge = () => {
    json(res, 413, { error: { message: `The file is larger than the ${Math.round(max / 1024 / 1024)} MB limit.`, code: "PAYLOAD_TOO_LARGE", appCode: "knowledge.too_large" } });
    req.resume();
  };
  if (Number(req.headers["content-length"] ?? 0) > max) return tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).byteLength;
      if (size > max) return tooLarge();
      parts.push(chunk as Buffer);
    }
  } catch {
    return; // the client went away
  }
  let fileName = "";
  try {
    fileName = decodeURIComponent(String(req.headers["x-file-name"] ?? ""));
  } catch {
    fileName = "";
  }
  const contentType = req.headers["content-type"];
  const mimeType = contentType && contentType !== "application/octet-stream" ? contentType.split(";")[0]!.trim() : null;
  const { status, body } = handleUploadRequest(services, {
    sessionToken,
    ip: req.socket.remoteAddress ?? "unknown",
    userAgent: req.headers["user-agent"] ?? null,
    target: into.target,
    sourceId: into.id,
    fileName,
    mimeType,
    bytes: Buffer.concat(parts),
  });
  json(res, status, body);
}
