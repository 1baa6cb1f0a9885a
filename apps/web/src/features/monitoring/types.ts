import type { AppRouter } from "@atelier/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** Output types of the monitoring, review and alerts procedures the Monitoring pages render. */
export type Overview = inferOutput<Api["monitoring"]["overview"]>;
export type OverviewRow = Overview["assistants"][number];
export type OverviewFlag = OverviewRow["flags"][number];
export type AssistantDashboard = inferOutput<Api["monitoring"]["assistant"]>;
export type DayStats = AssistantDashboard["series"][number];
export type DashboardTotals = AssistantDashboard["totals"];
export type DashboardRun = AssistantDashboard["runs"][number];
export type DashboardVersion = AssistantDashboard["versions"][number];
export type CostRow = AssistantDashboard["costByModel"][number];
export type NegativeQuestion = AssistantDashboard["topNegative"][number];
export type VersionFigures = inferOutput<Api["monitoring"]["compareVersions"]>[number];
export type UsageBreakdown = inferOutput<Api["monitoring"]["usage"]>;
export type UsageRow = UsageBreakdown["rows"][number];
export type Agreement = inferOutput<Api["review"]["agreement"]>;
export type ReviewItem = inferOutput<Api["review"]["queue"]>[number];
export type ReviewVerdict = NonNullable<ReviewItem["review"]>["verdict"];
export type JudgeVerdict = keyof Agreement["counts"];
export type ReviewStatus = ReviewItem["status"];
export type LiveGrading = inferOutput<Api["review"]["liveGradingSettings"]>;
export type AlertRuleRow = inferOutput<Api["alerts"]["rules"]>["rules"][number];
export type AlertMetric = AlertRuleRow["metric"];
export type NotificationItem = inferOutput<Api["alerts"]["notifications"]>["items"][number];

export const reviewVerdicts = ["correct", "partial", "incorrect"] as const satisfies readonly ReviewVerdict[];
export const judgeVerdicts = ["grounded", "partially_grounded", "ungrounded"] as const satisfies readonly JudgeVerdict[];
export const alertMetrics = ["correct_rate", "thumbs_up_rate", "cost_per_day"] as const satisfies readonly AlertMetric[];
