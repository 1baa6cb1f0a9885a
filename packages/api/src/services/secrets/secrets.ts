import { and, asc, eq, inArray } from "drizzle-orm";
import { type Assistant, assistantEditors, newId, secrets } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { NotFoundError } from "../../errors";

type Ctx = Context & { user: SessionUser };

/** The builder's stored secrets, masked (the value never leaves the server). */
export function listSecrets({ ctx }: { ctx: Ctx }) {
  return ctx.db
    .select({ id: secrets.id, name: secrets.name, hint: secrets.hint, createdAt: secrets.createdAt })
    .from(secrets)
    .where(eq(secrets.ownerId, ctx.user.id))
    .orderBy(asc(secrets.name))
    .all()
    .map((s) => ({ ...s, masked: `••••${s.hint}` }));
}

export function createSecret({ ctx, input }: { ctx: Ctx; input: { name: string; value: string } }) {
  const id = newId();
  ctx.db
    .insert(secrets)
    .values({ id, name: input.name, valueEncrypted: ctx.secrets.encrypt(input.value), hint: input.value.slice(-4), ownerId: ctx.user.id })
    .run();
  return { id };
}

export function deleteSecret({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = ctx.db.select({ id: secrets.id }).from(secrets).where(and(eq(secrets.id, input.id), eq(secrets.ownerId, ctx.user.id))).get();
  if (!row) throw new NotFoundError("This secret");
  ctx.db.delete(secrets).where(eq(secrets.id, row.id)).run();
  return { id: row.id };
}

/**
 * Decrypts a secret for a tool call of an assistant: only secrets of the assistant's owner or
 * co-editors can be used (an editor cannot make an assistant use someone else's key).
 */
export function readSecret(ctx: Pick<Context, "db" | "secrets">, secretId: string, assistant: Pick<Assistant, "id" | "ownerId">): string | null {
  const editors = ctx.db.select({ userId: assistantEditors.userId }).from(assistantEditors).where(eq(assistantEditors.assistantId, assistant.id)).all().map((e) => e.userId);
  const row = ctx.db
    .select({ valueEncrypted: secrets.valueEncrypted })
    .from(secrets)
    .where(and(eq(secrets.id, secretId), inArray(secrets.ownerId, [assistant.ownerId, ...editors])))
    .get();
  return row ? ctx.secrets.decrypt(row.valueEncrypted) : null;
}
