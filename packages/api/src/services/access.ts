import { and, eq, or, inArray, type SQL } from "drizzle-orm";
import { assistants, teamMembers, type Assistant, type Db } from "@atelier/db";
import type { SessionUser } from "../context";

export function teamIdsOf(db: Db, userId: string): string[] {
  return db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId)).all().map((r) => r.teamId);
}

/** SQL condition: assistants this user may chat with (own, workspace-wide, or shared with one of their teams). */
export function usableAssistantsWhere(db: Db, user: SessionUser): SQL {
  const teamIds = teamIdsOf(db, user.id);
  const clauses: SQL[] = [eq(assistants.ownerId, user.id), eq(assistants.visibility, "workspace")];
  if (teamIds.length) clauses.push(and(eq(assistants.visibility, "team"), inArray(assistants.teamId, teamIds))!);
  return or(...clauses)!;
}

export function canUseAssistant(db: Db, user: SessionUser, assistant: Assistant): boolean {
  if (assistant.ownerId === user.id || assistant.visibility === "workspace") return true;
  return assistant.visibility === "team" && !!assistant.teamId && teamIdsOf(db, user.id).includes(assistant.teamId);
}

/** Owners edit their assistants; admins edit every assistant. */
export function canEditAssistant(user: SessionUser, assistant: Assistant): boolean {
  return user.role === "admin" || assistant.ownerId === user.id;
}
