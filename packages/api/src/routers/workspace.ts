import { workspace } from "@atelier/db";
import { protectedProcedure, router } from "../trpc";

export const workspaceRouter = router({
  /** Workspace name and the model endpoint in use (host and model only; never the key). */
  info: protectedProcedure.query(({ ctx }) => {
    const row = ctx.db.select().from(workspace).get();
    const model = ctx.config.model;
    let host: string | null = null;
    if (model) {
      try {
        host = new URL(model.baseUrl).host;
      } catch {
        host = model.baseUrl;
      }
    }
    return {
      name: row?.name ?? "Atelier",
      model: model ? { configured: true as const, host, model: model.model } : { configured: false as const, host: null, model: null },
      maxMessageChars: ctx.config.maxMessageChars,
    };
  }),
});
