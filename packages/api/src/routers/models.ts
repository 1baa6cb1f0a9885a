import { id, modelInput, modelSettingsInput, providerInput, updateModelInput, updateProviderInput } from "@atelier/validators";
import { z } from "zod";
import { providerPresets } from "@atelier/agent";
import { addModel, deleteModel, getModelSettings, listUsableChatModels, updateModel, updateModelSettings } from "../services/models/models";
import { createProvider, deleteProvider, listProviders, testProvider, updateProvider } from "../services/models/providers";
import { usageByModel, usagePerDay } from "../services/usage/usage-queries";
import { dayOf } from "../services/usage/record-model-call";
import { adminProcedure, protectedProcedure, router } from "../trpc";

export const modelsRouter = router({
  /** Chat models the Studio may offer: enabled and allowed by the sovereignty policy. */
  usable: protectedProcedure.query(({ ctx }) => listUsableChatModels({ ctx })),
  presets: adminProcedure.query(() => providerPresets),
  providers: adminProcedure.query(({ ctx }) => listProviders({ ctx })),
  createProvider: adminProcedure.input(providerInput).mutation(({ ctx, input }) => createProvider({ ctx, input })),
  updateProvider: adminProcedure.input(updateProviderInput).mutation(({ ctx, input }) => updateProvider({ ctx, input })),
  deleteProvider: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteProvider({ ctx, input })),
  /** Lists the provider's models and adds new ones; reports failures in plain words. */
  testProvider: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => testProvider({ ctx, input })),
  addModel: adminProcedure.input(modelInput).mutation(({ ctx, input }) => addModel({ ctx, input })),
  updateModel: adminProcedure.input(updateModelInput).mutation(({ ctx, input }) => updateModel({ ctx, input })),
  deleteModel: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteModel({ ctx, input })),
  settings: adminProcedure.query(({ ctx }) => getModelSettings({ ctx })),
  updateSettings: adminProcedure.input(modelSettingsInput).mutation(({ ctx, input }) => updateModelSettings({ ctx, input })),
  /** Tokens and euros per day and per model over the last `days` days. */
  usage: adminProcedure.input(z.object({ days: z.number().int().min(1).max(366).default(30) })).query(({ ctx, input }) => {
    const toDay = dayOf(new Date());
    const fromDay = toDay - input.days + 1;
    return { perDay: usagePerDay(ctx.db, { fromDay, toDay }), perModel: usageByModel(ctx.db, { fromDay, toDay }) };
  }),
});
