import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import {
  type Assistant,
  type AssistantConfig,
  assistantSources,
  assistantVersions,
  assistants,
  knowledgeSources,
  newId,
  users,
} from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError, NotFoundError } from "../../errors";
import { canEditAssistant, canUseAssistant } from "../access";
import { diffLines, type LineChange } from "./diff-lines";

type Ctx = Context & { user: SessionUser };

/** The draft configuration: the assistant row and its sources. */
export function draftConfig(ctx: Pick<Context, "db">, assistant: Assistant): AssistantConfig {
  const sourceIds = ctx.db
    .select({ id: assistantSources.sourceId })
    .from(assistantSources)
    .where(eq(assistantSources.assistantId, assistant.id))
    .all()
    .map((r) => r.id)
    .sort();
  return {
    name: assistant.name,
    description: assistant.description,
    emoji: assistant.emoji,
    instructions: assistant.instructions,
    modelId: assistant.modelId,
    temperature: assistant.temperature,
    maxOutputTokens: assistant.maxOutputTokens,
    sourceIds,
    knowledgePassages: assistant.knowledgePassages,
    knowledgeStrictness: assistant.knowledgeStrictness,
    tools: assistant.tools,
    starters: assistant.starters,
  };
}

/**
 * The configuration a chat message runs with: the published version, or the draft when the
 * assistant was never published or when an editor previews the draft in the Studio.
 */
export function effectiveConfig(
  ctx: Ctx,
  assistant: Assistant,
  options: { preview?: boolean } = {},
): { config: AssistantConfig; versionId: string | null; versionNumber: number | null } {
  if (options.preview || !assistant.currentVersionId) {
    if (options.preview && !canEditAssistant(ctx.db, ctx.user, assistant)) {
      throw new ForbiddenError("Only the assistant's editors can try its draft.", "forbidden.not_owner");
    }
    return { config: draftConfig(ctx, assistant), versionId: null, versionNumber: null };
  }
  const version = ctx.db.select().from(assistantVersions).where(eq(assistantVersions.id, assistant.currentVersionId)).get();
  if (!version) return { config: draftConfig(ctx, assistant), versionId: null, versionNumber: null };
  return { config: version.config, versionId: version.id, versionNumber: version.number };
}

export function loadEditable(ctx: Ctx, assistantId: string): Assistant {
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, assistantId)).get();
  if (!assistant || !(canUseAssistant(ctx.db, ctx.user, assistant) || canEditAssistant(ctx.db, ctx.user, assistant))) {
    throw new NotFoundError("This assistant");
  }
  if (!canEditAssistant(ctx.db, ctx.user, assistant)) {
    throw new ForbiddenError("Only the owner of this assistant, its co-editors or an admin can do this.", "forbidden.not_owner");
  }
  return assistant;
}

/** Freezes the draft into a new immutable version and makes it the one users chat with. */
export function publishAssistant({ ctx, input }: { ctx: Ctx; input: { id: string; note?: string; overrideReason?: string | null } }) {
  const assistant = loadEditable(ctx, input.id);
  const config = draftConfig(ctx, assistant);
  const id = newId();
  const number = ctx.db.transaction((tx) => {
    const last = tx.select({ n: max(assistantVersions.number) }).from(assistantVersions).where(eq(assistantVersions.assistantId, assistant.id)).get()?.n ?? 0;
    tx.insert(assistantVersions)
      .values({ id, assistantId: assistant.id, number: last + 1, config, authorId: ctx.user.id, note: input.note ?? "", overrideReason: input.overrideReason ?? null })
      .run();
    tx.update(assistants).set({ currentVersionId: id }).where(eq(assistants.id, assistant.id)).run();
    return last + 1;
  });
  return { id, number };
}

/** Versions, newest first, with their author. */
export function listVersions({ ctx, input }: { ctx: Ctx; input: { assistantId: string } }) {
  const assistant = loadEditable(ctx, input.assistantId);
  const rows = ctx.db
    .select({
      id: assistantVersions.id,
      number: assistantVersions.number,
      note: assistantVersions.note,
      overrideReason: assistantVersions.overrideReason,
      createdAt: assistantVersions.createdAt,
      authorName: users.name,
    })
    .from(assistantVersions)
    .leftJoin(users, eq(users.id, assistantVersions.authorId))
    .where(eq(assistantVersions.assistantId, assistant.id))
    .orderBy(desc(assistantVersions.number))
    .all();
  const draft = draftConfig(ctx, assistant);
  const current = rows.find((r) => r.id === assistant.currentVersionId);
  const currentConfig = current
    ? ctx.db.select({ config: assistantVersions.config }).from(assistantVersions).where(eq(assistantVersions.id, current.id)).get()?.config
    : null;
  return {
    currentVersionId: assistant.currentVersionId,
    /** True when the draft differs from the published version (or nothing is published yet). */
    draftChanged: !currentConfig || JSON.stringify(currentConfig) !== JSON.stringify(draft),
    versions: rows.map((r) => ({ ...r, isCurrent: r.id === assistant.currentVersionId })),
  };
}

function configOf(ctx: Ctx, assistant: Assistant, ref: string): { label: string; config: AssistantConfig } {
  if (ref === "draft") return { label: "draft", config: draftConfig(ctx, assistant) };
  const version = ctx.db
    .select()
    .from(assistantVersions)
    .where(and(eq(assistantVersions.id, ref), eq(assistantVersions.assistantId, assistant.id)))
    .get();
  if (!version) throw new NotFoundError("This version");
  return { label: `v${version.number}`, config: version.config };
}

export interface FieldChange {
  field: keyof AssistantConfig;
  before: unknown;
  after: unknown;
}

/** What changed between two versions (or a version and the draft): settings, and instructions line by line. */
export function diffVersions({ ctx, input }: { ctx: Ctx; input: { assistantId: string; from: string; to: string } }) {
  const assistant = loadEditable(ctx, input.assistantId);
  const from = configOf(ctx, assistant, input.from);
  const to = configOf(ctx, assistant, input.to);
  const fields: FieldChange[] = [];
  for (const field of Object.keys(to.config) as (keyof AssistantConfig)[]) {
    if (field === "instructions") continue;
    const before = from.config[field];
    const after = to.config[field];
    if (JSON.stringify(before) !== JSON.stringify(after)) fields.push({ field, before, after });
  }
  const instructions: LineChange[] = diffLines(from.config.instructions, to.config.instructions);
  return { from: from.label, to: to.label, fields, instructions, instructionsChanged: from.config.instructions !== to.config.instructions };
}

/** Copies a version into the draft (nothing is published until the next Publish). */
export function restoreVersion({ ctx, input }: { ctx: Ctx; input: { versionId: string } }) {
  const version = ctx.db.select().from(assistantVersions).where(eq(assistantVersions.id, input.versionId)).get();
  if (!version) throw new NotFoundError("This version");
  const assistant = loadEditable(ctx, version.assistantId);
  const { sourceIds: versionSources, ...fields } = version.config;
  // Sources deleted since the version was published cannot come back.
  const sourceIds = versionSources.length
    ? ctx.db.select({ id: knowledgeSources.id }).from(knowledgeSources).where(inArray(knowledgeSources.id, versionSources)).all().map((r) => r.id)
    : [];
  ctx.db.transaction((tx) => {
    tx.update(assistants).set({ ...fields, updatedAt: new Date() }).where(eq(assistants.id, assistant.id)).run();
    tx.delete(assistantSources).where(eq(assistantSources.assistantId, assistant.id)).run();
    if (sourceIds.length) tx.insert(assistantSources).values(sourceIds.map((sourceId) => ({ assistantId: assistant.id, sourceId }))).onConflictDoNothing().run();
  });
  return { assistantId: assistant.id, restoredFrom: version.number };
}

/** The first version of every assistant, oldest first (for monitoring's version markers later). */
export function versionNumbers(ctx: Pick<Context, "db">, assistantId: string) {
  return ctx.db
    .select({ id: assistantVersions.id, number: assistantVersions.number, createdAt: assistantVersions.createdAt })
    .from(assistantVersions)
    .where(eq(assistantVersions.assistantId, assistantId))
    .orderBy(asc(assistantVersions.number))
    .all();
}
