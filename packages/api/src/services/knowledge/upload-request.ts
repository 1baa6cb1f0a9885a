import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { idPattern } from "@atelier/validators";
import { createContext, type Services } from "../../context";
import { ForbiddenError, NotFoundError, UnauthorizedError, errorData, toTRPCError } from "../../errors";
import { attachFile, uploadFile } from "./upload-file";

export interface UploadRequest {
  sessionToken: string | null;
  ip: string;
  userAgent: string | null;
  /** A data source's files, or (with `target: "conversation"`) a conversation's attachments. */
  target?: "source" | "conversation";
  sourceId: string;
  fileName: string;
  mimeType: string | null;
  bytes: Uint8Array;
}

/**
 * The upload endpoint's logic (POST /api/knowledge/sources/:id/files, raw body, one file per
 * request — binary files do not belong in tRPC's JSON): same session, role and error shapes as
 * the tRPC procedures. Returns the HTTP status and JSON body.
 */
export function handleUploadRequest(services: Services, request: UploadRequest): { status: number; body: unknown } {
  try {
    const ctx = createContext(services, {
      sessionToken: request.sessionToken,
      ip: request.ip,
      userAgent: request.userAgent,
      cookies: { setSession() {}, clearSession() {} },
    });
    if (!ctx.user) throw new UnauthorizedError();
    const user = ctx.user;
    if (request.target === "conversation") {
      if (!idPattern.test(request.sourceId)) throw new NotFoundError("This conversation");
      const result = attachFile({ ctx: { ...ctx, user }, input: { ...request, conversationId: request.sourceId } });
      return { status: 200, body: result };
    }
    if (user.role === "member") throw new ForbiddenError("Only builders and administrators can add documents.");
    if (!idPattern.test(request.sourceId)) throw new NotFoundError("This data source");
    const result = uploadFile({ ctx: { ...ctx, user }, input: request });
    return { status: 200, body: result };
  } catch (e) {
    const error = toTRPCError(e);
    const status = getHTTPStatusCodeFromError(error);
    if (status >= 500) services.logger.error({ err: e }, "upload failed");
    return { status, body: { error: { message: error.message, code: error.code, ...errorData(e) } } };
  }
}
