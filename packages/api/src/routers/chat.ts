import { tracked } from "@trpc/server";
import { id, sendMessageInput } from "@atelier/validators";
import { z } from "zod";
import { deleteConversation, getConversation, listConversations, renameConversation } from "../services/chat/conversations";
import { followMessage, loadOwnMessage } from "../services/chat/follow-message";
import { editAndResend, regenerateAnswer, sendMessage } from "../services/chat/send-message";
import { giveFeedback, removeFeedback } from "../services/chat/feedback";
import { traceMessage } from "../services/chat/trace";
import { toTRPCError } from "../errors";
import { protectedProcedure, router } from "../trpc";

export const chatRouter = router({
  conversations: protectedProcedure
    .input(z.object({ query: z.string().trim().max(200).optional() }).optional())
    .query(({ ctx, input }) => listConversations({ ctx, input })),
  conversation: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => getConversation({ ctx, input })),
  rename: protectedProcedure.input(z.object({ id, title: z.string().trim().min(1).max(120) })).mutation(({ ctx, input }) => renameConversation({ ctx, input })),
  delete: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteConversation({ ctx, input })),
  send: protectedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => sendMessage({ ctx, input })),
  regenerate: protectedProcedure
    .input(z.object({ messageId: id, preview: z.boolean().optional() }))
    .mutation(({ ctx, input }) => regenerateAnswer({ ctx, input })),
  editAndResend: protectedProcedure
    .input(z.object({ messageId: id, content: sendMessageInput.shape.content, preview: z.boolean().optional() }))
    .mutation(({ ctx, input }) => editAndResend({ ctx, input })),
  feedback: protectedProcedure
    .input(
      z.object({
        messageId: id,
        rating: z.enum(["up", "down"]),
        comment: z.string().max(2000, { message: "Use at most 2,000 characters" }).optional(),
        correction: z.string().max(5000, { message: "Use at most 5,000 characters" }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => giveFeedback({ ctx, input })),
  removeFeedback: protectedProcedure.input(z.object({ messageId: id })).mutation(({ ctx, input }) => removeFeedback({ ctx, input })),
  /** The user's decision on a tool call that needs approval (e.g. an HTTP action that changes data). */
  approve: protectedProcedure
    .input(z.object({ messageId: id, callId: z.string().min(1).max(200), approved: z.boolean() }))
    .mutation(({ ctx, input }) => {
      loadOwnMessage(ctx, input.messageId);
      return { resolved: ctx.chatRuns.resolveApproval(input.messageId, ctx.user.id, input.callId, input.approved) };
    }),
  /** How an answer was produced: version, model, passages, tool calls, tokens, latency, cost. */
  trace: protectedProcedure.input(z.object({ messageId: id })).query(({ ctx, input }) => traceMessage({ ctx, input })),
  stop: protectedProcedure.input(z.object({ messageId: id })).mutation(({ ctx, input }) => {
    loadOwnMessage(ctx, input.messageId);
    return { stopped: ctx.chatRuns.stop(input.messageId, ctx.user.id) };
  }),
  /** Streams an answer over SSE; reconnects resume after `lastEventId`. */
  onMessage: protectedProcedure
    .input(z.object({ messageId: id, lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const from = input.lastEventId ? Number(input.lastEventId) + 1 : 0;
      try {
        for await (const { index, event } of followMessage({ ctx, input: { messageId: input.messageId, from }, signal: signal ?? new AbortController().signal })) {
          yield tracked(String(index), event);
        }
      } catch (error) {
        // Errors raised while streaming do not pass through the error-mapping middleware.
        throw toTRPCError(error);
      }
    }),
});
