import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { type AssistantToolsConfig, assistantEditors, assistantSources, assistants, knowledgeSources, models, newId, providers, users, teams, type Assistant } from "@atelier/db";
import { visibleSourceIds } from "../knowledge/source-access";
import { createTools, ToolConfigError } from "@atelier/agent";
import { effectiveSovereignty } from "../models/effective";
import { listUsableChatModels, workspacePolicy } from "../models/models";
import { usageByAssistant } from "../usage/usage-queries";
import type { CreateAssistantInput, UpdateAssistantInput } from "@atelier/validators";
import { createAssistantInput, updateAssistantInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { canAdministerAssistant, canEditAssistant, canUseAssistant, teamIdsOf, usableAssistantsWhere } from "../access";

type Ctx = Context & { user: SessionUser };

const listColumns = {
  id: assistants.id,
  name: assistants.name,
  description: assistants.description,
  emoji: assistants.emoji,
  modelId: assistants.modelId,
  visibility: assistants.visibility,
  teamId: assistants.teamId,
  teamName: teams.name,
  ownerId: assistants.ownerId,
  ownerName: users.name,
  currentVersionId: assistants.currentVersionId,
  updatedAt: assistants.updatedAt,
};

/**
 * Adds to each assistant the model it answers with (its own or the workspace default), with the
 * model's sovereignty label, and its usage over the last 30 days.
 */
function withModelAndUsage<T extends { id: string; modelId: string | null }>(ctx: Ctx, rows: T[]) {
  const catalog = new Map(
    ctx.db
      .select({ id: models.id, displayName: models.displayName, sovereignty: models.sovereignty, providerSovereignty: providers.sovereignty, providerName: providers.name })
      .from(models)
      .innerJoin(providers, eq(providers.id, models.providerId))
      .all()
      .map((m) => [m.id, { id: m.id, displayName: m.displayName, providerName: m.providerName, sovereignty: m.sovereignty ?? m.providerSovereignty }]),
  );
  const defaultId = workspacePolicy(ctx).defaultChatModelId;
  const usage = usageByAssistant(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    ...r,
    model: (r.modelId ? catalog.get(r.modelId) : defaultId ? catalog.get(defaultId) : undefined) ?? null,
    usesDefaultModel: !r.modelId,
    usage30d: usage.get(r.id) ?? { calls: 0, inputTokens: 0, outputTokens: 0, costEur: 0 },
  }));
}

/** Confidential and secret sources restrict the model to on-premises ones (also checked at run time). */
function checkSensitiveSources(ctx: Ctx, modelId: string | null, sourceIds: string[]) {
  if (sourceIds.length === 0) return;
  const id = modelId ?? workspacePolicy(ctx).defaultChatModelId;
  if (!id) return;
  const row = ctx.db.select({ model: models, provider: providers }).from(models).innerJoin(providers, eq(providers.id, models.providerId)).where(eq(models.id, id)).get();
  if (!row || effectiveSovereignty(row.model, row.provider) === "on_premises") return;
  const sensitive = ctx.db
    .select({ name: knowledgeSources.name })
    .from(knowledgeSources)
    .where(and(inArray(knowledgeSources.id, sourceIds), inArray(knowledgeSources.sensitivity, ["confidential", "secret"])))
    .get();
  if (sensitive) {
    const message = `"${sensitive.name}" is confidential: pick an on-premises model to use it.`;
    throw new ValidationError(message, { modelId: [message] }, "assistants.sensitivity");
  }
}

/** Tools are checked when saved (an OpenAPI spec that does not parse, an unknown operation), not at the first chat. */
function checkTools(tools: AssistantToolsConfig | undefined) {
  if (!tools) return;
  try {
    createTools(tools);
  } catch (e) {
    if (e instanceof ToolConfigError) throw new ValidationError(e.message, { tools: [e.message] }, "assistants.tools_invalid");
    throw e;
  }
}

/** A builder may only pick a model that is enabled, chat-capable and allowed by policy. */
function checkModel(ctx: Ctx, modelId: string | null) {
  if (modelId && !listUsableChatModels({ ctx }).some((m) => m.id === modelId)) {
    throw new ValidationError("This model cannot be used.", { modelId: ["This model is not available (disabled, not a chat model, or forbidden by the workspace policy)"] });
  }
}

/** Assistants the user may chat with, for the Chat picker. */
export function listUsableAssistants({ ctx }: { ctx: Ctx }) {
  return withModelAndUsage(ctx, ctx.db
    .select(listColumns)
    .from(assistants)
    .innerJoin(users, eq(users.id, assistants.ownerId))
    .leftJoin(teams, eq(teams.id, assistants.teamId))
    .where(usableAssistantsWhere(ctx.db, ctx.user))
    .orderBy(asc(assistants.name))
    .all());
}

/** Assistants the user may edit, for the Studio: their own, or every one for admins. */
export function listEditableAssistants({ ctx }: { ctx: Ctx }) {
  const q = ctx.db
    .select(listColumns)
    .from(assistants)
    .innerJoin(users, eq(users.id, assistants.ownerId))
    .leftJoin(teams, eq(teams.id, assistants.teamId));
  const coEdited = ctx.db.select({ id: assistantEditors.assistantId }).from(assistantEditors).where(eq(assistantEditors.userId, ctx.user.id));
  const mine = or(eq(assistants.ownerId, ctx.user.id), inArray(assistants.id, coEdited));
  return withModelAndUsage(ctx, (ctx.user.role === "admin" ? q : q.where(mine)).orderBy(desc(assistants.updatedAt)).all());
}

function load(ctx: Ctx, id: string): Assistant {
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, id)).get();
  // An assistant the user may not use is reported as missing, so ids do not leak.
  if (!assistant || !(canUseAssistant(ctx.db, ctx.user, assistant) || canEditAssistant(ctx.db, ctx.user, assistant))) throw new NotFoundError("This assistant");
  return assistant;
}

/** The assistant's data sources, with the name of those the user may see (others are counted). */
function sourcesOf(ctx: Ctx, assistantId: string) {
  const visible = new Set(visibleSourceIds(ctx));
  const rows = ctx.db
    .select({ id: knowledgeSources.id, name: knowledgeSources.name, kind: knowledgeSources.kind, sensitivity: knowledgeSources.sensitivity })
    .from(assistantSources)
    .innerJoin(knowledgeSources, eq(knowledgeSources.id, assistantSources.sourceId))
    .where(eq(assistantSources.assistantId, assistantId))
    .orderBy(asc(knowledgeSources.name))
    .all();
  return { sources: rows.filter((r) => visible.has(r.id)), hiddenSourceCount: rows.filter((r) => !visible.has(r.id)).length };
}

export function getAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = load(ctx, input.id);
  const [withModel] = withModelAndUsage(ctx, [assistant]);
  const { sources, hiddenSourceCount } = sourcesOf(ctx, assistant.id);
  return { ...withModel!, sourceIds: sources.map((s) => s.id), sources, hiddenSourceCount, canEdit: canEditAssistant(ctx.db, ctx.user, assistant), canAdminister: canAdministerAssistant(ctx.user, assistant) };
}

/** A builder attaches only sources they may see; sources attached by others stay attached. */
function setSources(ctx: Ctx, assistantId: string, sourceIds: string[]) {
  const visible = new Set(visibleSourceIds(ctx));
  const unknown = sourceIds.filter((id) => !visible.has(id));
  if (unknown.length) throw new ValidationError("Unknown data source.", { sourceIds: ["One of these data sources does not exist or is not yours to use"] });
  ctx.db.transaction((tx) => {
    const current = tx.select({ id: assistantSources.sourceId }).from(assistantSources).where(eq(assistantSources.assistantId, assistantId)).all();
    const removable = current.map((c) => c.id).filter((id) => visible.has(id));
    if (removable.length) tx.delete(assistantSources).where(and(eq(assistantSources.assistantId, assistantId), inArray(assistantSources.sourceId, removable))).run();
    if (sourceIds.length) tx.insert(assistantSources).values([...new Set(sourceIds)].map((sourceId) => ({ assistantId, sourceId }))).onConflictDoNothing().run();
  });
}

/** Only teams the owner belongs to (any team for admins) can receive a team-visible assistant. */
function checkTeam(ctx: Ctx, visibility: string, teamId: string | null): string | null {
  if (visibility !== "team") return null;
  if (!teamId) throw new ValidationError("Choose a team.", { teamId: ["Choose the team that may use this assistant"] });
  const exists = ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
  if (!exists) throw new ValidationError("Unknown team.", { teamId: ["This team does not exist"] });
  if (ctx.user.role !== "admin" && !teamIdsOf(ctx.db, ctx.user.id).includes(teamId)) {
    throw new ValidationError("You can only share with your own teams.", { teamId: ["You can only share with a team you belong to"] });
  }
  return teamId;
}

export function createAssistant({ ctx, input }: { ctx: Ctx; input: CreateAssistantInput }) {
  const data = createAssistantInput.parse(input);
  const id = newId();
  const teamId = checkTeam(ctx, data.visibility, data.teamId);
  checkModel(ctx, data.modelId);
  checkSensitiveSources(ctx, data.modelId, data.sourceIds);
  checkTools(data.tools);
  const { sourceIds, ...fields } = data;
  ctx.db.insert(assistants).values({ ...fields, teamId, id, ownerId: ctx.user.id }).run();
  setSources(ctx, id, sourceIds);
  return getAssistant({ ctx, input: { id } });
}

/** Edits the draft (what "Publish" will freeze into a version); fields left out keep their value. */
export function updateAssistant({ ctx, input }: { ctx: Ctx; input: UpdateAssistantInput }) {
  const { id, ...data } = updateAssistantInput.parse(input);
  const assistant = load(ctx, id);
  if (!canEditAssistant(ctx.db, ctx.user, assistant)) throw new ForbiddenError("Only the owner of this assistant, its co-editors or an admin can edit it.", "forbidden.not_owner");
  const visibility = data.visibility ?? assistant.visibility;
  const sharingChanged = visibility !== assistant.visibility || (data.teamId !== undefined && data.teamId !== assistant.teamId);
  if (sharingChanged && !canAdministerAssistant(ctx.user, assistant)) {
    throw new ForbiddenError("Only the owner of this assistant or an admin can change who may use it.", "forbidden.not_owner");
  }
  const teamId = checkTeam(ctx, visibility, data.teamId === undefined ? assistant.teamId : data.teamId);
  if (data.modelId !== undefined && data.modelId !== assistant.modelId) checkModel(ctx, data.modelId);
  const nextSources =
    data.sourceIds ?? ctx.db.select({ id: assistantSources.sourceId }).from(assistantSources).where(eq(assistantSources.assistantId, id)).all().map((r) => r.id);
  checkSensitiveSources(ctx, data.modelId === undefined ? assistant.modelId : data.modelId, nextSources);
  checkTools(data.tools);
  const { sourceIds, ...fields } = data;
  ctx.db.update(assistants).set({ ...fields, visibility, teamId, updatedAt: new Date() }).where(eq(assistants.id, id)).run();
  if (sourceIds) setSources(ctx, id, sourceIds);
  return getAssistant({ ctx, input: { id } });
}

export function deleteAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = load(ctx, input.id);
  if (!canAdministerAssistant(ctx.user, assistant)) throw new ForbiddenError("Only the owner of this assistant or an admin can delete it.", "forbidden.not_owner");
  ctx.db.delete(assistants).where(and(eq(assistants.id, input.id))).run();
  return { id: input.id };
}
