import { eq } from "drizzle-orm";
import { hostOf, openAIBaseUrl, openAICompatibleModel, ProviderError, type BaseChatModel, type ModelTarget } from "@atelier/agent";
import { models, providers, type Model, type Provider, type Sovereignty } from "@atelier/db";
import type { Context } from "../../context";
import { PreconditionError } from "../../errors";
import { allowedByPolicy, effectiveSovereignty } from "./effective";
import { workspacePolicy } from "./models";
import { providerApiKey } from "./providers";

/**
 * Chat model clients are reused: building a LangChain ChatOpenAI costs milliseconds, more than
 * the rest of a request. The key changes whenever the provider or model row is edited.
 */
const clients = new Map<string, BaseChatModel>();
const MAX_CLIENTS = 200;

function cachedClient(key: string, build: () => BaseChatModel): BaseChatModel {
  let client = clients.get(key);
  if (client) {
    clients.delete(key); // re-insert: most recently used last
  } else {
    client = build();
    if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  }
  clients.set(key, client);
  return client;
}

export interface ResolvedChatModel {
  model: Model;
  provider: Provider;
  sovereignty: Sovereignty;
  target: ModelTarget;
  create(settings: { temperature: number; maxOutputTokens: number }): BaseChatModel;
}

/**
 * The model an assistant answers with (its own, else the workspace default), checked at run time
 * against availability and the sovereignty policy — the Studio's filtering is not trusted alone.
 */
export function resolveChatModel(ctx: Pick<Context, "db" | "secrets" | "localModels" | "createModel">, modelId: string | null): ResolvedChatModel {
  const policy = workspacePolicy(ctx);
  const id = modelId ?? policy.defaultChatModelId;
  if (!id) throw new PreconditionError("No language model is configured yet. An administrator can connect one in Admin → Models.", "model.not_configured");
  const row = ctx.db.select({ model: models, provider: providers }).from(models).innerJoin(providers, eq(providers.id, models.providerId)).where(eq(models.id, id)).get();
  if (!row) throw new PreconditionError("The model of this assistant no longer exists. Its owner should pick another one in the Studio.", "model.missing");
  const { model, provider } = row;
  if (!model.enabled || !provider.enabled || !model.chat) {
    throw new PreconditionError(`The model "${model.displayName}" is disabled. Its owner should pick another one, or an administrator enable it.`, "model.disabled");
  }
  const sovereignty = effectiveSovereignty(model, provider);
  if (!allowedByPolicy(sovereignty, policy)) {
    throw new PreconditionError(`The model "${model.displayName}" is external, and this workspace forbids external models.`, "model.forbidden_by_policy");
  }
  const label =
    provider.kind === "local_gguf" ? `local file ${model.displayName}` : provider.kind === "builtin" ? "Atelier built-in engine" : hostOf(provider.baseUrl ?? "");
  return {
    model,
    provider,
    sovereignty,
    target: {
      label,
      modelName: model.name,
      firstTokenTimeoutMs: provider.firstTokenTimeoutSeconds * 1000,
      totalTimeoutMs: provider.totalTimeoutSeconds * 1000,
      maxRetries: provider.kind === "local_gguf" ? 0 : provider.maxRetries,
    },
    create: (settings) => {
      if (ctx.createModel) return ctx.createModel({ model, provider, settings });
      const kind = provider.kind;
      if (kind === "builtin") throw new ProviderError("not_configured", "The built-in engine is not a language model.");
      if (kind === "local_gguf") {
        if (!ctx.localModels) throw new ProviderError("local_model", "Local GGUF models are not available on this server.");
        return ctx.localModels.chatModel({ modelPath: model.name, temperature: settings.temperature, maxTokens: settings.maxOutputTokens });
      }
      const key = [provider.id, provider.updatedAt.getTime(), model.id, model.updatedAt.getTime(), settings.temperature, settings.maxOutputTokens].join(":");
      return cachedClient(key, () =>
        openAICompatibleModel({ baseUrl: openAIBaseUrl({ kind, baseUrl: provider.baseUrl! }), apiKey: providerApiKey(ctx, provider), model: model.name, ...settings }),
      );
    },
  };
}
