import { eq } from "drizzle-orm";
import { users } from "@atelier/db";
import type { Context } from "../../context";
import { RateLimitedError, UnauthorizedError } from "../../errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession, deleteSession } from "./sessions";

export async function signIn({ ctx, input }: { ctx: Context; input: { email: string; password: string } }) {
  const wait = ctx.loginThrottle.retryAfterSeconds(input.email, ctx.ip);
  if (wait > 0) throw new RateLimitedError(wait);
  const user = ctx.db.select().from(users).where(eq(users.email, input.email)).get();
  // Spend the same time whether or not the account exists.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash(ctx.config.passwordHashCost)));
  if (!user || !ok || user.disabled) {
    ctx.loginThrottle.recordFailure(input.email, ctx.ip);
    const after = ctx.loginThrottle.retryAfterSeconds(input.email, ctx.ip);
    if (after > 0) throw new RateLimitedError(after);
    throw new UnauthorizedError(user?.disabled && ok ? "This account is disabled. Ask an administrator." : "Wrong email or password.", user?.disabled && ok ? "auth.disabled" : "auth.invalid_credentials");
  }
  ctx.loginThrottle.recordSuccess(input.email);
  ctx.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id)).run();
  const session = createSession(ctx.db, { userId: user.id, ttlMs: ctx.config.sessionTtlMs, userAgent: ctx.userAgent });
  ctx.cookies.setSession(session.token, session.expiresAt);
  return { userId: user.id };
}

export function signOut({ ctx }: { ctx: Context }) {
  if (ctx.sessionToken) deleteSession(ctx.db, ctx.sessionToken);
  ctx.cookies.clearSession();
}
