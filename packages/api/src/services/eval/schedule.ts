import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { assistants, evalRuns, evalSuites } from "@atelier/db";
import type { Services } from "../../context";
import { ValidationError } from "../../errors";
import { createRun } from "./runs";

/**
 * Scheduled suites: re-runs the assistant's current version when the suite's last run is older
 * than its schedule (catches a model that changed behind the same name). Returns the runs created.
 */
export function createScheduledRuns(services: Pick<Services, "db" | "evaluation" | "logger">, now = new Date()): string[] {
  const { db } = services;
  const created: string[] = [];
  const suites = db.select({ suite: evalSuites, assistant: assistants }).from(evalSuites).innerJoin(assistants, eq(assistants.id, evalSuites.assistantId)).where(isNotNull(evalSuites.scheduleMinutes)).all();
  for (const { suite, assistant } of suites) {
    const busy = db.select({ id: evalRuns.id }).from(evalRuns).where(and(eq(evalRuns.suiteId, suite.id), inArray(evalRuns.status, ["queued", "running"]))).get();
    if (busy) continue;
    const last = db.select({ createdAt: evalRuns.createdAt }).from(evalRuns).where(eq(evalRuns.suiteId, suite.id)).orderBy(desc(evalRuns.createdAt)).get();
    if (last && now.getTime() - last.createdAt.getTime() < suite.scheduleMinutes! * 60_000) continue;
    try {
      created.push(createRun(services, { suite, assistant, target: "current", trigger: "schedule", createdById: null }).runId);
    } catch (e) {
      if (!(e instanceof ValidationError)) services.logger.error({ err: e, suiteId: suite.id }, "scheduled evaluation could not start");
    }
  }
  return created;
}
