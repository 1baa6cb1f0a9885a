import { workspace } from "@atelier/db";
import type { PromptVariables } from "@atelier/agent";
import type { Context, SessionUser } from "../../context";

/** The values of {{user.name}}, {{today}}… in an assistant's instructions. */
export function promptVariables(ctx: Pick<Context, "db"> & { user: SessionUser }, assistantName: string): PromptVariables {
  const ws = ctx.db.select({ name: workspace.name }).from(workspace).get();
  return {
    user: { name: ctx.user.name, email: ctx.user.email },
    assistant: { name: assistantName },
    workspace: { name: ws?.name ?? "Atelier" },
    today: new Date(),
    timeZone: "Europe/Paris",
    language: ctx.user.locale === "fr" ? "fr" : "en",
  };
}
