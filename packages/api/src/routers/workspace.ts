import { workspace } from "@atelier/db";
import { listUsableChatModels } from "../services/models/models";
import { protectedProcedure, router } from "../trpc";

export const workspaceRouter = router({
  /** Workspace name, whether a default chat model is set (and which), and limits the UI enforces. */
  info: protectedProcedure.query(({ ctx }) => {
    const row = ctx.db.select().from(workspace).get();
    const usable = listUsableChatModels({ ctx });
    const defaultModel = usable.find((m) => m.isDefault) ?? null;
    return {
      name: row?.name ?? "Atelier",
      model: defaultModel
        ? { configured: true as const, model: defaultModel.displayName, provider: defaultModel.providerName, sovereignty: defaultModel.sovereignty }
        : { configured: false as const, model: null, provider: null, sovereignty: null },
      usableModels: usable.length,
      maxMessageChars: ctx.config.maxMessageChars,
    };
  }),
});
