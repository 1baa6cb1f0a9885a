import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Context } from "./context";
import { ForbiddenError, UnauthorizedError, errorData, toTRPCError } from "./errors";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, ...errorData(error.cause) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors thrown by services to tRPC errors; unexpected errors are logged and hidden. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok || result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  const mapped = toTRPCError(result.error.cause ?? result.error);
  if (mapped.code === "INTERNAL_SERVER_ERROR") ctx.logger.error({ err: result.error.cause ?? result.error, path }, "unexpected error");
  return { ...result, error: mapped };
});

export const publicProcedure = t.procedure.use(mapErrors);

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw toTRPCError(new UnauthorizedError("Your session has expired or you are signed out. Please sign in.", "auth.required"));
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Any signed-in user; narrows `ctx.user` to non-null. */
export const protectedProcedure = publicProcedure.use(requireUser);

/** Admins and builders: people who build assistants in the Studio. */
export const builderProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role === "member") throw toTRPCError(new ForbiddenError("Only builders and admins can build assistants.", "forbidden.builder_only"));
  return next();
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw toTRPCError(new ForbiddenError("Only admins can do this.", "forbidden.admin_only"));
  return next();
});
