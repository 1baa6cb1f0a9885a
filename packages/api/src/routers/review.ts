import { reviewVerdicts } from "@atelier/db";
import { id } from "@atelier/validators";
import { z } from "zod";
import { assistantAgreement } from "../services/monitoring/agreement";
import { liveGradingSettings, updateLiveGradingSettings } from "../services/monitoring/live-grading";
import { fillReviewQueue, listReviewQueue, reviewToCase, skipReview, submitReview } from "../services/monitoring/review-queue";
import { adminProcedure, builderProcedure, router } from "../trpc";

export const reviewQueueInput = z.object({
  assistantId: id.optional(),
  status: z.enum(["pending", "reviewed", "skipped"]).default("pending"),
  limit: z.number().int().min(1).max(200).default(50),
});

export const fillReviewQueueInput = z.object({ assistantId: id, size: z.number().int().min(1).max(200).default(20) });

export const submitReviewInput = z.object({
  messageId: id,
  verdict: z.enum(reviewVerdicts),
  comment: z.string().trim().max(2000, { message: "At most 2,000 characters" }).default(""),
});

export const liveGradingSettingsInput = z.object({
  rate: z.number().min(0, { message: "Between 0 and 1" }).max(1, { message: "Between 0 and 1" }),
  dailyBudget: z.number().int().min(0, { message: "Between 0 and 100,000" }).max(100_000, { message: "Between 0 and 100,000" }),
});

/** Human review of production answers, judge–human agreement and live grading: the assistants' editors. */
export const reviewRouter = router({
  queue: builderProcedure.input(reviewQueueInput).query(({ ctx, input }) => listReviewQueue({ ctx, input })),
  fill: builderProcedure.input(fillReviewQueueInput).mutation(({ ctx, input }) => fillReviewQueue({ ctx, input })),
  submit: builderProcedure.input(submitReviewInput).mutation(({ ctx, input }) => submitReview({ ctx, input })),
  skip: builderProcedure.input(z.object({ messageId: id })).mutation(({ ctx, input }) => skipReview({ ctx, input })),
  /** A reviewed answer becomes a candidate test case. */
  toCase: builderProcedure.input(z.object({ messageId: id, suiteId: id.optional() })).mutation(({ ctx, input }) => reviewToCase({ ctx, input })),
  agreement: builderProcedure.input(z.object({ assistantId: id })).query(({ ctx, input }) => assistantAgreement({ ctx, input })),
  liveGradingSettings: builderProcedure.query(({ ctx }) => liveGradingSettings({ ctx })),
  updateLiveGradingSettings: adminProcedure.input(liveGradingSettingsInput).mutation(({ ctx, input }) => updateLiveGradingSettings({ ctx, input })),
});
