import { eq, inArray } from "drizzle-orm";
import { assistantEditors, assistants, users } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { canAdministerAssistant, canEditAssistant, canUseAssistant } from "../access";

type Ctx = Context & { user: SessionUser };

function load(ctx: Ctx, id: string) {
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, id)).get();
  if (!assistant || !(canUseAssistant(ctx.db, ctx.user, assistant) || canEditAssistant(ctx.db, ctx.user, assistant))) throw new NotFoundError("This assistant");
  return assistant;
}

export function listEditors({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = load(ctx, input.id);
  return ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(assistantEditors)
    .innerJoin(users, eq(users.id, assistantEditors.userId))
    .where(eq(assistantEditors.assistantId, assistant.id))
    .all();
}

/** Co-editors edit and publish the assistant; only builders and admins can be co-editors. */
export function setEditors({ ctx, input }: { ctx: Ctx; input: { id: string; userIds: string[] } }) {
  const assistant = load(ctx, input.id);
  if (!canAdministerAssistant(ctx.user, assistant)) throw new ForbiddenError("Only the owner of this assistant or an admin can choose its co-editors.", "forbidden.not_owner");
  const ids = [...new Set(input.userIds)].filter((id) => id !== assistant.ownerId);
  const found = ids.length ? ctx.db.select({ id: users.id, role: users.role, disabled: users.disabled }).from(users).where(inArray(users.id, ids)).all() : [];
  if (found.length !== ids.length || found.some((u) => u.role === "member" || u.disabled)) {
    throw new ValidationError("Co-editors must be active builders or admins.", { userIds: ["Co-editors must be active builders or admins"] });
  }
  ctx.db.transaction((tx) => {
    tx.delete(assistantEditors).where(eq(assistantEditors.assistantId, assistant.id)).run();
    if (ids.length) tx.insert(assistantEditors).values(ids.map((userId) => ({ assistantId: assistant.id, userId }))).run();
  });
  return listEditors({ ctx, input });
}

