import type { AppRouter } from "@atelier/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** Output types of the Studio's procedures (the shared ones live in ~/lib/trpc). */
export type EditableAssistant = inferOutput<Api["assistants"]["listEditable"]>[number];
export type VersionList = inferOutput<Api["assistants"]["versions"]>;
export type VersionDiffResult = inferOutput<Api["assistants"]["diff"]>;
export type AssistantTemplate = inferOutput<Api["assistants"]["templates"]>[number];
