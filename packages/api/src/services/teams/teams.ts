import { asc, count, eq } from "drizzle-orm";
import { assistants, knowledgeSources, newId, teamMembers, teams } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { teamIdsOf } from "../access";

type Ctx = Context & { user: SessionUser };

/** Admins see every team; others see the teams they belong to. */
export function listTeams({ ctx }: { ctx: Ctx }) {
  const rows = ctx.db
    .select({ id: teams.id, name: teams.name, members: count(teamMembers.userId) })
    .from(teams)
    .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .groupBy(teams.id)
    .orderBy(asc(teams.name))
    .all();
  if (ctx.user.role === "admin") return rows;
  const mine = new Set(teamIdsOf(ctx.db, ctx.user.id));
  return rows.filter((t) => mine.has(t.id));
}

function checkUniqueName(ctx: Ctx, name: string, exceptId?: string) {
  const existing = ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.name, name)).get();
  if (existing && existing.id !== exceptId) throw new ValidationError("This team name is taken.", { name: ["A team with this name already exists"] }, "teams.name_taken");
}

export function createTeam({ ctx, input }: { ctx: Ctx; input: { name: string } }) {
  checkUniqueName(ctx, input.name);
  const id = newId();
  ctx.db.insert(teams).values({ id, name: input.name }).run();
  return { id };
}

export function renameTeam({ ctx, input }: { ctx: Ctx; input: { id: string; name: string } }) {
  const team = ctx.db.select().from(teams).where(eq(teams.id, input.id)).get();
  if (!team) throw new NotFoundError("This team");
  checkUniqueName(ctx, input.name, input.id);
  ctx.db.update(teams).set({ name: input.name }).where(eq(teams.id, input.id)).run();
  return { id: input.id };
}

export function deleteTeam({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const team = ctx.db.select().from(teams).where(eq(teams.id, input.id)).get();
  if (!team) throw new NotFoundError("This team");
  // A source without a team is workspace-wide: deleting its team must not publish it.
  const owned = ctx.db.select({ id: knowledgeSources.id }).from(knowledgeSources).where(eq(knowledgeSources.teamId, input.id)).all().length;
  if (owned > 0) {
    throw new ConflictError(`This team owns ${owned} data source${owned > 1 ? "s" : ""}. Give ${owned > 1 ? "them" : "it"} to another team or delete ${owned > 1 ? "them" : "it"} first.`, "teams.owns_sources");
  }
  ctx.db.transaction((tx) => {
    // Assistants shared with this team fall back to private rather than to nobody.
    tx.update(assistants).set({ visibility: "private", teamId: null }).where(eq(assistants.teamId, input.id)).run();
    tx.delete(teams).where(eq(teams.id, input.id)).run();
  });
  return { id: input.id };
}
