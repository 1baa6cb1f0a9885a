import { createEvalCaseInput, createEvalSuiteInput, id, qualitySettingsInput, updateEvalCaseInput, updateEvalSuiteInput } from "@atelier/validators";
import { z } from "zod";
import { acceptCase, caseFromMessage, createCase, deleteCase, exportCases, feedbackCandidates, importCases, listCases, previewImport, updateCase } from "../services/eval/cases";
import { generateCandidates } from "../services/eval/generate-cases";
import { cancelRun, compareRuns, getRun, listRuns, startRun } from "../services/eval/runs";
import { accuracyOverview, createSuite, deleteSuite, getSuite, qualityOverview, updateQualitySettings, updateSuite } from "../services/eval/suites";
import { builderProcedure, router } from "../trpc";

const caseFile = z.object({
  suiteId: id,
  fileName: z.string().trim().min(1).max(300),
  text: z.string().max(5_000_000, { message: "This file is too large: at most 5 million characters" }),
});

/** Test suites, runs and the quality gate: the assistant's editors only. */
export const evaluationRouter = router({
  /** Every editable assistant's latest correct-answer rates (the Monitoring page). */
  accuracy: builderProcedure.query(({ ctx }) => accuracyOverview({ ctx })),
  overview: builderProcedure.input(z.object({ assistantId: id })).query(({ ctx, input }) => qualityOverview({ ctx, input })),
  updateQualitySettings: builderProcedure.input(qualitySettingsInput).mutation(({ ctx, input }) => updateQualitySettings({ ctx, input })),

  suite: builderProcedure.input(z.object({ id })).query(({ ctx, input }) => getSuite({ ctx, input })),
  createSuite: builderProcedure.input(createEvalSuiteInput).mutation(({ ctx, input }) => createSuite({ ctx, input })),
  updateSuite: builderProcedure.input(updateEvalSuiteInput).mutation(({ ctx, input }) => updateSuite({ ctx, input })),
  deleteSuite: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteSuite({ ctx, input })),

  cases: builderProcedure.input(z.object({ suiteId: id, status: z.enum(["active", "candidate"]).optional() })).query(({ ctx, input }) => listCases({ ctx, input })),
  createCase: builderProcedure.input(createEvalCaseInput).mutation(({ ctx, input }) => createCase({ ctx, input })),
  updateCase: builderProcedure.input(updateEvalCaseInput).mutation(({ ctx, input }) => updateCase({ ctx, input })),
  deleteCase: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteCase({ ctx, input })),
  /** Accepts a reviewed candidate (with the builder's edits). */
  acceptCase: builderProcedure.input(updateEvalCaseInput).mutation(({ ctx, input }) => acceptCase({ ctx, input })),
  previewImport: builderProcedure.input(caseFile).mutation(({ ctx, input }) => previewImport({ ctx, input })),
  importCases: builderProcedure.input(caseFile).mutation(({ ctx, input }) => importCases({ ctx, input })),
  exportCases: builderProcedure.input(z.object({ suiteId: id, format: z.enum(["csv", "jsonl"]) })).query(({ ctx, input }) => exportCases({ ctx, input })),
  caseFromMessage: builderProcedure.input(z.object({ messageId: id, suiteId: id.optional() })).mutation(({ ctx, input }) => caseFromMessage({ ctx, input })),
  feedbackCandidates: builderProcedure.input(z.object({ assistantId: id })).query(({ ctx, input }) => feedbackCandidates({ ctx, input })),
  generateCases: builderProcedure.input(z.object({ suiteId: id, count: z.number().int().min(1).max(20).default(5) })).mutation(({ ctx, input }) => generateCandidates({ ctx, input })),

  runs: builderProcedure.input(z.object({ assistantId: id, suiteId: id.optional() })).query(({ ctx, input }) => listRuns({ ctx, input })),
  /** A run with its results; `includeResults: false` for progress polling. */
  run: builderProcedure.input(z.object({ runId: id, includeResults: z.boolean().default(true) })).query(({ ctx, input }) => getRun({ ctx, input })),
  startRun: builderProcedure
    .input(z.object({ suiteId: id, target: z.union([z.literal("current"), z.literal("draft"), id]).default("current"), via: z.enum(["studio", "api"]).default("studio") }))
    .mutation(({ ctx, input }) => startRun({ ctx, input })),
  cancelRun: builderProcedure.input(z.object({ runId: id })).mutation(({ ctx, input }) => cancelRun({ ctx, input })),
  compareRuns: builderProcedure.input(z.object({ runId: id, otherRunId: id })).query(({ ctx, input }) => compareRuns({ ctx, input })),
});
