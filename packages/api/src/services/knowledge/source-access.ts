import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import { type KnowledgeSource, knowledgeSources } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError, NotFoundError } from "../../errors";
import { teamIdsOf } from "../access";

type Ctx = Pick<Context, "db"> & { user: SessionUser };

/**
 * Sources a user may see and search: admins see all; others see workspace-wide sources, their
 * teams' sources, and the ones they created.
 */
export function visibleSourcesWhere(ctx: Ctx): SQL | undefined {
  // Conversation attachments are never part of the Knowledge area nor of any assistant.
  if (ctx.user.role === "admin") return isNull(knowledgeSources.conversationId);
  const teamIds = teamIdsOf(ctx.db, ctx.user.id);
  const clauses: SQL[] = [isNull(knowledgeSources.teamId), eq(knowledgeSources.createdById, ctx.user.id)];
  if (teamIds.length) clauses.push(inArray(knowledgeSources.teamId, teamIds));
  return and(isNull(knowledgeSources.conversationId), or(...clauses));
}

export function visibleSourceIds(ctx: Ctx): string[] {
  return ctx.db.select({ id: knowledgeSources.id }).from(knowledgeSources).where(visibleSourcesWhere(ctx)).all().map((r) => r.id);
}

/** A source the user may see, else NOT_FOUND (ids of others' sources do not leak). */
export function loadVisibleSource(ctx: Ctx, id: string): KnowledgeSource {
  const where = visibleSourcesWhere(ctx);
  const source = ctx.db
    .select()
    .from(knowledgeSources)
    .where(where ? and(eq(knowledgeSources.id, id), where) : eq(knowledgeSources.id, id))
    .get();
  if (!source) throw new NotFoundError("This data source");
  return source;
}

/**
 * Admins manage every source; builders manage the sources they created and those of their
 * teams. Workspace-wide sources created by someone else are admin-only.
 */
export function canManageSource(ctx: Ctx, source: KnowledgeSource): boolean {
  if (ctx.user.role === "admin") return true;
  if (ctx.user.role !== "builder") return false;
  if (source.createdById === ctx.user.id) return true;
  return !!source.teamId && teamIdsOf(ctx.db, ctx.user.id).includes(source.teamId);
}

export function loadManagedSource(ctx: Ctx, id: string): KnowledgeSource {
  const source = loadVisibleSource(ctx, id);
  if (source.managedBy === "seed" && ctx.user.role !== "admin") throw new ForbiddenError("Only an administrator can change Atelier's own documentation source.");
  if (!canManageSource(ctx, source)) throw new ForbiddenError("Only the source's creator, its team's builders or an administrator can change it.");
  return source;
}
