import { and, eq, or, inArray, type SQL } from "drizzle-orm";
import { assistantEditors, assistants, teamMembers, type Assistant, type Db } from "@atelier/db";
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

/** Owners and co-editors edit an assistant; admins edit every assistant. Members never edit. */
export function canEditAssistant(db: Db, user: SessionUser, assistant: Assistant): boolean {
  if (user.role === "admin" || assistant.ownerId === user.id) return true;
  if (user.role === "member") return false;
  return !!db
    .select({ userId: assistantEditors.userId })
    .from(assistantEditors)
    .where(and(eq(assistantEditors.assistantId, assistant.id), eq(assistantEditors.userId, user.id)))
    .get();
}

/** Deleting, sharing and choosing co-editors stay with the owner and admins. */
export function canAdministerAssistant(user: SessionUser, assistant: Assistant): boolean {
  return user.role === "admin" || assistant.ownerId === user.id;
}
