import { eq } from "drizzle-orm";
import { workspace, type Db } from "@atelier/db";

/** Clears the workspace defaults (chat, embeddings, judge) that point at models being removed. */
export function clearDefaultsFor(db: Pick<Db, "select" | "update">, modelIds: Iterable<string>) {
  const ids = new Set(modelIds);
  const ws = db.select().from(workspace).get();
  if (!ws || ids.size === 0) return;
  const clear = (v: string | null) => (v && ids.has(v) ? null : v);
  db.update(workspace)
    .set({ defaultChatModelId: clear(ws.defaultChatModelId), defaultEmbeddingModelId: clear(ws.defaultEmbeddingModelId), defaultJudgeModelId: clear(ws.defaultJudgeModelId) })
    .where(eq(workspace.id, ws.id))
    .run();
}
