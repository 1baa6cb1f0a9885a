import { asc, eq } from "drizzle-orm";
import { EXTRACTIVE_MODEL_LABEL, EXTRACTIVE_MODEL_NAME, listHttpProviderModels, ProviderError, providerPresets, isHttpUrl } from "@atelier/agent";
import { models, newId, providers, type Provider } from "@atelier/db";
import { clearDefaultsFor } from "./clear-defaults";
import type { ProviderInput, UpdateProviderInput } from "@atelier/validators";
import type { Context } from "../../context";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { maskSecret } from "../../secret-box";
import { effectiveSovereignty } from "./effective";

type Ctx = Context & { user: NonNullable<Context["user"]> };

function checkLocation(kind: Provider["kind"], baseUrl: string | null | undefined, path: string | null | undefined) {
  if (kind === "local_gguf") {
    if (!path?.trim()) throw new ValidationError("A path is required.", { path: ["Give the path of a .gguf file or of a folder on the Atelier server"] });
  } else if (!baseUrl || !isHttpUrl(baseUrl)) {
    throw new ValidationError("A valid URL is required.", { baseUrl: ["Enter an http:// or https:// URL, e.g. http://vllm.internal:8000/v1"] });
  }
}

function loadProvider(ctx: Ctx, id: string): Provider {
  const provider = ctx.db.select().from(providers).where(eq(providers.id, id)).get();
  if (!provider) throw new NotFoundError("This provider");
  return provider;
}

/** Providers with their models, for Admin → Models. Keys are masked, never returned. */
export function listProviders({ ctx }: { ctx: Ctx }) {
  const rows = ctx.db.select().from(providers).orderBy(asc(providers.name)).all();
  const allModels = ctx.db.select().from(models).orderBy(asc(models.displayName)).all();
  return rows.map(({ apiKeyEncrypted, ...p }) => {
    let apiKeyMasked: string | null = null;
    if (apiKeyEncrypted) {
      try {
        apiKeyMasked = maskSecret(ctx.secrets.decrypt(apiKeyEncrypted));
      } catch {
        apiKeyMasked = "(unreadable: the secret key changed)";
      }
    }
    return {
      ...p,
      apiKeyMasked,
      models: allModels.filter((m) => m.providerId === p.id).map((m) => ({ ...m, effectiveSovereignty: effectiveSovereignty(m, p) })),
    };
  });
}

export function createProvider({ ctx, input }: { ctx: Ctx; input: ProviderInput }) {
  checkLocation(input.kind, input.baseUrl, input.path);
  if (ctx.db.select({ id: providers.id }).from(providers).where(eq(providers.name, input.name)).get()) {
    throw new ValidationError("This name is taken.", { name: ["A provider with this name already exists"] });
  }
  const id = newId();
  ctx.db
    .insert(providers)
    .values({
      id,
      name: input.name,
      kind: input.kind,
      baseUrl: input.kind === "local_gguf" ? null : input.baseUrl!.replace(/\/+$/, ""),
      path: input.kind === "local_gguf" ? input.path!.trim() : null,
      apiKeyEncrypted: input.apiKey ? ctx.secrets.encrypt(input.apiKey) : null,
      sovereignty: input.sovereignty ?? providerPresets[input.kind].sovereignty,
      firstTokenTimeoutSeconds: input.firstTokenTimeoutSeconds,
      totalTimeoutSeconds: input.totalTimeoutSeconds,
      maxRetries: input.maxRetries,
    })
    .run();
  ctx.logger.info({ providerId: id, kind: input.kind, by: ctx.user.id }, "provider created");
  return { id };
}

export function updateProvider({ ctx, input }: { ctx: Ctx; input: UpdateProviderInput }) {
  const provider = loadProvider(ctx, input.id);
  if (provider.managedBy !== "admin") throw new ConflictError("This provider comes from the server's configuration; change it there.", "providers.managed");
  const baseUrl = input.baseUrl ?? provider.baseUrl;
  const path = input.path ?? provider.path;
  checkLocation(provider.kind, baseUrl, path);
  const clash = input.name ? ctx.db.select({ id: providers.id }).from(providers).where(eq(providers.name, input.name)).get() : undefined;
  if (clash && clash.id !== provider.id) throw new ValidationError("This name is taken.", { name: ["A provider with this name already exists"] });
  ctx.db
    .update(providers)
    .set({
      name: input.name ?? provider.name,
      baseUrl: provider.kind === "local_gguf" ? null : baseUrl!.replace(/\/+$/, ""),
      path: provider.kind === "local_gguf" ? path : null,
      // undefined keeps the stored key, null removes it, a string replaces it.
      ...(input.apiKey === undefined ? {} : { apiKeyEncrypted: input.apiKey ? ctx.secrets.encrypt(input.apiKey) : null }),
      sovereignty: input.sovereignty ?? provider.sovereignty,
      firstTokenTimeoutSeconds: input.firstTokenTimeoutSeconds ?? provider.firstTokenTimeoutSeconds,
      totalTimeoutSeconds: input.totalTimeoutSeconds ?? provider.totalTimeoutSeconds,
      maxRetries: input.maxRetries ?? provider.maxRetries,
      enabled: input.enabled ?? provider.enabled,
      updatedAt: new Date(),
    })
    .where(eq(providers.id, provider.id))
    .run();
  return { id: provider.id };
}

export function deleteProvider({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const provider = loadProvider(ctx, input.id);
  if (provider.managedBy !== "admin") throw new ConflictError("This provider comes from the server's configuration; change it there.", "providers.managed");
  ctx.db.transaction((tx) => {
    clearDefaultsFor(tx, tx.select({ id: models.id }).from(models).where(eq(models.providerId, provider.id)).all().map((m) => m.id));
    tx.delete(providers).where(eq(providers.id, provider.id)).run();
  });
  return { id: provider.id };
}

export function providerApiKey(ctx: Pick<Context, "secrets">, provider: Provider): string | null {
  return provider.apiKeyEncrypted ? ctx.secrets.decrypt(provider.apiKeyEncrypted) : null;
}

/** Lists what the provider offers now, in plain words on failure. */
export async function discoverModels(ctx: Pick<Context, "secrets" | "localModels">, provider: Provider) {
  if (provider.kind === "builtin") {
    return [{ name: EXTRACTIVE_MODEL_NAME, displayName: EXTRACTIVE_MODEL_LABEL, contextWindow: undefined as number | undefined, embeddings: undefined as boolean | undefined }];
  }
  if (provider.kind === "local_gguf") {
    if (!ctx.localModels) throw new ProviderError("local_model", "Local GGUF models are not available on this server.");
    const files = await ctx.localModels.listModels(provider.path!);
    return files.map((f) => ({ name: f.path, displayName: f.name, contextWindow: undefined as number | undefined, embeddings: undefined as boolean | undefined }));
  }
  const listed = await listHttpProviderModels({ kind: provider.kind, baseUrl: provider.baseUrl!, apiKey: providerApiKey(ctx, provider) }, { timeoutMs: Math.min(15_000, provider.firstTokenTimeoutSeconds * 1000) });
  return listed.map((m) => ({ name: m.name, displayName: m.name, contextWindow: m.contextWindow, embeddings: m.embeddings }));
}

/**
 * "Test connection": lists the provider's models and adds the new ones (chat models enabled,
 * embedding models flagged). Failures come back as data, in plain words, not as exceptions.
 */
export async function testProvider({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const provider = loadProvider(ctx, input.id);
  const started = Date.now();
  try {
    const found = await discoverModels(ctx, provider);
    const known = new Set(ctx.db.select({ name: models.name }).from(models).where(eq(models.providerId, provider.id)).all().map((m) => m.name));
    const added = found.filter((m) => !known.has(m.name));
    if (added.length) {
      ctx.db.insert(models).values(added.map((m) => ({
        id: newId(),
        providerId: provider.id,
        name: m.name,
        displayName: m.displayName,
        chat: !m.embeddings,
        embeddings: !!m.embeddings,
        contextWindow: m.contextWindow ?? 8192,
      }))).run();
    }
    const missing = [...known].filter((name) => !found.some((m) => m.name === name));
    return { ok: true as const, latencyMs: Date.now() - started, models: found.map((m) => m.name), added: added.map((m) => m.name), missing };
  } catch (error) {
    const e = error instanceof ProviderError ? error : null;
    if (!e && (error as any)?.name !== "LocalModelError") ctx.logger.warn({ err: error, providerId: provider.id }, "provider test failed");
    return { ok: false as const, latencyMs: Date.now() - started, code: e?.code ?? "local_model", message: (error as Error).message };
  }
}
