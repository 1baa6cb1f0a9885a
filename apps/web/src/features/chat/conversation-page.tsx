import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router";
import { ModelTag, SovereigntyBadge } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Skeleton } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { AttachButton, AttachmentChips, ConversationFiles, useAttachments } from "./attachments";
import { OpenListButton } from "./chat-layout";
import { Composer } from "./composer";
import { AssistantMessage, StreamingAnswer, UserMessage, type DoneEvent, type MessageContext } from "./messages";
import { ModelMissingBanner } from "./model-banner";
import { Starters } from "./starters";
import { useInvalidateChat, useSendMessage, useWorkspaceInfo } from "./use-send";

export function ConversationPage() {
  const { conversationId = "" } = useParams();
  // A fresh page per conversation: the chosen assistant, open editors and finished answers do not leak.
  return <ConversationView key={conversationId} conversationId={conversationId} />;
}

function ConversationView({ conversationId }: { conversationId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const workspace = useWorkspaceInfo();
  const conversation = useQuery(trpc.chat.conversation.queryOptions({ id: conversationId }));
  const assistants = useQuery(trpc.assistants.list.queryOptions());
  const invalidate = useInvalidateChat();
  const attachments = useAttachments(conversationId);
  const sender = useSendMessage(() => invalidate(conversationId));
  const [finished, setFinished] = useState<Record<string, DoneEvent>>({});
  const onDone = useCallback((id: string, done: DoneEvent) => setFinished((f) => ({ ...f, [id]: done })), []);
  const [stopError, setStopError] = useState<string | null>(null);
  const stop = useMutation(trpc.chat.stop.mutationOptions({ onError: (e) => setStopError(errors.message(e)) }));
  const [chosenAssistant, setChosenAssistant] = useState<string | null>(null);

  const messages = conversation.data?.messages ?? [];
  const streamingId = messages.find((m) => m.status === "streaming" && !finished[m.id])?.id;
  const last = messages.at(-1);
  useEffect(() => {
    document.getElementById("chat-bottom")?.scrollIntoView({ block: "end" });
  }, [messages.length, last?.id, sender.pending]);

  if (conversation.isError && isNotFound(conversation.error)) return <NotFoundPage />;
  const modelMissing = workspace.data?.model.configured === false;
  const usable = assistants.data ?? [];
  // The next message goes to the assistant chosen here (picker or @mention), else to the one
  // that answered last, else to the conversation's — as long as the user may still use it.
  const lastAnswer = messages.findLast((m) => m.role === "assistant" && m.assistantId);
  const defaultAssistant = [lastAnswer?.assistantId, conversation.data?.assistantId].find((id) => id && usable.some((a) => a.id === id)) ?? null;
  const nextAssistantId = chosenAssistant ?? defaultAssistant;
  // The header names the assistant that answered last, with the model it answers with now.
  const head = lastAnswer ?? messages.findLast((m) => m.role === "assistant");
  const headAssistant = usable.find((a) => a.id === head?.assistantId);
  const busy = !!streamingId || !!sender.pending;
  const context = (isLast: boolean): MessageContext => ({ conversationId, isLast, busy });

  async function send(content: string) {
    if (!nextAssistantId) return false;
    const ok = await sender.send({ conversationId, assistantId: nextAssistantId, content });
    if (ok) {
      attachments.clearComposer();
      setChosenAssistant(null);
    }
    return ok;
  }

  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3 sm:px-4">
        <OpenListButton />
        {conversation.data ? (
          <>
            <span className="text-xl" aria-hidden>
              {head?.assistantEmoji ?? "💬"}
            </span>
            <div className="min-w-0 flex-1">
              <h1 className="truncate text-sm font-semibold" data-testid="conversation-title">
                {conversation.data.title}
              </h1>
              {head && (
                <div className="flex min-w-0 items-center gap-1.5 text-xs text-muted-foreground">
                  <span className="max-w-[55%] shrink-0 truncate">
                    {head.assistantName ?? t("chat.deletedAssistant")}
                    {head.assistantDeleted && head.assistantName && ` ${t("chat.deletedAssistantSuffix")}`}
                  </span>
                  {headAssistant?.model ? (
                    <>
                      <span aria-hidden className="hidden sm:inline">
                        ·
                      </span>
                      <ModelTag model={headAssistant.model} className="hidden flex-nowrap sm:inline-flex" />
                      {/* On a phone, where the data goes is what matters. */}
                      <SovereigntyBadge sovereignty={headAssistant.model.sovereignty} className="sm:hidden" />
                    </>
                  ) : head.model ? (
                    <span className="truncate">· {t("chat.model", { model: localModelName(head.model, t) })}</span>
                  ) : null}
                </div>
              )}
            </div>
            <ConversationFiles conversationId={conversationId} />
          </>
        ) : (
          <Skeleton className="h-5 w-48" />
        )}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-8">
          {modelMissing && <ModelMissingBanner />}
          {conversation.isPending ? (
            <>
              <Skeleton className="ml-auto h-10 w-2/3" />
              <Skeleton className="h-24 w-5/6" />
            </>
          ) : conversation.isError ? (
            <Alert variant="destructive">{errors.message(conversation.error)}</Alert>
          ) : messages.length === 0 && !sender.pending && nextAssistantId ? (
            <Starters assistantId={nextAssistantId} onPick={(text) => void send(text)} disabled={modelMissing} />
          ) : (
            messages.map((m) =>
              m.role === "user" ? (
                <UserMessage key={m.id} content={m.content} messageId={m.id} context={context(m === last)} />
              ) : m.status === "streaming" ? (
                <StreamingAnswer key={m.id} message={m} context={context(m === last)} onDone={onDone} />
              ) : (
                <AssistantMessage key={m.id} message={m} context={context(m === last)} />
              ),
            )
          )}
          {sender.pending && <UserMessage content={sender.pending.content} pending />}
          <div id="chat-bottom" />
        </div>
      </div>
      <div className="mx-auto w-full max-w-3xl shrink-0 px-4 pb-4 sm:px-8">
        {stopError && (
          <Alert variant="destructive" className="mb-2">
            {stopError}
          </Alert>
        )}
        {conversation.data && assistants.data && !defaultAssistant && !chosenAssistant && usable.length > 0 && (
          <Alert variant="warning" className="mb-2" data-testid="assistant-unavailable">
            {t("chat.assistantUnavailable")}
          </Alert>
        )}
        <Composer
          streaming={!!streamingId}
          disabled={modelMissing || !conversation.data}
          maxChars={workspace.data?.maxMessageChars}
          error={sender.error}
          onStop={() => streamingId && stop.mutate({ messageId: streamingId })}
          onSend={send}
          assistants={assistants.data}
          assistantId={nextAssistantId}
          onAssistantChange={setChosenAssistant}
          tools={<AttachButton conversationId={conversationId} disabled={modelMissing || !conversation.data} />}
          above={<AttachmentChips conversationId={conversationId} />}
        />
      </div>
    </div>
  );
}
