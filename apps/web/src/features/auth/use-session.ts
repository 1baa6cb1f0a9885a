import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { useTRPC } from "~/lib/trpc";

export function useSessionQuery() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.session.queryOptions(undefined, { staleTime: 60_000 }));
}

export type SessionUser = NonNullable<NonNullable<ReturnType<typeof useSessionQuery>["data"]>["user"]>;

export const UserContext = createContext<SessionUser | null>(null);

/**
 * The signed-in user, provided by the session gate. Read from context (not from the query) so
 * pages being left after sign-out never see a missing user.
 */
export function useUser(): SessionUser {
  const user = useContext(UserContext);
  if (!user) throw new Error("useUser must be used below <RequireUser>");
  return user;
}

/** Refetches the session after sign-in/sign-up, dropping everything cached for the previous user. */
export function useRefreshSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    queryClient.removeQueries();
    return queryClient.fetchQuery(trpc.auth.session.queryOptions());
  };
}
