import { createHash } from "node:crypto";
import { sourceFiles, newId } from "@atelier/db";
import { detectFormat, SUPPORTED_EXTENSIONS } from "@atelier/knowledge";
import type { Context, SessionUser } from "../../context";
import { ValidationError } from "../../errors";
import { loadManagedSource } from "./source-access";
import { ensureConversationSource } from "./conversation-files";
import { loadOwnConversation } from "../chat/conversations";

type Ctx = Context & { user: SessionUser };

/** A file name safe to show and store: its last path segment, no control characters. */
export function cleanFileName(raw: string): string {
  const base = raw.replace(/\\/g, "/").split("/").pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
}

/**
 * Stores an uploaded file in the source (replacing a file of the same name) and queues a sync
 * that parses and indexes it. Unsupported types and oversized files are refused at once, so the
 * user hears about them before anything is queued.
 */
export function uploadFile({ ctx, input }: { ctx: Ctx; input: { sourceId: string; fileName: string; mimeType: string | null; bytes: Uint8Array } }) {
  const source = loadManagedSource(ctx, input.sourceId);
  if (source.kind !== "upload") throw new ValidationError("Files can only be uploaded to an upload source.", {}, "knowledge.not_an_upload_source");
  return storeFile(ctx, source.id, input);
}

/**
 * Attaches a file to one of the user's conversations: parsed and indexed into the
 * conversation's hidden source, searchable in that conversation only.
 */
export function attachFile({ ctx, input }: { ctx: Ctx; input: { conversationId: string; fileName: string; mimeType: string | null; bytes: Uint8Array } }) {
  const conversation = loadOwnConversation(ctx, input.conversationId);
  return storeFile(ctx, ensureConversationSource(ctx, conversation.id), input);
}

function storeFile(ctx: Ctx, sourceId: string, input: { fileName: string; mimeType: string | null; bytes: Uint8Array }) {
  const source = { id: sourceId };
  const name = cleanFileName(input.fileName);
  if (!name) throw new ValidationError("The file has no name.", {}, "knowledge.file_name");
  if (!detectFormat(name, input.mimeType)) {
    throw new ValidationError(`"${name}" is not a supported type. Supported: ${SUPPORTED_EXTENSIONS.join(", ")}.`, {}, "knowledge.unsupported_type");
  }
  const max = ctx.knowledge.settings.maxFileBytes;
  if (input.bytes.byteLength > max) {
    throw new ValidationError(`"${name}" is larger than the ${Math.round(max / 1024 / 1024)} MB limit.`, {}, "knowledge.too_large");
  }
  if (input.bytes.byteLength === 0) throw new ValidationError(`"${name}" is empty.`, {}, "knowledge.empty_file");
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const data = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const now = new Date();
  ctx.db
    .insert(sourceFiles)
    .values({ id: newId(), sourceId: source.id, name, mimeType: input.mimeType, sizeBytes: data.byteLength, sha256, data, uploadedById: ctx.user.id })
    .onConflictDoUpdate({
      target: [sourceFiles.sourceId, sourceFiles.name],
      set: { mimeType: input.mimeType, sizeBytes: data.byteLength, sha256, data, uploadedById: ctx.user.id, updatedAt: now },
    })
    .run();
  const job = ctx.knowledge.runner.enqueue(source.id, "upload", ctx.user.id);
  return { name, sizeBytes: data.byteLength, jobId: job.id };
}
