import { and, eq } from "drizzle-orm";
import { models, newId, providers, workspace, type Db, type Provider, type Sovereignty } from "@atelier/db";
import { EXTRACTIVE_MODEL_LABEL, EXTRACTIVE_MODEL_NAME } from "@atelier/agent";
import type { SecretBox } from "../../secret-box";
import { clearDefaultsFor } from "./clear-defaults";

/** The workspace row exists from the first boot (setup names it), so defaults can be stored. */
export function ensureWorkspaceRow(db: Db) {
  db.insert(workspace).values({ id: 1, name: "Atelier" }).onConflictDoNothing().run();
}

/**
 * Makes a provider configured outside the UI (environment variables, or the demo server) exist
 * with its model, and makes that model the default chat model when none is set. Idempotent:
 * runs at every boot and follows changes of URL, key or model.
 */
export function ensureManagedProvider(
  db: Db,
  secrets: SecretBox,
  args: {
    managedBy: "environment" | "demo";
    name: string;
    kind: Provider["kind"];
    baseUrl: string;
    apiKey?: string | null;
    modelName: string;
    sovereignty: Sovereignty;
    firstTokenTimeoutSeconds: number;
    totalTimeoutSeconds: number;
    maxRetries: number;
  },
): { providerId: string; modelId: string } {
  ensureWorkspaceRow(db);
  return db.transaction((tx) => {
    const existing = tx.select().from(providers).where(eq(providers.managedBy, args.managedBy)).get();
    const values = {
      name: args.name,
      kind: args.kind,
      baseUrl: args.baseUrl,
      apiKeyEncrypted: args.apiKey ? secrets.encrypt(args.apiKey) : null,
      sovereignty: args.sovereignty,
      firstTokenTimeoutSeconds: args.firstTokenTimeoutSeconds,
      totalTimeoutSeconds: args.totalTimeoutSeconds,
      maxRetries: args.maxRetries,
      managedBy: args.managedBy,
      enabled: true,
      updatedAt: new Date(),
    };
    let providerId = existing?.id;
    if (providerId) tx.update(providers).set(values).where(eq(providers.id, providerId)).run();
    else {
      providerId = newId();
      // A provider an admin created with the same name keeps it; the managed one gets a suffix.
      const clash = tx.select({ id: providers.id }).from(providers).where(eq(providers.name, args.name)).get();
      tx.insert(providers).values({ ...values, id: providerId, name: clash ? `${args.name} (${args.managedBy})` : args.name }).run();
    }
    let model = tx.select().from(models).where(and(eq(models.providerId, providerId), eq(models.name, args.modelName))).get();
    if (!model) {
      const id = newId();
      tx.insert(models).values({ id, providerId, name: args.modelName, displayName: args.modelName, chat: true }).run();
      model = tx.select().from(models).where(eq(models.id, id)).get()!;
    }
    const ws = tx.select().from(workspace).get()!;
    const current = ws.defaultChatModelId
      ? tx.select({ id: models.id, kind: providers.kind }).from(models).innerJoin(providers, eq(providers.id, models.providerId)).where(eq(models.id, ws.defaultChatModelId)).get()
      : undefined;
    // A configured language model replaces the built-in engine as the default.
    if (!current || current.kind === "builtin") tx.update(workspace).set({ defaultChatModelId: model.id }).where(eq(workspace.id, 1)).run();
    return { providerId, modelId: model.id };
  });
}

/**
 * Makes Atelier's built-in extractive engine exist as a provider with one model, so that it is
 * selectable like a model; it becomes the default chat model only when there is none.
 */
export function ensureBuiltinProvider(db: Db): { providerId: string; modelId: string } {
  ensureWorkspaceRow(db);
  return db.transaction((tx) => {
    let provider = tx.select().from(providers).where(eq(providers.managedBy, "builtin")).get();
    if (!provider) {
      const clash = tx.select({ id: providers.id }).from(providers).where(eq(providers.name, "Atelier")).get();
      provider = tx
        .insert(providers)
        .values({ id: newId(), name: clash ? "Atelier (built-in)" : "Atelier", kind: "builtin", sovereignty: "on_premises", managedBy: "builtin", maxRetries: 0 })
        .returning()
        .get();
    }
    let model = tx.select().from(models).where(and(eq(models.providerId, provider.id), eq(models.name, EXTRACTIVE_MODEL_NAME))).get();
    if (!model) {
      model = tx
        .insert(models)
        .values({ id: newId(), providerId: provider.id, name: EXTRACTIVE_MODEL_NAME, displayName: EXTRACTIVE_MODEL_LABEL, chat: true, contextWindow: 0 })
        .returning()
        .get();
    }
    const ws = tx.select().from(workspace).get()!;
    const current = ws.defaultChatModelId ? tx.select({ id: models.id }).from(models).where(eq(models.id, ws.defaultChatModelId)).get() : undefined;
    if (!current) tx.update(workspace).set({ defaultChatModelId: model.id }).where(eq(workspace.id, 1)).run();
    return { providerId: provider.id, modelId: model.id };
  });
}

/**
 * Removes a managed provider that this boot no longer configures (the demo server is gone, or the
 * environment variables were removed), with its models; defaults that pointed at them are cleared.
 */
export function removeManagedProvider(db: Db, managedBy: "environment" | "demo") {
  db.transaction((tx) => {
    const provider = tx.select().from(providers).where(eq(providers.managedBy, managedBy)).get();
    if (!provider) return;
    clearDefaultsFor(tx, tx.select({ id: models.id }).from(models).where(eq(models.providerId, provider.id)).all().map((m) => m.id));
    tx.delete(providers).where(eq(providers.id, provider.id)).run();
  });
}
