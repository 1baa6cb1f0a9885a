import type { Model, Provider, Sovereignty } from "@atelier/db";

export const effectiveSovereignty = (model: Pick<Model, "sovereignty">, provider: Pick<Provider, "sovereignty">): Sovereignty =>
  model.sovereignty ?? provider.sovereignty;

/** Whether workspace policy lets this model be used at all. */
export const allowedByPolicy = (sovereignty: Sovereignty, policy: { forbidExternalModels: boolean }) =>
  !(policy.forbidExternalModels && sovereignty === "external");
