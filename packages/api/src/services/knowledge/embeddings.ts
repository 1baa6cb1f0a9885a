import { eq } from "drizzle-orm";
import { openAIBaseUrl, openAICompatibleEmbeddings, ProviderError } from "@atelier/agent";
import { models, providers } from "@atelier/db";
import type { EmbedFunction } from "@atelier/knowledge";
import type { Context } from "../../context";
import { allowedByPolicy, effectiveSovereignty } from "../models/effective";
import { workspacePolicy } from "../models/models";
import { providerApiKey } from "../models/providers";

export interface ResolvedEmbeddings {
  /** Changes whenever the model or its provider is edited: vectors of another key are not comparable. */
  key: string;
  /** Shown in the Knowledge settings. */
  label: string;
  embed: EmbedFunction;
}

/**
 * The workspace's default embedding model as an embed function, or null when none is
 * configured, it is disabled, or the sovereignty policy forbids it (documents then stay
 * lexical-only: nothing is sent to a model the policy refuses).
 */
export function resolveEmbeddings(ctx: Pick<Context, "db" | "secrets" | "localModels">): ResolvedEmbeddings | null {
  const policy = workspacePolicy(ctx);
  if (!policy.defaultEmbeddingModelId) return null;
  const row = ctx.db
    .select({ model: models, provider: providers })
    .from(models)
    .innerJoin(providers, eq(providers.id, models.providerId))
    .where(eq(models.id, policy.defaultEmbeddingModelId))
    .get();
  if (!row || !row.model.enabled || !row.provider.enabled || !row.model.embeddings) return null;
  const { model, provider } = row;
  if (!allowedByPolicy(effectiveSovereignty(model, provider), policy)) return null;
  const key = `${model.id}:${model.name}:${provider.baseUrl ?? provider.path ?? ""}`;
  const label = `${model.displayName} (${provider.name})`;
  if (provider.kind === "builtin") return null;
  if (provider.kind === "local_gguf") {
    const local = ctx.localModels;
    if (!local) return null;
    const embeddings = local.embeddings({ modelPath: model.name });
    return { key, label, embed: (texts) => embeddings.embedDocuments(texts) };
  }
  const client = openAICompatibleEmbeddings({
    baseUrl: openAIBaseUrl({ kind: provider.kind, baseUrl: provider.baseUrl! }),
    apiKey: providerApiKey(ctx, provider),
    model: model.name,
    timeoutMs: provider.totalTimeoutSeconds * 1000,
  });
  return {
    key,
    label,
    embed: async (texts) => {
      try {
        return await client.embedDocuments(texts);
      } catch (e) {
        throw e instanceof ProviderError ? e : new ProviderError("bad_response", `The embedding model "${model.displayName}" failed: ${(e as Error).message}`);
      }
    },
  };
}
