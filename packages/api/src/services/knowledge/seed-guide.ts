import { asc, eq } from "drizzle-orm";
import { assistantSources, assistants, knowledgeSources, models, newId, providers, users, workspace } from "@atelier/db";
import type { Services } from "../../context";
import { ensureBuiltinProvider } from "../models/bootstrap";

export const GUIDE_NAME = "Atelier Guide";

const GUIDE_INSTRUCTIONS = `You are Atelier Guide. You answer questions about using Atelier — chat, Studio, knowledge sources, models and administration — from Atelier's own user documentation, and you cite it. When the documentation does not answer, say so.`;

/**
 * First run: creates the "Atelier documentation" source (Atelier's own user guide, a folder in
 * the installation) and the "Atelier Guide" assistant that answers from it with the built-in
 * engine, shared with the whole workspace and owned by the first admin. Runs once per workspace
 * (an admin who deletes them does not see them come back); later boots only re-sync the source,
 * which skips unchanged pages.
 */
export function seedGuide(services: Pick<Services, "db" | "knowledge" | "logger">): { assistantId: string; sourceId: string } | null {
  const { db, knowledge } = services;
  const docsPath = knowledge.settings.guideDocsPath;
  if (!docsPath) return null;
  const ws = db.select().from(workspace).get();
  if (ws?.guideSeededAt) {
    const source = db.select({ id: knowledgeSources.id }).from(knowledgeSources).where(eq(knowledgeSources.managedBy, "seed")).get();
    if (source) {
      // The installation may have moved since the last boot.
      db.update(knowledgeSources).set({ config: { path: docsPath } }).where(eq(knowledgeSources.id, source.id)).run();
      knowledge.runner.enqueue(source.id, "seed");
    }
    return null;
  }
  const admin = db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).orderBy(asc(users.createdAt)).get();
  if (!admin) return null; // before first-run setup: seeded right after it
  const { modelId } = ensureBuiltinProvider(db);
  const sourceId = newId();
  const assistantId = newId();
  db.transaction((tx) => {
    tx.insert(knowledgeSources)
      .values({
        id: sourceId,
        name: "Atelier documentation",
        description: "Atelier's user guide, shipped with Atelier.",
        kind: "folder",
        teamId: null,
        sensitivity: "public",
        config: { path: docsPath },
        managedBy: "seed",
        createdById: admin.id,
      })
      .run();
    tx.insert(assistants)
      .values({
        id: assistantId,
        name: GUIDE_NAME,
        description: "Answers questions about using Atelier, from its documentation, with citations. Works without any language model.",
        emoji: "🧭",
        instructions: GUIDE_INSTRUCTIONS,
        modelId,
        ownerId: admin.id,
        visibility: "workspace",
      })
      .run();
    tx.insert(assistantSources).values({ assistantId, sourceId }).run();
    tx.update(workspace).set({ guideSeededAt: new Date() }).where(eq(workspace.id, 1)).run();
  });
  knowledge.runner.enqueue(sourceId, "seed");
  services.logger.info({ assistantId, sourceId }, "Atelier Guide created");
  return { assistantId, sourceId };
}

/** The built-in model's id (for tests and the Studio). */
export function builtinModelId(services: Pick<Services, "db">): string | null {
  return (
    services.db
      .select({ id: models.id })
      .from(models)
      .innerJoin(providers, eq(providers.id, models.providerId))
      .where(eq(providers.kind, "builtin"))
      .get()?.id ?? null
  );
}
