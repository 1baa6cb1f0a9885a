import type { AppRouter } from "@atelier/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Evaluation = TRPCOptionsProxy<AppRouter>["evaluation"];

/** Output types of the evaluation procedures the Quality pages render. */
export type QualityOverview = inferOutput<Evaluation["overview"]>;
export type SuiteSummary = QualityOverview["suites"][number];
export type RunRow = QualityOverview["runs"][number];
export type JudgeInfo = QualityOverview["judge"];
export type RunDetail = inferOutput<Evaluation["run"]>;
export type RunResult = RunDetail["results"][number];
export type RunComparison = inferOutput<Evaluation["compareRuns"]>;
export type ComparisonRow = RunComparison["rows"][number];
export type SuiteDetail = inferOutput<Evaluation["suite"]>;
export type CaseRow = inferOutput<Evaluation["cases"]>[number];
export type FeedbackCandidate = inferOutput<Evaluation["feedbackCandidates"]>[number];
export type ImportPreview = inferOutput<Evaluation["previewImport"]>;
export type RunMetrics = NonNullable<RunRow["metrics"]>;
export type CaseScores = NonNullable<RunResult["scores"]>;
