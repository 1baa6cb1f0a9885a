import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Info, Pencil, RefreshCw } from "lucide-react";
import { useEffect, useId, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Textarea } from "~/components/ui/input";
import { Spinner } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { handleSessionError, useTRPC, type Conversation } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { citationsOf, type Citation } from "./citation-refs";
import { useCitationStore } from "./citation-store";
import { CitationsProvider, SourcesList } from "./citations";
import { CopyButton } from "./copy-button";
import { FeedbackButtons, FeedbackForm } from "./feedback";
import { applyEvent, emptyLiveAnswer, toolStepsOf, type AnswerEvent, type ToolStep } from "./live-answer";
import { MarkdownContent } from "./markdown";
import { ToolSteps } from "./tool-steps";
import { TraceDrawer } from "./trace-drawer";
import { useInvalidateChat } from "./use-send";

export type ChatMessage = Conversation["messages"][number];
export interface DoneEvent {
  status: Exclude<ChatMessage["status"], "streaming">;
  content: string;
  error: string | null;
  errorCode: string | null;
}

/** What an answer needs to know about its place in the conversation. */
export interface MessageContext {
  conversationId: string;
  /** The last message of the conversation (only the last answer can be regenerated). */
  isLast: boolean;
  /** An answer is being written or a message sent: nothing may be regenerated or edited. */
  busy: boolean;
}

/** The user's question; with `context`, its Copy and Edit actions (Edit resends and replaces what follows). */
export function UserMessage({ content, pending = false, messageId, context }: { content: string; pending?: boolean; messageId?: string; context?: MessageContext }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (editing && messageId && context) return <EditQuestion messageId={messageId} content={content} context={context} onClose={() => setEditing(false)} />;
  return (
    <div className="group flex items-end justify-end gap-1" data-testid="message-user" data-status={pending ? "sending" : "done"}>
      {messageId && context && (
        <div className="flex shrink-0 items-center transition-opacity lg:opacity-0 lg:group-focus-within:opacity-100 lg:group-hover:opacity-100">
          <CopyButton text={content} testId="question-copy" iconOnly />
          <Button
            variant="ghost"
            size="icon"
            className="size-8 text-muted-foreground"
            onClick={() => setEditing(true)}
            disabled={context.busy}
            aria-label={t("chat.actions.edit")}
            title={t("chat.actions.edit")}
            data-testid="message-edit"
          >
            <Pencil aria-hidden />
          </Button>
        </div>
      )}
      <div
        className={cn(
          "max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-primary px-4 py-2.5 text-[0.95rem] text-primary-foreground",
          pending && "opacity-70",
        )}
      >
        {content}
      </div>
    </div>
  );
}

/** Inline editor of a question: "Send" replaces it and every message after it. */
function EditQuestion({ messageId, content, context, onClose }: { messageId: string; content: string; context: MessageContext; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateChat();
  const id = useId();
  const [text, setText] = useState(content);
  const resend = useMutation(
    trpc.chat.editAndResend.mutationOptions({
      onSuccess: async () => {
        await invalidate(context.conversationId);
        onClose();
      },
    }),
  );
  const canSend = text.trim().length > 0 && text !== content && !resend.isPending && !context.busy;
  const send = () => canSend && resend.mutate({ messageId, content: text });
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Escape") onClose();
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }
  const fieldError = resend.error ? errors.fields(resend.error).content : undefined;
  return (
    <div className="ml-auto flex w-full max-w-[85%] flex-col gap-2 rounded-2xl border bg-card p-3 shadow-sm" data-testid="message-editor">
      <label htmlFor={id} className="sr-only">
        {t("chat.actions.editLabel")}
      </label>
      <Textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
        onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
        className="max-h-80 min-h-16 resize-none [field-sizing:content]"
        data-testid="message-edit-input"
      />
      <p className="flex items-start gap-1.5 text-xs text-muted-foreground">
        <Info className="mt-px size-3.5 shrink-0" aria-hidden />
        {t("chat.actions.editWarning")}
      </p>
      <FormError message={resend.error ? (fieldError ?? errors.message(resend.error)) : null} />
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button size="sm" onClick={send} disabled={!canSend} data-testid="message-edit-send">
          {resend.isPending ? t("chat.sending") : t("chat.send")}
        </Button>
      </div>
    </div>
  );
}

type FrameMessage = Pick<ChatMessage, "id" | "assistantName" | "assistantEmoji" | "assistantDeleted">;

function AssistantFrame({ message, status, children }: { message: FrameMessage; status: ChatMessage["status"]; children: React.ReactNode }) {
  const t = useT();
  return (
    <div className="flex gap-3" data-testid="message-assistant" data-status={status} data-assistant={message.assistantName ?? ""} data-message-id={message.id}>
      <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-lg" aria-hidden>
        {message.assistantEmoji ?? "🤖"}
      </span>
      <div className="min-w-0 flex-1">
        <div className="mb-1 flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium" data-testid="message-assistant-name">
            {message.assistantName ?? t("chat.deletedAssistant")}
            {message.assistantDeleted && message.assistantName && <span className="font-normal text-muted-foreground"> {t("chat.deletedAssistantSuffix")}</span>}
          </span>
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

type FinishedMessage = ChatMessage | (Omit<ChatMessage, "status"> & DoneEvent);

/**
 * A finished (or interrupted) answer, as saved by the server, with its actions. Without `context`
 * (the Studio's draft preview) only Copy and Details are offered: a preview answer is neither
 * rated nor regenerated.
 */
export function AssistantMessage({ message, citations, steps, context }: { message: FinishedMessage; citations?: Citation[]; steps?: ToolStep[]; context?: MessageContext }) {
  const store = useCitationStore();
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  // Saved with the message when the API sends them; else those received live in this session.
  const shown = citations ?? citationsOf(message) ?? store?.get(message.id) ?? [];
  const toolSteps = steps ?? toolStepsOf(message);
  const rateable = !(message.status === "error" && !message.content.trim());
  return (
    <AssistantFrame message={message} status={message.status}>
      <ToolSteps steps={toolSteps} messageId={message.id} />
      <AnswerBody text={message.content} citations={shown} />
      {message.status === "error" && <AnswerError error={message.error} errorCode={message.errorCode} />}
      <AnswerActions message={message} context={context} rateable={rateable} feedbackOpen={feedbackOpen} onFeedbackOpen={setFeedbackOpen} />
      {feedbackOpen && context && <FeedbackForm messageId={message.id} conversationId={context.conversationId} feedback={message.feedback} onClose={() => setFeedbackOpen(false)} />}
    </AssistantFrame>
  );
}

/** Copy · Regenerate (last answer) · Details · 👍 👎 */
function AnswerActions({
  message,
  context,
  rateable,
  feedbackOpen,
  onFeedbackOpen,
}: {
  message: FinishedMessage;
  context: MessageContext | undefined;
  rateable: boolean;
  feedbackOpen: boolean;
  onFeedbackOpen: (open: boolean) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateChat();
  const [traceOpen, setTraceOpen] = useState(false);
  const regenerate = useMutation(trpc.chat.regenerate.mutationOptions({ onSuccess: () => context && invalidate(context.conversationId) }));
  const canRegenerate = !!context?.isLast && !message.assistantDeleted;
  return (
    <>
      <div className="mt-2 flex flex-wrap items-center gap-0.5" data-testid="answer-actions">
        {message.content.trim() && <CopyButton text={message.content} />}
        {canRegenerate && (
          <Button
            variant="ghost"
            size="sm"
            className="h-8 gap-1.5 px-2 text-muted-foreground"
            onClick={() => regenerate.mutate({ messageId: message.id })}
            disabled={context?.busy || regenerate.isPending}
            aria-label={t("chat.actions.regenerate")}
            title={t("chat.actions.regenerate")}
            data-testid="message-regenerate"
          >
            <RefreshCw className={cn(regenerate.isPending && "animate-spin")} aria-hidden />
            <span className="sr-only sm:not-sr-only">{regenerate.isPending ? t("chat.actions.regenerating") : t("chat.actions.regenerate")}</span>
          </Button>
        )}
        <Button
          variant="ghost"
          size="sm"
          className="h-8 gap-1.5 px-2 text-muted-foreground"
          onClick={() => setTraceOpen(true)}
          aria-label={t("chat.actions.details")}
          title={t("chat.actions.details")}
          data-testid="trace-open"
        >
          <Info aria-hidden />
          <span className="sr-only sm:not-sr-only">{t("chat.actions.details")}</span>
        </Button>
        {rateable && context && (
          <>
            <span className="mx-1 h-4 w-px bg-border" aria-hidden />
            <FeedbackButtons messageId={message.id} conversationId={context.conversationId} feedback={message.feedback} formOpen={feedbackOpen} onOpenForm={onFeedbackOpen} />
          </>
        )}
      </div>
      {regenerate.error && (
        <p role="alert" className="mt-1 text-xs text-destructive">
          {errors.message(regenerate.error)}
        </p>
      )}
      {traceOpen && <TraceDrawer messageId={message.id} emoji={message.assistantEmoji} open={traceOpen} onOpenChange={setTraceOpen} />}
    </>
  );
}

/**
 * Follows an answer being produced: tokens are appended, tool steps and approvals shown as they
 * happen; on `done` the parent is told and the saved conversation is refetched. Reconnections
 * resume from the last event.
 */
export function StreamingAnswer({
  message,
  context,
  conversationId = context?.conversationId ?? "",
  onDone,
}: {
  message: ChatMessage;
  /** In the chat; left out by the Studio's preview (see AssistantMessage). */
  context?: MessageContext;
  conversationId?: string;
  onDone: (id: string, done: DoneEvent) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const store = useCitationStore();
  const [live, dispatch] = useReducer(applyEvent, emptyLiveAnswer);
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
          if (data.type === "citations") store?.set(message.id, citationsOf(data) ?? []);
          if (data.type !== "done") {
            dispatch(data as AnswerEvent);
            return;
          }
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
    if (live.text || live.steps.length || done) document.getElementById("chat-bottom")?.scrollIntoView({ block: "end" });
  }, [live.text, live.steps.length, done]);

  if (done) {
    return (
      <AssistantMessage
        message={{ ...message, ...done }}
        citations={live.citations.length ? live.citations : undefined}
        steps={live.steps}
        context={context && { ...context, busy: true }}
      />
    );
  }
  const waiting = live.steps.some((s) => s.approval === "pending");
  return (
    <AssistantFrame message={message} status="streaming">
      <ToolSteps steps={live.steps} messageId={message.id} />
      <div role="status" aria-live="polite" aria-busy="true" aria-label={t("chat.streamingLive")}>
        {live.text ? <AnswerBody text={live.text} citations={live.citations} /> : !waiting && <Spinner label={t("chat.thinking")} />}
      </div>
      {failure && (
        <Alert variant="destructive" className="mt-2">
          {failure}
        </Alert>
      )}
    </AssistantFrame>
  );
}
