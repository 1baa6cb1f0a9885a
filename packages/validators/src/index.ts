import { z } from "zod";

/** Ids are 20 characters of [0-9a-v]; anything else is rejected before touching the database. */
export const idPattern = /^[0-9a-v]{20}$/;
export const id = z.string().regex(idPattern, { message: "Malformed id" });

export const roles = ["admin", "builder", "member"] as const;
export type Role = (typeof roles)[number];
export const visibilities = ["private", "team", "workspace"] as const;
export type Visibility = (typeof visibilities)[number];

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { message: "Email is required" })
  .max(254)
  .email({ message: "Enter a valid email address" });
export const password = z
  .string()
  .min(10, { message: "Use at least 10 characters" })
  .max(256, { message: "Use at most 256 characters" });
export const personName = z.string().trim().min(1, { message: "Name is required" }).max(100, { message: "Use at most 100 characters" });

export const setupInput = z.object({
  workspaceName: z.string().trim().min(1, { message: "Workspace name is required" }).max(100),
  name: personName,
  email,
  password,
});
export type SetupInput = z.infer<typeof setupInput>;

export const loginInput = z.object({
  email,
  password: z.string().min(1, { message: "Password is required" }).max(256),
});

export const createUserInput = z.object({
  name: personName,
  email,
  password,
  role: z.enum(roles),
  teamIds: z.array(id).max(100).default([]),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
  id,
  role: z.enum(roles).optional(),
  teamIds: z.array(id).max(100).optional(),
  disabled: z.boolean().optional(),
});

export const teamInput = z.object({
  name: z.string().trim().min(1, { message: "Team name is required" }).max(80, { message: "Use at most 80 characters" }),
});

export const knowledgeStrictnessLevels = ["knowledge_only", "prefer_knowledge", "open"] as const;
export type KnowledgeStrictnessLevel = (typeof knowledgeStrictnessLevels)[number];

export const httpActionConfig = z.object({
  id: z.string().min(1).max(40),
  name: z.string().trim().min(1, { message: "Name the action" }).max(80),
  specText: z.string().min(1, { message: "Paste an OpenAPI specification" }).max(500_000, { message: "This specification is too large (500 kB at most)" }),
  baseUrl: z.string().trim().url({ message: "Enter a full address starting with https://" }).optional(),
  operationIds: z.array(z.string().min(1).max(128)).max(50),
  auth: z
    .object({ type: z.enum(["bearer", "header", "query"]), name: z.string().trim().max(100).optional(), secretId: z.string().min(1).max(40) })
    .optional(),
});
export const assistantToolsConfig = z.object({
  knowledgeSearch: z.boolean().optional(),
  calculator: z.boolean().optional(),
  currentDatetime: z.boolean().optional(),
  sqlQuery: z.boolean().optional(),
  httpActions: z.array(httpActionConfig).max(10, { message: "At most 10 HTTP actions" }).optional(),
});
export type AssistantToolsConfigInput = z.input<typeof assistantToolsConfig>;

export const assistantFields = z.object({
  name: z.string().trim().min(1, { message: "Name is required" }).max(80, { message: "Use at most 80 characters" }),
  description: z.string().trim().max(500, { message: "Use at most 500 characters" }).default(""),
  emoji: z.string().trim().min(1, { message: "Pick an emoji" }).max(16).default("🤖"),
  instructions: z.string().max(20000, { message: "Use at most 20,000 characters" }).default(""),
  /** null: the workspace's default chat model. */
  modelId: id.nullable().default(null),
  temperature: z.number({ message: "Enter a number" }).min(0, { message: "Between 0 and 2" }).max(2, { message: "Between 0 and 2" }).default(0.3),
  maxOutputTokens: z
    .number({ message: "Enter a number" })
    .int({ message: "Enter a whole number" })
    .min(16, { message: "At least 16" })
    .max(32768, { message: "At most 32,768" })
    .default(1024),
  visibility: z.enum(visibilities).default("private"),
  teamId: id.nullable().default(null),
  /** Data sources the assistant answers from. */
  sourceIds: z.array(id).max(50, { message: "At most 50 sources" }).default([]),
  /** Passages retrieved up-front for each question (0: only when the assistant calls knowledge_search). */
  knowledgePassages: z.number({ message: "Enter a number" }).int().min(0, { message: "Between 0 and 20" }).max(20, { message: "Between 0 and 20" }).default(5),
  knowledgeStrictness: z.enum(knowledgeStrictnessLevels).default("prefer_knowledge"),
  tools: assistantToolsConfig.default({}),
  starters: z
    .array(z.string().trim().min(1, { message: "Write the starter or remove it" }).max(200, { message: "Use at most 200 characters" }))
    .max(6, { message: "At most 6 starters" })
    .default([]),
});

const teamRequired = (v: { visibility?: string; teamId?: string | null }) => v.visibility !== "team" || !!v.teamId;
const teamRequiredIssue = { message: "Choose the team that may use this assistant", path: ["teamId"] };

export const createAssistantInput = assistantFields.refine(teamRequired, teamRequiredIssue);
export type CreateAssistantInput = z.input<typeof createAssistantInput>;
/** Every field optional and without its default: a field left out keeps its value. */
function withoutDefaults<T extends z.ZodRawShape>(shape: T) {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional()]),
  ) as unknown as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]> };
}

/** Partial: fields left out keep their value (a form that does not know a field cannot reset it). */
export const updateAssistantInput = z.object({ ...withoutDefaults(assistantFields.shape), id });
export type UpdateAssistantInput = z.input<typeof updateAssistantInput>;

export const publishAssistantInput = z.object({
  id,
  note: z.string().trim().max(500, { message: "Use at most 500 characters" }).default(""),
  /** Publishes despite a failing quality check (owners and admins), with the reason kept on the version. */
  overrideReason: z.string().trim().min(10, { message: "Explain in at least 10 characters why you publish anyway" }).max(1000, { message: "Use at most 1000 characters" }).optional(),
});
export const versionRef = z.union([id, z.literal("draft")]);
export const diffVersionsInput = z.object({ assistantId: id, from: versionRef, to: versionRef });

/** Hard ceiling; the server applies its configured (lower or equal) limit on top. */
export const MESSAGE_HARD_LIMIT = 200_000;
export const sendMessageInput = z.object({
  conversationId: id.optional(),
  assistantId: id,
  content: z.string().max(MESSAGE_HARD_LIMIT, { message: "This message is too long" }).refine((s) => s.trim().length > 0, { message: "Write a message first" }),
  /** Studio live preview: answer with the draft instead of the published version (editors only). */
  preview: z.boolean().optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

export const providerKinds = ["openai_compatible", "mistral", "ollama", "local_gguf"] as const;
export const sovereigntyLabels = ["on_premises", "eu_hosted", "external"] as const;
export type Sovereignty = (typeof sovereigntyLabels)[number];

const timeouts = {
  firstTokenTimeoutSeconds: z.number().int().min(1, { message: "At least 1 second" }).max(3600, { message: "At most 3,600 seconds" }),
  totalTimeoutSeconds: z.number().int().min(1, { message: "At least 1 second" }).max(7200, { message: "At most 7,200 seconds" }),
  maxRetries: z.number().int().min(0).max(10, { message: "At most 10" }),
};

export const providerInput = z.object({
  name: z.string().trim().min(1, { message: "Name is required" }).max(80),
  kind: z.enum(providerKinds),
  baseUrl: z.string().trim().max(500).nullish(),
  path: z.string().trim().max(1000).nullish(),
  apiKey: z.string().max(1000).nullish(),
  sovereignty: z.enum(sovereigntyLabels).optional(),
  firstTokenTimeoutSeconds: timeouts.firstTokenTimeoutSeconds.default(60),
  totalTimeoutSeconds: timeouts.totalTimeoutSeconds.default(600),
  maxRetries: timeouts.maxRetries.default(2),
});
export type ProviderInput = z.infer<typeof providerInput>;

export const updateProviderInput = z.object({
  id,
  name: z.string().trim().min(1, { message: "Name is required" }).max(80).optional(),
  baseUrl: z.string().trim().max(500).optional(),
  path: z.string().trim().max(1000).optional(),
  /** Omitted: keep the stored key; null: remove it; a string: replace it. */
  apiKey: z.string().max(1000).nullable().optional(),
  sovereignty: z.enum(sovereigntyLabels).optional(),
  firstTokenTimeoutSeconds: timeouts.firstTokenTimeoutSeconds.optional(),
  totalTimeoutSeconds: timeouts.totalTimeoutSeconds.optional(),
  maxRetries: timeouts.maxRetries.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateProviderInput = z.infer<typeof updateProviderInput>;

const price = z.number({ message: "Enter a number" }).min(0, { message: "Cannot be negative" }).max(10_000, { message: "At most 10,000 € per million tokens" });
const modelFields = {
  displayName: z.string().trim().max(120),
  chat: z.boolean(),
  tools: z.boolean(),
  embeddings: z.boolean(),
  contextWindow: z.number().int().min(256, { message: "At least 256 tokens" }).max(10_000_000),
  inputPricePerMTokEur: price,
  outputPricePerMTokEur: price,
  sovereignty: z.enum(sovereigntyLabels).nullable(),
  enabled: z.boolean(),
};
export const modelInput = z.object({
  providerId: id,
  name: z.string().trim().min(1, { message: "The model's name at the provider is required" }).max(500),
  displayName: modelFields.displayName.default(""),
  chat: modelFields.chat.default(true),
  tools: modelFields.tools.default(false),
  embeddings: modelFields.embeddings.default(false),
  contextWindow: modelFields.contextWindow.default(8192),
  inputPricePerMTokEur: price.default(0),
  outputPricePerMTokEur: price.default(0),
  sovereignty: modelFields.sovereignty.default(null),
});
export type ModelInput = z.infer<typeof modelInput>;
export const updateModelInput = z.object({ id, ...Object.fromEntries(Object.entries(modelFields).map(([k, v]) => [k, v.optional()])) } as {
  id: typeof id;
} & { [K in keyof typeof modelFields]: z.ZodOptional<(typeof modelFields)[K]> });
export type UpdateModelInput = z.infer<typeof updateModelInput>;

export const modelSettingsInput = z.object({
  defaultChatModelId: id.nullable().optional(),
  defaultEmbeddingModelId: id.nullable().optional(),
  defaultJudgeModelId: id.nullable().optional(),
  forbidExternalModels: z.boolean().optional(),
});
export type ModelSettingsInput = z.infer<typeof modelSettingsInput>;

// ─── Knowledge ──────────────────────────────────────────────────────────────

export const sourceKinds = ["upload", "folder", "website"] as const;
export type SourceKind = (typeof sourceKinds)[number];
export const sensitivities = ["public", "internal", "confidential", "secret"] as const;
export type Sensitivity = (typeof sensitivities)[number];

const httpUrl = z
  .string()
  .trim()
  .url({ message: "Enter a full address starting with https://" })
  .refine((u) => /^https?:\/\//i.test(u), { message: "Only http:// and https:// addresses can be crawled" });

export const sourceConfig = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("upload") }),
  z.object({ kind: z.literal("folder"), path: z.string().trim().min(1, { message: "Enter the folder's path on the server" }).max(1000) }),
  z.object({
    kind: z.literal("website"),
    url: httpUrl,
    maxDepth: z.number({ message: "Enter a number" }).int().min(0, { message: "Between 0 and 10" }).max(10, { message: "Between 0 and 10" }).default(2),
    maxPages: z.number({ message: "Enter a number" }).int().min(1, { message: "Between 1 and 5,000" }).max(5000, { message: "Between 1 and 5,000" }).default(200),
  }),
]);
export type SourceConfigInput = z.input<typeof sourceConfig>;

const sourceFields = {
  name: z.string().trim().min(1, { message: "Name is required" }).max(120, { message: "Use at most 120 characters" }),
  description: z.string().trim().max(1000, { message: "Use at most 1,000 characters" }).default(""),
  /** null: the whole workspace. */
  teamId: id.nullable().default(null),
  sensitivity: z.enum(sensitivities).default("internal"),
  /** Minutes between automatic syncs; null: only "Sync now". */
  syncIntervalMinutes: z
    .number({ message: "Enter a number" })
    .int({ message: "Enter a whole number" })
    .min(15, { message: "At least every 15 minutes" })
    .max(60 * 24 * 30, { message: "At most every 30 days" })
    .nullable()
    .default(null),
};

export const createSourceInput = z.object({ ...sourceFields, config: sourceConfig });
export type CreateSourceInput = z.input<typeof createSourceInput>;
export const updateSourceInput = z.object({
  id,
  name: sourceFields.name.optional(),
  description: sourceFields.description.optional(),
  teamId: sourceFields.teamId.optional(),
  sensitivity: sourceFields.sensitivity.optional(),
  syncIntervalMinutes: sourceFields.syncIntervalMinutes.optional(),
  config: sourceConfig.optional(),
});
export type UpdateSourceInput = z.input<typeof updateSourceInput>;

export const knowledgeSearchInput = z.object({
  query: z.string().trim().min(1, { message: "Type something to search for" }).max(2000),
  sourceIds: z.array(id).max(200).optional(),
  /** Only documents under this folder (path prefix within folder and upload sources, URL prefix for websites). */
  folder: z.string().trim().max(1000).optional(),
  languages: z.array(z.enum(["fr", "en"])).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});
export type KnowledgeSearchInput = z.input<typeof knowledgeSearchInput>;

export const documentListInput = z.object({
  sourceId: id,
  query: z.string().trim().max(200).default(""),
  status: z.enum(["pending", "indexed", "failed"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type DocumentListInput = z.input<typeof documentListInput>;

// Evaluation

export const evalSuiteInput = z.object({
  name: z.string().trim().min(1, { message: "Name is required" }).max(120, { message: "Use at most 120 characters" }),
  description: z.string().trim().max(1000, { message: "Use at most 1000 characters" }).default(""),
  gatesPublish: z.boolean().default(true),
  /** Re-run the current version every N minutes; null: never. */
  scheduleMinutes: z.number().int().min(15, { message: "At least every 15 minutes" }).max(60 * 24 * 30, { message: "At most every 30 days" }).nullable().default(null),
});
export type EvalSuiteInput = z.input<typeof evalSuiteInput>;
export const createEvalSuiteInput = evalSuiteInput.extend({ assistantId: id });
export const updateEvalSuiteInput = z.object({ id, ...evalSuiteInput.partial().shape });

const shortList = (max: number, each: number, what: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(each, { message: `Each ${what} has at most ${each} characters` })
        // "|" separates list items in CSV files: an item containing one would come back as two.
        .refine((v) => !v.includes("|"), { message: `A ${what} cannot contain "|"` }),
    )
    .max(max, { message: `At most ${max} ${what}s` })
    .default([]);

export const evalCaseFields = z
  .object({
    question: z.string().trim().min(1, { message: "The question is required" }).max(4000, { message: "Use at most 4000 characters" }),
    referenceAnswer: z.string().trim().max(8000, { message: "Use at most 8000 characters" }).default(""),
    expectAbstention: z.boolean().default(false),
    expectedSources: shortList(20, 300, "source"),
    tags: shortList(20, 60, "tag"),
    language: z.enum(["en", "fr"]).nullable().default(null),
  })
  .refine((c) => c.expectAbstention || c.referenceAnswer.length > 0, {
    message: "A reference answer is required unless the assistant should say it does not know",
    path: ["referenceAnswer"],
  })
  .refine((c) => !c.expectAbstention || c.referenceAnswer.length === 0, {
    message: "Leave the reference answer empty when the assistant should say it does not know",
    path: ["referenceAnswer"],
  });
export type EvalCaseFieldsInput = z.input<typeof evalCaseFields>;
export const createEvalCaseInput = z.object({ suiteId: id, case: evalCaseFields });
export const updateEvalCaseInput = z.object({ id, case: evalCaseFields });

/** Quality gate of an assistant's Publish. */
export const qualitySettingsInput = z.object({
  assistantId: id,
  /** Lowest correct-answer rate a new version may have, 0–1; null: none. */
  qualityThreshold: z.number().min(0, { message: "Between 0 and 100 %" }).max(1, { message: "Between 0 and 100 %" }).nullable(),
  /** How much lower than the current version a new version may score, 0–1. */
  qualityMargin: z.number().min(0, { message: "Between 0 and 100 %" }).max(1, { message: "Between 0 and 100 %" }),
});
