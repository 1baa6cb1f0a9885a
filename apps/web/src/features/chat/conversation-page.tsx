import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router";
import { ModelTag } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Skeleton } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { OpenListButton } from "./chat-layout";
import { Composer } from "./composer";
import { AssistantMessage, StreamingAnswer, UserMessage, type DoneEvent } from "./messages";
import { ModelMissingBanner } from "./model-banner";
import { useInvalidateChat, useSendMessage, useWorkspaceInfo } from "./use-send";

export function ConversationPage() {
  const { conversationId = "" } = useParams();
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const workspace = useWorkspaceInfo();
  const conversation = useQuery(trpc.chat.conversation.queryOptions({ id: conversationId }));
  const assistants = useQuery(trpc.assistants.list.queryOptions());
  const invalidate = useInvalidateChat();
  const sender = useSendMessage(() => invalidate(conversationId));
  const [finished, setFinished] = useState<Record<string, DoneEvent>>({});
  const onDone = useCallback((id: string, done: DoneEvent) => setFinished((f) => ({ ...f, [id]: done })), []);
  const [stopError, setStopError] = useState<string | null>(null);
  const stop = useMutation(trpc.chat.stop.mutationOptions({ onError: (e) => setStopError(errors.message(e)) }));

  const messages = conversation.data?.messages ?? [];
  const streamingId = messages.find((m) => m.status === "streaming" && !finished[m.id])?.id;
  const last = messages.at(-1);
  useEffect(() => {
    document.getElementById("chat-bottom")?.scrollIntoView({ block: "end" });
  }, [messages.length, last?.id, sender.pending]);

  if (conversation.isError && isNotFound(conversation.error)) return <NotFoundPage />;
  const modelMissing = workspace.data?.model.configured === false;
  const head = messages.find((m) => m.role === "assistant");
  // Where the data goes: the model this assistant answers with now, and its location.
  const assistant = assistants.data?.find((a) => a.id === conversation.data?.assistantId);

  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3 sm:px-4">
        <OpenListButton />
        {conversation.data ? (
          <>
            <span className="text-xl" aria-hidden>
              {head?.assistantEmoji ?? "💬"}
            </span>
            <div className="min-w-0">
              <h1 className="truncate text-sm font-semibold">{conversation.data.title}</h1>
              {head && (
                <div className="flex min-w-0 items-center gap-1.5 text-xs text-muted-foreground">
                  <span className="truncate">{head.assistantName ?? t("chat.deletedAssistant")}</span>
                  {assistant?.model ? (
                    <>
                      <span aria-hidden>·</span>
                      <ModelTag model={assistant.model} className="flex-nowrap" />
                    </>
                  ) : head.model ? (
                    <span className="truncate">· {t("chat.model", { model: localModelName(head.model, t) })}</span>
                  ) : null}
                </div>
              )}
            </div>
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
          ) : (
            messages.map((m) =>
              m.role === "user" ? (
                <UserMessage key={m.id} content={m.content} />
              ) : m.status === "streaming" ? (
                <StreamingAnswer key={m.id} message={m} conversationId={conversationId} onDone={onDone} />
              ) : (
                <AssistantMessage key={m.id} message={m} />
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
        <Composer
          streaming={!!streamingId}
          disabled={modelMissing || !conversation.data}
          maxChars={workspace.data?.maxMessageChars}
          error={sender.error}
          onStop={() => streamingId && stop.mutate({ messageId: streamingId })}
          onSend={(content) =>
            conversation.data ? sender.send({ conversationId, assistantId: conversation.data.assistantId ?? "", content }) : Promise.resolve(false)
          }
        />
      </div>
    </div>
  );
}
