import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";

/** After any change to providers or models: what the Studio, the chat and Admin → Models show. */
export function useInvalidateModels() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.workspace.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() }),
    ]);
}
