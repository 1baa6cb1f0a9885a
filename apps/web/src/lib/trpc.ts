import type { AppRouter } from "@atelier/api";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext, type inferOutput, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { errorInfo, isUnauthenticated } from "./errors";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const url = "/trpc";

export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url, transformer: superjson }),
        // Mutations are not streamed: sign-in and setup set the session cookie in their response headers.
        false: splitLink({
          condition: (op) => op.type === "mutation",
          true: httpLink({ url, transformer: superjson }),
          false: httpBatchStreamLink({ url, transformer: superjson }),
        }),
      }),
    ],
  });
}

/** Set when a call was refused because the session is gone; the sign-in page then says why. */
let sessionExpired = false;
export function takeSessionExpired(): boolean {
  const value = sessionExpired;
  sessionExpired = false;
  return value;
}

const NO_RETRY = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS"]);

/** On "please sign in" from any call: forget the user; the session gate sends them to the sign-in page. */
export function handleSessionError(queryClient: QueryClient, error: unknown) {
  if (!isUnauthenticated(error)) return;
  sessionExpired = true;
  queryClient.setQueriesData<{ setupRequired: boolean; user: unknown }>({ queryKey: [["auth", "session"]] }, (old) => (old ? { ...old, user: null } : old));
}

export function createQueryClient() {
  const onError = (error: unknown) => handleSessionError(queryClient, error);
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !NO_RETRY.has(errorInfo(error).code ?? "") && count < 2,
      },
    },
  });
  return queryClient;
}

type Api = TRPCOptionsProxy<AppRouter>;
/** Output types of the procedures the UI renders. */
export type Conversation = inferOutput<Api["chat"]["conversation"]>;
export type ConversationSummary = inferOutput<Api["chat"]["conversations"]>[number];
export type AssistantSummary = inferOutput<Api["assistants"]["list"]>[number];
export type UserRow = inferOutput<Api["users"]["list"]>[number];
export type TeamRow = inferOutput<Api["teams"]["list"]>[number];
export type ProviderRow = inferOutput<Api["models"]["providers"]>[number];
export type ProviderModel = ProviderRow["models"][number];
export type ProviderPresets = inferOutput<Api["models"]["presets"]>;
export type ProviderTestResult = inferOutput<Api["models"]["testProvider"]>;
export type UsableModel = inferOutput<Api["models"]["usable"]>[number];
export type ModelUsage = inferOutput<Api["models"]["usage"]>;
export type KnowledgeSettings = inferOutput<Api["knowledge"]["settings"]>;
export type SourceRow = inferOutput<Api["knowledge"]["sources"]>[number];
export type SourceDetail = inferOutput<Api["knowledge"]["source"]>;
export type SyncJob = SourceDetail["recentJobs"][number];
export type DocumentRow = inferOutput<Api["knowledge"]["documents"]>["items"][number];
export type DocumentDetail = inferOutput<Api["knowledge"]["document"]>;
export type SearchResponse = inferOutput<Api["knowledge"]["search"]>;
export type AssistantDetail = inferOutput<Api["assistants"]["byId"]>;
