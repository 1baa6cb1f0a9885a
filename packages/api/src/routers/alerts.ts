import { alertMetrics } from "@atelier/db";
import { id } from "@atelier/validators";
import { z } from "zod";
import { createAlertRule, deleteAlertRule, evaluateAlerts, listAlertRules, updateAlertRule } from "../services/monitoring/alerts";
import { listNotifications, markNotificationsRead } from "../services/monitoring/notifications";
import { adminProcedure, builderProcedure, protectedProcedure, router } from "../trpc";

const metric = z.enum(alertMetrics);
/** 0–1 for rates, euros for cost per day (the range per metric is checked by the service). */
const threshold = z.number({ message: "Enter a number" }).min(0, { message: "Use 0 or more" });
/** Empty or null: no webhook. */
const webhookUrl = z.string().trim().max(2000, { message: "Use at most 2000 characters" }).nullable();

export const createAlertRuleInput = z.object({ assistantId: id, metric, threshold, webhookUrl: webhookUrl.optional(), enabled: z.boolean().optional() });
export const updateAlertRuleInput = z.object({ id, metric: metric.optional(), threshold: threshold.optional(), webhookUrl: webhookUrl.optional(), enabled: z.boolean().optional() });
const markReadInput = z.union([z.object({ ids: z.array(id).min(1).max(200) }), z.object({ all: z.literal(true) })]);

/** Alert rules (the assistant's editors), everyone's own notifications, and a manual check (admins). */
export const alertsRouter = router({
  rules: builderProcedure.input(z.object({ assistantId: id })).query(({ ctx, input }) => listAlertRules({ ctx, input })),
  createRule: builderProcedure.input(createAlertRuleInput).mutation(({ ctx, input }) => createAlertRule({ ctx, input })),
  updateRule: builderProcedure.input(updateAlertRuleInput).mutation(({ ctx, input }) => updateAlertRule({ ctx, input })),
  deleteRule: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteAlertRule({ ctx, input })),

  notifications: protectedProcedure.query(({ ctx }) => listNotifications({ ctx })),
  markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markNotificationsRead({ ctx, input })),

  /** Evaluates every rule now (demos, tests); webhooks go out with the sender's next poll. */
  check: adminProcedure.mutation(({ ctx }) => evaluateAlerts(ctx)),
});
