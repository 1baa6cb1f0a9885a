import type { AppRouter } from "@atelier/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** Output types of the Studio's procedures (the shared ones live in ~/lib/trpc). */
export type EditableAssistant = inferOutput<Api["assistants"]["listEditable"]>[number];
export type VersionList = inferOutput<Api["assistants"]["versions"]>;
export type VersionDiffResult = inferOutput<Api["assistants"]["diff"]>;
export type AssistantTemplate = inferOutput<Api["assistants"]["templates"]>[number];
/** What Publish answers: published, a quality check in progress, or blocked by it. */
export type PublishOutcome = inferOutput<Api["assistants"]["publish"]>;
export type BlockedPublish = Extract<PublishOutcome, { status: "blocked" }>;
export type GateReason = BlockedPublish["reasons"][number];
export type EvalRunSummary = inferOutput<Api["evaluation"]["runs"]>[number];
