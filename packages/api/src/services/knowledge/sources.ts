import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  ingestionJobs,
  knowledgeDocuments,
  knowledgeSources,
  newId,
  type SourceConfig,
  teams,
  users,
} from "@atelier/db";
import { ConnectorError, resolveAllowedFolder } from "@atelier/knowledge";
import type { CreateSourceInput, UpdateSourceInput } from "@atelier/validators";
import { createSourceInput, type sourceConfig, updateSourceInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { teamIdsOf } from "../access";
import { loadManagedSource, loadVisibleSource, visibleSourcesWhere } from "./source-access";

type Ctx = Context & { user: SessionUser };

/** Only teams the creator belongs to (any team for admins) can own a source. */
function checkTeam(ctx: Ctx, teamId: string | null): string | null {
  if (!teamId) {
    if (ctx.user.role !== "admin") {
      throw new ValidationError("Only an administrator can share a source with the whole workspace.", {
        teamId: ["Choose one of your teams; only administrators share with the whole workspace"],
      });
    }
    return null;
  }
  const exists = ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
  if (!exists) throw new ValidationError("Unknown team.", { teamId: ["This team does not exist"] });
  if (ctx.user.role !== "admin" && !teamIdsOf(ctx.db, ctx.user.id).includes(teamId)) {
    throw new ValidationError("You can only give a source to your own teams.", { teamId: ["Choose a team you belong to"] });
  }
  return teamId;
}

/** Checks a connector configuration and turns it into what is stored. */
async function storedConfig(ctx: Ctx, config: ReturnType<typeof sourceConfig.parse>): Promise<SourceConfig> {
  switch (config.kind) {
    case "upload":
      return {};
    case "folder": {
      const roots = ctx.knowledge.settings.folderRoots;
      if (roots.length === 0) {
        throw new ValidationError("No server folder is allowed yet.", {
          path: ["An administrator must list the allowed folders in ATELIER_FOLDER_ROOTS first"],
        });
      }
      try {
        return { path: await resolveAllowedFolder(config.path, roots) };
      } catch (e) {
        if (e instanceof ConnectorError) throw new ValidationError(e.message, { path: [e.message] });
        throw e;
      }
    }
    case "website":
      return { url: new URL(config.url).toString(), maxDepth: config.maxDepth, maxPages: config.maxPages };
  }
}

function activeJobs(ctx: Ctx, sourceIds: string[]) {
  if (sourceIds.length === 0) return new Map();
  const rows = ctx.db
    .select()
    .from(ingestionJobs)
    .where(and(inArray(ingestionJobs.sourceId, sourceIds), inArray(ingestionJobs.status, ["queued", "running"])))
    .all();
  return new Map(rows.map((j) => [j.sourceId, j]));
}

/** Sources the user may see, with document counts and the sync in progress. */
export function listSources({ ctx }: { ctx: Ctx }) {
  const rows = ctx.db
    .select({
      source: knowledgeSources,
      teamName: teams.name,
      createdByName: users.name,
      documentCount: sql<number>`(SELECT count(*) FROM knowledge_documents d WHERE d.source_id = ${knowledgeSources.id})`,
      failedCount: sql<number>`(SELECT count(*) FROM knowledge_documents d WHERE d.source_id = ${knowledgeSources.id} AND d.status = 'failed')`,
      chunkCount: sql<number>`(SELECT coalesce(sum(d.chunk_count), 0) FROM knowledge_documents d WHERE d.source_id = ${knowledgeSources.id})`,
    })
    .from(knowledgeSources)
    .leftJoin(teams, eq(teams.id, knowledgeSources.teamId))
    .leftJoin(users, eq(users.id, knowledgeSources.createdById))
    .where(visibleSourcesWhere(ctx))
    .orderBy(knowledgeSources.name)
    .all();
  const jobs = activeJobs(
    ctx,
    rows.map((r) => r.source.id),
  );
  return rows.map((r) => ({
    ...r.source,
    teamName: r.teamName,
    createdByName: r.createdByName,
    documentCount: r.documentCount,
    failedCount: r.failedCount,
    chunkCount: r.chunkCount,
    activeJob: jobs.get(r.source.id) ?? null,
    canManage: canManage(ctx, r.source),
  }));
}

function canManage(ctx: Ctx, source: typeof knowledgeSources.$inferSelect) {
  try {
    loadManagedSource(ctx, source.id);
    return true;
  } catch {
    return false;
  }
}

export function getSource({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const source = loadVisibleSource(ctx, input.id);
  const list = listSources({ ctx }).find((s) => s.id === source.id)!;
  const recentJobs = ctx.db
    .select()
    .from(ingestionJobs)
    .where(eq(ingestionJobs.sourceId, source.id))
    .orderBy(desc(ingestionJobs.createdAt))
    .limit(10)
    .all();
  return { ...list, recentJobs };
}

export async function createSource({ ctx, input }: { ctx: Ctx; input: CreateSourceInput }) {
  const data = createSourceInput.parse(input);
  const teamId = checkTeam(ctx, data.teamId);
  const config = await storedConfig(ctx, data.config);
  const id = newId();
  ctx.db
    .insert(knowledgeSources)
    .values({
      id,
      name: data.name,
      description: data.description,
      kind: data.config.kind,
      teamId,
      sensitivity: data.sensitivity,
      syncIntervalMinutes: data.config.kind === "upload" ? null : data.syncIntervalMinutes,
      config,
      createdById: ctx.user.id,
    })
    .run();
  // Folders and websites sync at once; an upload source waits for its first files.
  if (data.config.kind !== "upload") ctx.knowledge.runner.enqueue(id, "create", ctx.user.id);
  return { id };
}

export async function updateSource({ ctx, input }: { ctx: Ctx; input: UpdateSourceInput }) {
  const data = updateSourceInput.parse(input);
  const source = loadManagedSource(ctx, data.id);
  if (data.config && data.config.kind !== source.kind) {
    throw new ValidationError("A source's kind cannot change; create a new source instead.", { config: ["The kind of a source cannot change"] });
  }
  const values: Partial<typeof knowledgeSources.$inferInsert> = { updatedAt: new Date() };
  if (data.name !== undefined) values.name = data.name;
  if (data.description !== undefined) values.description = data.description;
  if (data.sensitivity !== undefined) values.sensitivity = data.sensitivity;
  if (data.syncIntervalMinutes !== undefined) values.syncIntervalMinutes = source.kind === "upload" ? null : data.syncIntervalMinutes;
  if (data.teamId !== undefined) values.teamId = checkTeam(ctx, data.teamId);
  let resync = false;
  if (data.config) {
    values.config = await storedConfig(ctx, data.config);
    resync = JSON.stringify(values.config) !== JSON.stringify(source.config);
  }
  ctx.db.update(knowledgeSources).set(values).where(eq(knowledgeSources.id, source.id)).run();
  if (resync && !source.paused) ctx.knowledge.runner.enqueue(source.id, "manual", ctx.user.id);
  return { id: source.id };
}

/** Deletes a source, every document and chunk of it, and its uploaded files. */
export async function deleteSource({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const source = loadManagedSource(ctx, input.id);
  await ctx.knowledge.runner.cancelSource(source.id);
  ctx.knowledge.runner.removeSourceDocuments(source.id);
  ctx.db.delete(knowledgeSources).where(eq(knowledgeSources.id, source.id)).run();
  return { id: source.id };
}

export function syncSource({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const source = loadManagedSource(ctx, input.id);
  if (source.paused) throw new ValidationError("This source is paused; resume it before syncing.", {}, "knowledge.paused");
  return ctx.knowledge.runner.enqueue(source.id, "manual", ctx.user.id);
}

/** Pausing cancels the sync in progress and stops scheduled syncs; the documents stay searchable. */
export async function setSourcePaused({ ctx, input }: { ctx: Ctx; input: { id: string; paused: boolean } }) {
  const source = loadManagedSource(ctx, input.id);
  if (input.paused) await ctx.knowledge.runner.cancelSource(source.id);
  ctx.db.update(knowledgeSources).set({ paused: input.paused, updatedAt: new Date() }).where(eq(knowledgeSources.id, source.id)).run();
  return { id: source.id, paused: input.paused };
}

export function cancelJob({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const job = ctx.db.select().from(ingestionJobs).where(eq(ingestionJobs.id, input.id)).get();
  if (!job) throw new NotFoundError("This sync");
  loadManagedSource(ctx, job.sourceId);
  return { cancelled: ctx.knowledge.runner.cancel(job.id) };
}

export function listJobs({ ctx, input }: { ctx: Ctx; input: { sourceId: string } }) {
  const source = loadVisibleSource(ctx, input.sourceId);
  return ctx.db
    .select()
    .from(ingestionJobs)
    .where(eq(ingestionJobs.sourceId, source.id))
    .orderBy(desc(ingestionJobs.createdAt))
    .limit(20)
    .all();
}
