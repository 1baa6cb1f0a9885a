import { and, asc, eq } from "drizzle-orm";
import { models, newId, providers, workspace, type Model } from "@atelier/db";
import type { ModelInput, ModelSettingsInput, UpdateModelInput } from "@atelier/validators";
import type { Context } from "../../context";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { clearDefaultsFor } from "./clear-defaults";
import { allowedByPolicy, effectiveSovereignty } from "./effective";

type Ctx = Context & { user: NonNullable<Context["user"]> };

export function workspacePolicy(ctx: Pick<Context, "db">) {
  const ws = ctx.db.select().from(workspace).get();
  return {
    forbidExternalModels: ws?.forbidExternalModels ?? false,
    defaultChatModelId: ws?.defaultChatModelId ?? null,
    defaultEmbeddingModelId: ws?.defaultEmbeddingModelId ?? null,
    defaultJudgeModelId: ws?.defaultJudgeModelId ?? null,
  };
}

function usableRows(ctx: Pick<Context, "db">) {
  return ctx.db
    .select({ model: models, provider: { id: providers.id, name: providers.name, kind: providers.kind, sovereignty: providers.sovereignty, enabled: providers.enabled } })
    .from(models)
    .innerJoin(providers, eq(providers.id, models.providerId))
    .where(and(eq(models.enabled, true), eq(providers.enabled, true)))
    .orderBy(asc(providers.name), asc(models.displayName))
    .all();
}

/**
 * Chat models a builder may pick in the Studio: enabled, on an enabled provider, and allowed by
 * the workspace's sovereignty policy. Prices and labels come along so the choice is informed.
 */
export function listUsableChatModels({ ctx }: { ctx: Pick<Context, "db"> }) {
  const policy = workspacePolicy(ctx);
  return usableRows(ctx)
    .filter((r) => r.model.chat)
    .map((r) => ({
      id: r.model.id,
      displayName: r.model.displayName,
      name: r.model.name,
      providerName: r.provider.name,
      providerKind: r.provider.kind,
      sovereignty: effectiveSovereignty(r.model, r.provider),
      contextWindow: r.model.contextWindow,
      inputPricePerMTokEur: r.model.inputPricePerMTokEur,
      outputPricePerMTokEur: r.model.outputPricePerMTokEur,
      tools: r.model.tools,
      isDefault: r.model.id === policy.defaultChatModelId,
    }))
    .filter((m) => allowedByPolicy(m.sovereignty, policy));
}

function loadModel(ctx: Ctx, id: string) {
  const row = ctx.db.select({ model: models, provider: providers }).from(models).innerJoin(providers, eq(providers.id, models.providerId)).where(eq(models.id, id)).get();
  if (!row) throw new NotFoundError("This model");
  return row;
}

export function addModel({ ctx, input }: { ctx: Ctx; input: ModelInput }) {
  const provider = ctx.db.select().from(providers).where(eq(providers.id, input.providerId)).get();
  if (!provider) throw new NotFoundError("This provider");
  if (ctx.db.select({ id: models.id }).from(models).where(and(eq(models.providerId, provider.id), eq(models.name, input.name))).get()) {
    throw new ValidationError("This model is already listed.", { name: ["This provider already has a model with this name"] });
  }
  const id = newId();
  ctx.db.insert(models).values({ ...input, id, displayName: input.displayName || input.name }).run();
  return { id };
}

export function updateModel({ ctx, input }: { ctx: Ctx; input: UpdateModelInput }) {
  const { model } = loadModel(ctx, input.id);
  const { id, ...changes } = input;
  const next: Partial<Model> = { ...changes, updatedAt: new Date() };
  if (next.chat === false && workspacePolicy(ctx).defaultChatModelId === id) {
    throw new ValidationError("This is the workspace's default chat model.", { chat: ["Pick another default chat model first"] });
  }
  ctx.db.update(models).set(next).where(eq(models.id, model.id)).run();
  return { id };
}

export function deleteModel({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { model } = loadModel(ctx, input.id);
  const provider = ctx.db.select({ managedBy: providers.managedBy }).from(providers).where(eq(providers.id, model.providerId)).get();
  if (provider?.managedBy === "builtin") throw new ConflictError("The built-in engine cannot be removed; disable it instead.", "models.builtin");
  ctx.db.transaction((tx) => {
    clearDefaultsFor(tx, [input.id]);
    tx.delete(models).where(eq(models.id, input.id)).run();
  });
  return { id: input.id };
}

export function getModelSettings({ ctx }: { ctx: Pick<Context, "db"> }) {
  return workspacePolicy(ctx);
}

/** Workspace defaults and policy; each default must have the right capability and be allowed. */
export function updateModelSettings({ ctx, input }: { ctx: Ctx; input: ModelSettingsInput }) {
  const policy = { ...workspacePolicy(ctx), ...input };
  const check = (field: "defaultChatModelId" | "defaultEmbeddingModelId" | "defaultJudgeModelId", capability: "chat" | "embeddings") => {
    const id = policy[field];
    if (!id) return;
    const row = ctx.db.select({ model: models, provider: providers }).from(models).innerJoin(providers, eq(providers.id, models.providerId)).where(eq(models.id, id)).get();
    if (!row) throw new ValidationError("Unknown model.", { [field]: ["This model does not exist"] });
    if (!row.model[capability]) throw new ValidationError("Wrong kind of model.", { [field]: [capability === "chat" ? "This model is not a chat model" : "This model does not produce embeddings"] });
    if (!allowedByPolicy(effectiveSovereignty(row.model, row.provider), policy)) {
      throw new ValidationError("Forbidden by policy.", { [field]: ["External models are forbidden in this workspace"] });
    }
  };
  check("defaultChatModelId", "chat");
  check("defaultEmbeddingModelId", "embeddings");
  check("defaultJudgeModelId", "chat");
  ctx.db
    .update(workspace)
    .set({
      forbidExternalModels: policy.forbidExternalModels,
      defaultChatModelId: policy.defaultChatModelId,
      defaultEmbeddingModelId: policy.defaultEmbeddingModelId,
      defaultJudgeModelId: policy.defaultJudgeModelId,
    })
    .where(eq(workspace.id, 1))
    .run();
  return workspacePolicy(ctx);
}
