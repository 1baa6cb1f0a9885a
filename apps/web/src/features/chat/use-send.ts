import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";

/** Sends a message; on failure keeps a translated reason (the composer keeps the text). */
export function useSendMessage(onSent?: (result: { conversationId: string }) => unknown) {
  const trpc = useTRPC();
  const errors = useErrors();
  const [error, setError] = useState<string | null>(null);
  // Kept until the conversation has been refetched, so the message does not flicker.
  const [pending, setPending] = useState<{ content: string } | undefined>();
  const send = useMutation(trpc.chat.send.mutationOptions());
  return {
    error,
    pending,
    async send(input: { conversationId?: string; assistantId: string; content: string }) {
      setError(null);
      setPending({ content: input.content });
      try {
        const result = await send.mutateAsync(input);
        await onSent?.(result);
        return true;
      } catch (e) {
        const fields = errors.fields(e);
        setError(fields.content ?? errors.message(e));
        return false;
      } finally {
        setPending(undefined);
      }
    },
  };
}

export function useWorkspaceInfo() {
  const trpc = useTRPC();
  return useQuery(trpc.workspace.info.queryOptions());
}

export function useInvalidateChat() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (conversationId?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() }),
      conversationId ? queryClient.invalidateQueries({ queryKey: trpc.chat.conversation.queryKey({ id: conversationId }) }) : null,
    ]);
}
