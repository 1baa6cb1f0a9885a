import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Spinner } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { handleSessionError, useTRPC, type Conversation } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { citationsOf, type Citation } from "./citation-refs";
import { useCitationStore } from "./citation-store";
import { CitationsProvider, SourcesList } from "./citations";
import { MarkdownContent } from "./markdown";

export type ChatMessage = Conversation["messages"][number];
export interface DoneEvent {
  status: Exclude<ChatMessage["status"], "streaming">;
  content: string;
  error: string | null;
  errorCode: string | null;
}

export function UserMessage({ content, pending = false }: { content: string; pending?: boolean }) {
  return (
    <div className="flex justify-end" data-testid="message-user" data-status={pending ? "sending" : "done"}>
      <div className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-primary px-4 py-2.5 text-[0.95rem] text-primary-foreground ${pending ? "opacity-70" : ""}`}>
        {content}
      </div>
    </div>
  );
}

function AssistantFrame({ message, status, children }: { message: Pick<ChatMessage, "assistantName" | "assistantEmoji" | "model">; status: ChatMessage["status"]; children: React.ReactNode }) {
  const t = useT();
  return (
    <div className="flex gap-3" data-testid="message-assistant" data-status={status}>
      <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-lg" aria-hidden>
        {message.assistantEmoji ?? "🤖"}
      </span>
      <div className="min-w-0 flex-1">
        <div className="mb-1 flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium">{message.assistantName ?? t("chat.deletedAssistant")}</span>
          {status === "stopped" && <Badge variant="secondary">{t("chat.stopped")}</Badge>}
          {status === "interrupted" && <Badge variant="warning">{t("chat.interrupted")}</Badge>}
        </div>
        {children}
      </div>
    </div>
  );
}

function AnswerError({ error, errorCode }: { error: string | null; errorCode: string | null }) {
  const t = useT();
  const errors = useErrors();
  const sentence = errors.appCode(errorCode) ?? t("chat.answerFailed");
  return (
    <Alert variant="destructive" className="mt-2" data-testid="message-error">
      <p>{sentence}</p>
      {error && error !== sentence && <p className="mt-1 text-xs opacity-80">{t("chat.details", { detail: error })}</p>}
    </Alert>
  );
}

/** An answer's text with its references, and the Sources list under it. */
function AnswerBody({ text, citations }: { text: string; citations: Citation[] }) {
  return (
    <CitationsProvider citations={citations}>
      {text && <MarkdownContent text={text} />}
      <SourcesList citations={citations} />
    </CitationsProvider>
  );
}

/** A finished (or interrupted) answer, as saved by the server. */
export function AssistantMessage({ message, citations }: { message: ChatMessage | (Omit<ChatMessage, "status"> & DoneEvent); citations?: Citation[] }) {
  const store = useCitationStore();
  // Saved with the message when the API sends them; else those received live in this session.
  const shown = citations ?? citationsOf(message) ?? store?.get(message.id) ?? [];
  return (
    <AssistantFrame message={message} status={message.status}>
      <AnswerBody text={message.content} citations={shown} />
      {message.status === "error" && <AnswerError error={message.error} errorCode={message.errorCode} />}
    </AssistantFrame>
  );
}

/**
 * Follows an answer being produced: tokens are appended as they arrive; on `done` the parent is
 * told and the saved conversation is refetched. Reconnections resume from the last event.
 */
export function StreamingAnswer({ message, conversationId, onDone }: { message: ChatMessage; conversationId: string; onDone: (id: string, done: DoneEvent) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const store = useCitationStore();
  const [text, setText] = useState("");
  const [citations, setCitations] = useState<Citation[]>([]);
  const [done, setDone] = useState<DoneEvent | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useSubscription(
    trpc.chat.onMessage.subscriptionOptions(
      { messageId: message.id },
      {
        enabled: !done,
        onData: ({ data }) => {
          if (data.type === "token") {
            setText((previous) => previous + data.text);
            return;
          }
          if (data.type === "citations") {
            const received = citationsOf(data) ?? [];
            setCitations(received);
            store?.set(message.id, received);
            return;
          }
          // Other events (tool calls and approvals) are not shown here yet.
          if (data.type !== "done") return;
          const event: DoneEvent = { status: data.status, content: data.content, error: data.error, errorCode: data.errorCode };
          setDone(event);
          onDoneRef.current(message.id, event);
          void queryClient.invalidateQueries({ queryKey: trpc.chat.conversation.queryKey({ id: conversationId }) });
          void queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() });
        },
        onError: (error) => {
          handleSessionError(queryClient, error);
          setFailure(errors.message(error));
        },
      },
    ),
  );

  useEffect(() => {
    if (text || done) document.getElementById("chat-bottom")?.scrollIntoView({ block: "end" });
  }, [text, done]);

  if (done) return <AssistantMessage message={{ ...message, ...done }} citations={citations.length ? citations : undefined} />;
  return (
    <AssistantFrame message={message} status="streaming">
      <div role="status" aria-live="polite" aria-busy="true" aria-label={t("chat.streamingLive")}>
        {text ? <AnswerBody text={text} citations={citations} /> : <Spinner label={t("chat.thinking")} />}
      </div>
      {failure && (
        <Alert variant="destructive" className="mt-2">
          {failure}
        </Alert>
      )}
    </AssistantFrame>
  );
}
