import { count } from "drizzle-orm";
import { newId, users, workspace } from "@atelier/db";
import type { SetupInput } from "@atelier/validators";
import type { Context } from "../../context";
import { ConflictError } from "../../errors";
import { hashPassword } from "./password";
import { createSession } from "./sessions";
import { seedGuide } from "../knowledge/seed-guide";
import { seedGuideSuite } from "../eval/seed-guide-suite";

export function isSetupRequired(ctx: Pick<Context, "db">): boolean {
  return (ctx.db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/** First run: creates the workspace and its first admin, and signs them in. Refused once anyone exists. */
export async function setupWorkspace({ ctx, input }: { ctx: Context; input: SetupInput }) {
  const passwordHash = await hashPassword(input.password, ctx.config.passwordHashCost);
  const userId = newId();
  ctx.db.transaction((tx) => {
    const existing = tx.select({ n: count() }).from(users).get()?.n ?? 0;
    if (existing > 0) throw new ConflictError("Atelier is already set up. Sign in instead.", "setup.already_done");
    tx.insert(workspace).values({ id: 1, name: input.workspaceName }).onConflictDoUpdate({ target: workspace.id, set: { name: input.workspaceName } }).run();
    tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash, role: "admin" }).run();
  });
  const session = createSession(ctx.db, { userId, ttlMs: ctx.config.sessionTtlMs, userAgent: ctx.userAgent });
  ctx.cookies.setSession(session.token, session.expiresAt);
  try {
    seedGuide(ctx);
    seedGuideSuite(ctx, ctx.knowledge.settings.guideSuiteFile);
  } catch (e) {
    ctx.logger.error({ err: e }, "could not create the Atelier Guide");
  }
  return { userId };
}
