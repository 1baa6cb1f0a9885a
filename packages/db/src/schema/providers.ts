import { relations } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, updatedAt } from "./columns";

/** "builtin": Atelier's own extractive engine (no model), always present. */
export const providerKinds = ["openai_compatible", "mistral", "ollama", "local_gguf", "builtin"] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** Where a model runs, shown next to it everywhere: the answer to "where does my data go?". */
export const sovereigntyLabels = ["on_premises", "eu_hosted", "external"] as const;
export type Sovereignty = (typeof sovereigntyLabels)[number];

export const providers = sqliteTable(
  "providers",
  {
    id: id(),
    name: text("name").notNull(),
    kind: text("kind", { enum: providerKinds }).notNull(),
    /** HTTP providers: base URL (OpenAI-compatible ones include /v1; Ollama is the server root). */
    baseUrl: text("base_url"),
    /** Local GGUF: a .gguf file or a folder of them. */
    path: text("path"),
    /** AES-256-GCM ciphertext of the API key (see secret-box); never sent to the browser. */
    apiKeyEncrypted: text("api_key_encrypted"),
    sovereignty: text("sovereignty", { enum: sovereigntyLabels }).notNull(),
    /** Longest wait for the first token, and for a whole answer. */
    firstTokenTimeoutSeconds: integer("first_token_timeout_seconds").notNull().default(60),
    totalTimeoutSeconds: integer("total_timeout_seconds").notNull().default(600),
    maxRetries: integer("max_retries").notNull().default(2),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Created from environment variables or --demo-model at boot, rather than by an admin. */
    managedBy: text("managed_by", { enum: ["admin", "environment", "demo", "builtin"] }).notNull().default("admin"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("providers_name_unique").on(t.name)],
);

export const models = sqliteTable(
  "models",
  {
    id: id(),
    providerId: text("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    /** The model's id at the provider (for local GGUF: the file path). */
    name: text("name").notNull(),
    displayName: text("display_name").notNull(),
    chat: integer("chat", { mode: "boolean" }).notNull().default(true),
    tools: integer("tools", { mode: "boolean" }).notNull().default(false),
    embeddings: integer("embeddings", { mode: "boolean" }).notNull().default(false),
    contextWindow: integer("context_window").notNull().default(8192),
    /** Prices in euros per million tokens. */
    inputPricePerMTokEur: real("input_price_per_mtok_eur").notNull().default(0),
    outputPricePerMTokEur: real("output_price_per_mtok_eur").notNull().default(0),
    /** Overrides the provider's label when set. */
    sovereignty: text("sovereignty", { enum: sovereigntyLabels }),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("models_provider_name_unique").on(t.providerId, t.name), index("models_provider_idx").on(t.providerId)],
);

export const providersRelations = relations(providers, ({ many }) => ({ models: many(models) }));
export const modelsRelations = relations(models, ({ one }) => ({ provider: one(providers, { fields: [models.providerId], references: [providers.id] }) }));

export type Provider = typeof providers.$inferSelect;
export type Model = typeof models.$inferSelect;
