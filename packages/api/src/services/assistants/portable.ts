import { eq, inArray } from "drizzle-orm";
import { assistants, knowledgeSources, models } from "@atelier/db";
import { assistantFields } from "@atelier/validators";
import { parse, stringify } from "yaml";
import { z } from "zod";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { canEditAssistant, canUseAssistant } from "../access";
import { visibleSourceIds } from "../knowledge/source-access";
import { createAssistant } from "./assistants";
import { assistantTemplates } from "./templates";
import { draftConfig } from "./versions";

type Ctx = Context & { user: SessionUser };

export const ASSISTANT_FORMAT = "atelier/assistant@1";

const portableSchema = z.object({
  format: z.literal(ASSISTANT_FORMAT, { message: `Not an Atelier assistant file (expected format: ${ASSISTANT_FORMAT})` }),
  name: assistantFields.shape.name,
  description: assistantFields.shape.description,
  emoji: assistantFields.shape.emoji,
  instructions: assistantFields.shape.instructions,
  model: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable().default(null),
  temperature: assistantFields.shape.temperature,
  maxOutputTokens: assistantFields.shape.maxOutputTokens,
  visibility: assistantFields.shape.visibility,
  knowledge: z
    .object({
      sources: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
      passages: assistantFields.shape.knowledgePassages,
      strictness: assistantFields.shape.knowledgeStrictness,
    })
    .default({ sources: [], passages: 5, strictness: "prefer_knowledge" }),
  tools: assistantFields.shape.tools,
  starters: assistantFields.shape.starters,
});
type Portable = z.infer<typeof portableSchema>;

function loadUsable(ctx: Ctx, id: string) {
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, id)).get();
  if (!assistant || !(canUseAssistant(ctx.db, ctx.user, assistant) || canEditAssistant(ctx.db, ctx.user, assistant))) throw new NotFoundError("This assistant");
  return assistant;
}

/** The draft as a YAML document that imports back into an identical assistant. Editors only: it shows the instructions. */
export function exportAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = loadUsable(ctx, input.id);
  if (!canEditAssistant(ctx.db, ctx.user, assistant)) throw new NotFoundError("This assistant");
  const config = draftConfig(ctx, assistant);
  const model = config.modelId ? ctx.db.select({ id: models.id, name: models.name }).from(models).where(eq(models.id, config.modelId)).get() : null;
  const sources = config.sourceIds.length
    ? ctx.db.select({ id: knowledgeSources.id, name: knowledgeSources.name }).from(knowledgeSources).where(inArray(knowledgeSources.id, config.sourceIds)).all()
    : [];
  const portable: Portable = {
    format: ASSISTANT_FORMAT,
    name: config.name,
    description: config.description,
    emoji: config.emoji,
    instructions: config.instructions,
    model: model ?? null,
    temperature: config.temperature,
    maxOutputTokens: config.maxOutputTokens,
    visibility: assistant.visibility === "team" ? "private" : assistant.visibility,
    knowledge: { sources, passages: config.knowledgePassages, strictness: config.knowledgeStrictness },
    tools: config.tools,
    starters: config.starters,
  };
  return { fileName: `${config.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").toLowerCase() || "assistant"}.yaml`, yaml: stringify(portable, { lineWidth: 0 }) };
}

/**
 * Creates a private assistant from an exported YAML document. The model is matched by id, then
 * by name; sources by id among those the user may see. What cannot be matched is reported, not
 * silently dropped.
 */
export function importAssistant({ ctx, input }: { ctx: Ctx; input: { yaml: string } }) {
  let raw: unknown;
  try {
    raw = parse(input.yaml);
  } catch (e) {
    throw new ValidationError(`This file is not valid YAML: ${(e as Error).message.split("\n")[0]}`, { yaml: ["Not valid YAML"] }, "assistants.import_invalid");
  }
  const parsed = portableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message = `${issue.path.join(".") || "file"}: ${issue.message}`;
    throw new ValidationError(`This assistant file cannot be imported. ${message}`, { yaml: [message] }, "assistants.import_invalid");
  }
  const data = parsed.data;
  const warnings: string[] = [];
  let modelId: string | null = null;
  if (data.model) {
    const byId = data.model.id ? ctx.db.select({ id: models.id }).from(models).where(eq(models.id, data.model.id)).get() : undefined;
    const byName = !byId && data.model.name ? ctx.db.select({ id: models.id }).from(models).where(eq(models.name, data.model.name)).get() : undefined;
    modelId = byId?.id ?? byName?.id ?? null;
    if (!modelId) warnings.push(`The model "${data.model.name ?? data.model.id}" does not exist here; the workspace default is used.`);
  }
  const visible = new Set(visibleSourceIds(ctx));
  const sourceIds = data.knowledge.sources.filter((s) => visible.has(s.id)).map((s) => s.id);
  for (const s of data.knowledge.sources) if (!visible.has(s.id)) warnings.push(`The data source "${s.name}" is not available to you here; attach your own.`);
  const created = createAssistant({
    ctx,
    input: {
      name: data.name,
      description: data.description,
      emoji: data.emoji,
      instructions: data.instructions,
      modelId,
      temperature: data.temperature,
      maxOutputTokens: data.maxOutputTokens,
      visibility: data.visibility,
      sourceIds,
      knowledgePassages: data.knowledge.passages,
      knowledgeStrictness: data.knowledge.strictness,
      tools: data.tools,
      starters: data.starters,
    },
  });
  return { id: created.id, warnings };
}

/** A private copy of an assistant's draft, named "… (copy)". */
export function duplicateAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = loadUsable(ctx, input.id);
  if (!canEditAssistant(ctx.db, ctx.user, assistant)) throw new NotFoundError("This assistant");
  const config = draftConfig(ctx, assistant);
  const visible = new Set(visibleSourceIds(ctx));
  return createAssistant({
    ctx,
    input: { ...config, name: `${config.name} (copy)`.slice(0, 80), visibility: "private", teamId: null, sourceIds: config.sourceIds.filter((id) => visible.has(id)) },
  });
}

export function listTemplates({ input }: { input: { language: "en" | "fr" } }) {
  return assistantTemplates.map((t) => ({
    id: t.id,
    emoji: t.emoji,
    name: t.name[input.language],
    description: t.description[input.language],
    knowledgeHint: t.knowledgeHint[input.language],
    tools: t.tools,
  }));
}

/** A new private draft from a template, in the chosen language. */
export function createFromTemplate({ ctx, input }: { ctx: Ctx; input: { templateId: string; language: "en" | "fr" } }) {
  const template = assistantTemplates.find((t) => t.id === input.templateId);
  if (!template) throw new NotFoundError("This template");
  const l = input.language;
  return createAssistant({
    ctx,
    input: {
      name: template.name[l],
      description: template.description[l],
      emoji: template.emoji,
      instructions: template.instructions[l],
      temperature: template.temperature,
      knowledgePassages: template.knowledgePassages,
      knowledgeStrictness: template.knowledgeStrictness,
      tools: template.tools,
      starters: template.starters[l],
    },
  });
}
