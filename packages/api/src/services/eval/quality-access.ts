import { eq } from "drizzle-orm";
import { type Assistant, type EvalRun, type EvalSuite, evalRuns, evalSuites } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { NotFoundError } from "../../errors";
import { loadEditable } from "../assistants/versions";

type Ctx = Context & { user: SessionUser };

/**
 * Test suites, cases and runs belong to their assistant: its editors (owner, co-editors, admins)
 * see and change them; anyone else gets NOT_FOUND or FORBIDDEN exactly as for the assistant.
 */
export function loadQualityAssistant(ctx: Ctx, assistantId: string): Assistant {
  return loadEditable(ctx, assistantId);
}

export function loadSuite(ctx: Ctx, suiteId: string): { suite: EvalSuite; assistant: Assistant } {
  const suite = ctx.db.select().from(evalSuites).where(eq(evalSuites.id, suiteId)).get();
  if (!suite) throw new NotFoundError("This test suite");
  return { suite, assistant: loadEditable(ctx, suite.assistantId) };
}

export function loadRun(ctx: Ctx, runId: string): { run: EvalRun; assistant: Assistant } {
  const run = ctx.db.select().from(evalRuns).where(eq(evalRuns.id, runId)).get();
  if (!run) throw new NotFoundError("This evaluation run");
  return { run, assistant: loadEditable(ctx, run.assistantId) };
}

/** Marks the suite changed: a Publish check made before no longer counts. */
export function touchSuite(ctx: Pick<Context, "db">, suiteId: string) {
  ctx.db.update(evalSuites).set({ updatedAt: new Date() }).where(eq(evalSuites.id, suiteId)).run();
}
