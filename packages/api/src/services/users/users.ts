import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import { newId, teamMembers, teams, users, type Db } from "@atelier/db";
import { createUserInput, type CreateUserInput, type Role } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { hashPassword } from "../auth/password";
import { deleteUserSessions } from "../auth/sessions";

type Ctx = Context & { user: SessionUser };

export function listUsers({ ctx }: { ctx: Ctx }) {
  const rows = ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, lastLoginAt: users.lastLoginAt, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.name))
    .all();
  const memberships = ctx.db.select({ userId: teamMembers.userId, teamId: teamMembers.teamId, teamName: teams.name }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).all();
  return rows.map((u) => ({ ...u, teams: memberships.filter((m) => m.userId === u.id).map((m) => ({ id: m.teamId, name: m.teamName })) }));
}

function checkTeamsExist(db: Db, teamIds: string[]) {
  if (!teamIds.length) return;
  const found = db.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds)).all();
  if (found.length !== new Set(teamIds).size) throw new ValidationError("Unknown team.", { teamIds: ["One of these teams does not exist"] });
}

export async function createUser({ ctx, input }: { ctx: Ctx; input: CreateUserInput }) {
  const data = createUserInput.parse(input);
  const taken = ctx.db.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
  if (taken) throw new ValidationError("This email is already used.", { email: ["A user with this email already exists"] }, "users.email_taken");
  checkTeamsExist(ctx.db, data.teamIds);
  const passwordHash = await hashPassword(data.password, ctx.config.passwordHashCost);
  const id = newId();
  ctx.db.transaction((tx) => {
    tx.insert(users).values({ id, email: data.email, name: data.name, role: data.role, passwordHash }).run();
    for (const teamId of new Set(data.teamIds)) tx.insert(teamMembers).values({ teamId, userId: id }).run();
  });
  return { id };
}

function otherActiveAdmins(db: Db, userId: string): number {
  return db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId))).get()?.n ?? 0;
}

export function updateUser({ ctx, input }: { ctx: Ctx; input: { id: string; role?: Role; teamIds?: string[]; disabled?: boolean } }) {
  const user = ctx.db.select().from(users).where(eq(users.id, input.id)).get();
  if (!user) throw new NotFoundError("This user");
  const losesAdmin = user.role === "admin" && ((input.role && input.role !== "admin") || input.disabled === true);
  if (losesAdmin && otherActiveAdmins(ctx.db, user.id) === 0) {
    throw new ConflictError("The workspace must keep at least one active admin.", "users.last_admin");
  }
  if (input.teamIds) checkTeamsExist(ctx.db, input.teamIds);
  ctx.db.transaction((tx) => {
    if (input.role !== undefined || input.disabled !== undefined) {
      tx.update(users).set({ ...(input.role ? { role: input.role } : {}), ...(input.disabled !== undefined ? { disabled: input.disabled } : {}), updatedAt: new Date() }).where(eq(users.id, user.id)).run();
    }
    if (input.teamIds) {
      tx.delete(teamMembers).where(eq(teamMembers.userId, user.id)).run();
      for (const teamId of new Set(input.teamIds)) tx.insert(teamMembers).values({ teamId, userId: user.id }).run();
    }
  });
  if (input.disabled) deleteUserSessions(ctx.db, user.id);
  return { id: user.id };
}

export function setLocale({ ctx, input }: { ctx: Ctx; input: { locale: "en" | "fr" } }) {
  ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.user.id)).run();
  return { locale: input.locale };
}
