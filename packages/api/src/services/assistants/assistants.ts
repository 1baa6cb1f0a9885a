import { and, asc, desc, eq } from "drizzle-orm";
import { assistants, newId, users, teams, type Assistant } from "@atelier/db";
import type { CreateAssistantInput, UpdateAssistantInput } from "@atelier/validators";
import { createAssistantInput, updateAssistantInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { canEditAssistant, canUseAssistant, teamIdsOf, usableAssistantsWhere } from "../access";

type Ctx = Context & { user: SessionUser };

const listColumns = {
  id: assistants.id,
  name: assistants.name,
  description: assistants.description,
  emoji: assistants.emoji,
  model: assistants.model,
  visibility: assistants.visibility,
  teamId: assistants.teamId,
  teamName: teams.name,
  ownerId: assistants.ownerId,
  ownerName: users.name,
  updatedAt: assistants.updatedAt,
};

/** Assistants the user may chat with, for the Chat picker. */
export function listUsableAssistants({ ctx }: { ctx: Ctx }) {
  return ctx.db
    .select(listColumns)
    .from(assistants)
    .innerJoin(users, eq(users.id, assistants.ownerId))
    .leftJoin(teams, eq(teams.id, assistants.teamId))
    .where(usableAssistantsWhere(ctx.db, ctx.user))
    .orderBy(asc(assistants.name))
    .all();
}

/** Assistants the user may edit, for the Studio: their own, or every one for admins. */
export function listEditableAssistants({ ctx }: { ctx: Ctx }) {
  const q = ctx.db
    .select(listColumns)
    .from(assistants)
    .innerJoin(users, eq(users.id, assistants.ownerId))
    .leftJoin(teams, eq(teams.id, assistants.teamId));
  return (ctx.user.role === "admin" ? q : q.where(eq(assistants.ownerId, ctx.user.id))).orderBy(desc(assistants.updatedAt)).all();
}

function load(ctx: Ctx, id: string): Assistant {
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, id)).get();
  // An assistant the user may not use is reported as missing, so ids do not leak.
  if (!assistant || !(canUseAssistant(ctx.db, ctx.user, assistant) || canEditAssistant(ctx.user, assistant))) throw new NotFoundError("This assistant");
  return assistant;
}

export function getAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = load(ctx, input.id);
  return { ...assistant, canEdit: canEditAssistant(ctx.user, assistant) };
}

/** Only teams the owner belongs to (any team for admins) can receive a team-visible assistant. */
function checkTeam(ctx: Ctx, visibility: string, teamId: string | null): string | null {
  if (visibility !== "team") return null;
  if (!teamId) throw new ValidationError("Choose a team.", { teamId: ["Choose the team that may use this assistant"] });
  const exists = ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
  if (!exists) throw new ValidationError("Unknown team.", { teamId: ["This team does not exist"] });
  if (ctx.user.role !== "admin" && !teamIdsOf(ctx.db, ctx.user.id).includes(teamId)) {
    throw new ValidationError("You can only share with your own teams.", { teamId: ["You can only share with a team you belong to"] });
  }
  return teamId;
}

export function createAssistant({ ctx, input }: { ctx: Ctx; input: CreateAssistantInput }) {
  const data = createAssistantInput.parse(input);
  const id = newId();
  const teamId = checkTeam(ctx, data.visibility, data.teamId);
  ctx.db.insert(assistants).values({ ...data, model: data.model || null, teamId, id, ownerId: ctx.user.id }).run();
  return getAssistant({ ctx, input: { id } });
}

export function updateAssistant({ ctx, input }: { ctx: Ctx; input: UpdateAssistantInput }) {
  const { id, ...data } = updateAssistantInput.parse(input);
  const assistant = load(ctx, id);
  if (!canEditAssistant(ctx.user, assistant)) throw new ForbiddenError("Only the owner of this assistant or an admin can edit it.", "forbidden.not_owner");
  const teamId = checkTeam(ctx, data.visibility, data.teamId);
  ctx.db.update(assistants).set({ ...data, model: data.model || null, teamId, updatedAt: new Date() }).where(eq(assistants.id, id)).run();
  return getAssistant({ ctx, input: { id } });
}

export function deleteAssistant({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const assistant = load(ctx, input.id);
  if (!canEditAssistant(ctx.user, assistant)) throw new ForbiddenError("Only the owner of this assistant or an admin can delete it.", "forbidden.not_owner");
  ctx.db.delete(assistants).where(and(eq(assistants.id, input.id))).run();
  return { id: input.id };
}
