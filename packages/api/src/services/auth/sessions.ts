import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { sessions, users, type Db } from "@atelier/db";
import type { SessionUser } from "../../context";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function createSession(db: Db, args: { userId: string; ttlMs: number; userAgent: string | null }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + args.ttlMs);
  db.insert(sessions).values({ tokenHash: hashToken(token), userId: args.userId, expiresAt, userAgent: args.userAgent?.slice(0, 300) ?? null }).run();
  // Expired sessions are swept whenever someone signs in.
  db.delete(sessions).where(lt(sessions.expiresAt, new Date())).run();
  return { token, expiresAt };
}

/** The signed-in user of a session token, or null when the session is unknown, expired or the user disabled. */
export function resolveSession(db: Db, token: string): { user: SessionUser; expiresAt: Date } | null {
  if (token.length > 200) return null;
  const row = db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, disabled: users.disabled, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())))
    .get();
  if (!row || row.disabled) return null;
  const { disabled: _disabled, expiresAt, ...user } = row;
  return { user, expiresAt };
}

export function deleteSession(db: Db, token: string) {
  db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}

export function deleteUserSessions(db: Db, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
