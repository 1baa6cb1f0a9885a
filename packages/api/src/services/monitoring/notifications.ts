import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications } from "@atelier/db";
import type { Context, SessionUser } from "../../context";

type Ctx = Context & { user: SessionUser };

const LIMIT = 50;

function unreadCount(ctx: Ctx): number {
  return ctx.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt))).get()?.n ?? 0;
}

/** The signed-in user's own notifications, newest first, with how many are unread. */
export function listNotifications({ ctx }: { ctx: Ctx }) {
  const items = ctx.db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(eq(notifications.userId, ctx.user.id))
    .orderBy(desc(notifications.createdAt))
    .limit(LIMIT)
    .all();
  return { items, unreadCount: unreadCount(ctx) };
}

/** Marks some (`ids`) or all of the user's own notifications read; other users' ids are ignored. */
export function markNotificationsRead({ ctx, input }: { ctx: Ctx; input: { ids?: string[]; all?: boolean } }) {
  const own = and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt));
  const ids = input.ids ?? [];
  if (input.all || ids.length) {
    ctx.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(input.all ? own : and(own, inArray(notifications.id, ids)))
      .run();
  }
  return { unreadCount: unreadCount(ctx) };
}
