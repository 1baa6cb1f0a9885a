import { existsSync, readFileSync } from "node:fs";
import { asc, eq } from "drizzle-orm";
import { assistantSources, assistants, evalCases, evalSuites, knowledgeSources, newId, workspace } from "@atelier/db";
import { parseCaseFile } from "@atelier/eval";
import type { Services } from "../../context";
import { createRun } from "./runs";

export const GUIDE_SUITE_NAME = "Atelier Guide — documentation questions";

/**
 * First start: gives the Atelier Guide its test suite (questions over Atelier's own
 * documentation, shipped in `suiteFile`) and runs it at once, so that a new workspace shows real
 * accuracy figures within a minute. The run waits for the documentation to be indexed. Done once
 * per workspace: a deleted suite does not come back.
 */
export function seedGuideSuite(services: Pick<Services, "db" | "evaluation" | "logger">, suiteFile: string | null | undefined): { suiteId: string; runId: string } | null {
  const { db } = services;
  if (!suiteFile || !existsSync(suiteFile)) return null;
  const ws = db.select().from(workspace).get();
  if (!ws?.guideSeededAt || ws.guideSuiteSeededAt) return null;
  const guide = db
    .select({ assistant: assistants })
    .from(assistants)
    .innerJoin(assistantSources, eq(assistantSources.assistantId, assistants.id))
    .innerJoin(knowledgeSources, eq(knowledgeSources.id, assistantSources.sourceId))
    .where(eq(knowledgeSources.managedBy, "seed"))
    .orderBy(asc(assistants.createdAt))
    .get()?.assistant;
  if (!guide) {
    // The Guide was deleted: respect it.
    db.update(workspace).set({ guideSuiteSeededAt: new Date() }).where(eq(workspace.id, 1)).run();
    return null;
  }
  const parsed = parseCaseFile(readFileSync(suiteFile, "utf8"), "jsonl");
  const cases = parsed.rows.flatMap((r) => (r.case ? [r.case] : []));
  if (parsed.error || cases.length === 0) {
    services.logger.error({ suiteFile, error: parsed.error }, "the Atelier Guide's test suite could not be read");
    return null;
  }
  const suiteId = newId();
  db.transaction((tx) => {
    tx.insert(evalSuites)
      .values({
        id: suiteId,
        assistantId: guide.id,
        name: GUIDE_SUITE_NAME,
        description: "Questions a new user asks, answered from Atelier's user guide; shipped with Atelier.",
        managedBy: "seed",
      })
      .run();
    const now = Date.now();
    cases.forEach((c, i) => {
      tx.insert(evalCases).values({ id: newId(), suiteId, ...c, origin: "seed", createdAt: new Date(now + i) }).run();
    });
    tx.update(workspace).set({ guideSuiteSeededAt: new Date() }).where(eq(workspace.id, 1)).run();
  });
  const suite = db.select().from(evalSuites).where(eq(evalSuites.id, suiteId)).get()!;
  const { runId } = createRun(services, { suite, assistant: guide, target: "current", trigger: "first_run", createdById: null });
  services.logger.info({ suiteId, runId, cases: cases.length }, "Atelier Guide test suite created and queued");
  return { suiteId, runId };
}
