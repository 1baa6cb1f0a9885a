import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowUp, FlaskConical, RotateCcw, Square, X } from "lucide-react";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Textarea } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { CitationStoreProvider } from "~/features/chat/citation-store";
import { AssistantMessage, StreamingAnswer, UserMessage, type DoneEvent } from "~/features/chat/messages";
import { useT } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { useTRPC, useTRPCClient } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";

/**
 * A chat inside the builder that answers with the saved draft (`preview: true`), so the builder
 * tries changes before publishing. Unsaved changes are saved first. The preview conversation is
 * a throwaway: it is deleted on "Restart" and when the editor is left.
 */
export function PreviewPanel({
  assistantId,
  emoji,
  starters,
  dirty,
  beforeSend,
  onClose,
  className,
}: {
  assistantId: string;
  emoji: string;
  starters: string[];
  dirty: boolean;
  /** Saves unsaved changes; resolves false when they could not be saved. */
  beforeSend: () => Promise<boolean>;
  onClose?: () => void;
  className?: string;
}) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ sentence: string; detail: string | null } | null>(null);
  const [finished, setFinished] = useState<Record<string, DoneEvent>>({});
  const onDone = useCallback((id: string, done: DoneEvent) => setFinished((f) => ({ ...f, [id]: done })), []);
  const conversation = useQuery(trpc.chat.conversation.queryOptions({ id: conversationId ?? "" }, { enabled: !!conversationId }));
  const send = useMutation(trpc.chat.send.mutationOptions());
  const stop = useMutation(trpc.chat.stop.mutationOptions());
  const scrollRef = useRef<HTMLDivElement>(null);

  // Leaving the editor deletes the throwaway conversation (best effort).
  const current = useRef<string | null>(null);
  current.current = conversationId;
  useEffect(
    () => () => {
      const id = current.current;
      if (id) void client.chat.delete.mutate({ id }).then(() => queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() }), () => undefined);
    },
    [client, queryClient, trpc],
  );

  const messages = conversation.data?.messages ?? [];
  const streamingId = messages.find((m) => m.status === "streaming" && !finished[m.id])?.id;
  // Follows the answer as it grows (tokens, citations), like the chat does.
  const contentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    const observer = new ResizeObserver(() => {
      scroller.scrollTop = scroller.scrollHeight;
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  async function ask(content: string): Promise<boolean> {
    setFailure(null);
    if (!(await beforeSend())) {
      setFailure({ sentence: t("studio.preview.saveFailed"), detail: null });
      return false;
    }
    setPending(content);
    try {
      const result = await send.mutateAsync({ assistantId, content, preview: true, ...(conversationId ? { conversationId } : {}) });
      await queryClient.fetchQuery({ ...trpc.chat.conversation.queryOptions({ id: result.conversationId }), staleTime: 0 });
      setConversationId(result.conversationId);
      return true;
    } catch (e) {
      const detail = errorInfo(e).message;
      const sentence = errors.fields(e).content ?? errors.message(e);
      setFailure({ sentence, detail: detail && detail !== sentence ? detail : null });
      return false;
    } finally {
      setPending(null);
    }
  }

  function restart() {
    const id = conversationId;
    setConversationId(null);
    setFinished({});
    setFailure(null);
    if (id) void client.chat.delete.mutate({ id }).then(() => queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() }), () => undefined);
  }

  const empty = !conversationId && !pending;
  return (
    <CitationStoreProvider>
      <section className={cn("flex min-h-0 flex-col overflow-hidden rounded-lg border bg-card shadow-sm", className)} aria-labelledby="preview-title" data-testid="preview-panel">
        <header className="flex h-12 shrink-0 items-center gap-2 border-b px-3">
          <FlaskConical className="size-4 text-primary" aria-hidden />
          <h2 id="preview-title" className="min-w-0 flex-1 truncate text-sm font-semibold">
            {t("studio.preview.title")}
          </h2>
          <Button variant="ghost" size="sm" onClick={restart} disabled={empty || !!streamingId} data-testid="preview-restart">
            <RotateCcw aria-hidden />
            {t("studio.preview.restart")}
          </Button>
          {onClose && (
            <Button variant="ghost" size="icon" onClick={onClose} aria-label={t("studio.preview.close")}>
              <X aria-hidden />
            </Button>
          )}
        </header>
        <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto">
          <div ref={contentRef} className="flex flex-col gap-5 p-4">
            {empty ? (
              <div className="flex flex-col items-center gap-3 py-6 text-center">
                <span className="flex size-12 items-center justify-center rounded-xl bg-muted text-2xl" aria-hidden>
                  {emoji}
                </span>
                <p className="max-w-xs text-sm text-muted-foreground">{t("studio.preview.empty")}</p>
                {starters.filter((s) => s.trim()).length > 0 && (
                  <ul className="flex w-full flex-col gap-2">
                    {starters
                      .filter((s) => s.trim())
                      .map((s) => (
                        <li key={s}>
                          <button
                            type="button"
                            onClick={() => void ask(s)}
                            className="w-full rounded-lg border bg-card px-3 py-2 text-left text-sm transition hover:border-primary/40 hover:bg-primary/5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                            data-testid="preview-starter"
                          >
                            {s}
                          </button>
                        </li>
                      ))}
                  </ul>
                )}
              </div>
            ) : conversation.isPending && conversationId ? (
              <Skeleton className="h-24" />
            ) : conversation.isError ? (
              <Alert variant="destructive">{errors.message(conversation.error)}</Alert>
            ) : (
              messages.map((m) =>
                m.role === "user" ? (
                  <UserMessage key={m.id} content={m.content} />
                ) : m.status === "streaming" ? (
                  <StreamingAnswer key={m.id} message={m} conversationId={conversationId ?? ""} onDone={onDone} />
                ) : (
                  <AssistantMessage key={m.id} message={m} />
                ),
              )
            )}
            {pending && <UserMessage content={pending} pending />}
          </div>
        </div>
        <div className="shrink-0 border-t p-3">
          {failure && (
            <Alert variant="destructive" className="mb-2" data-testid="preview-error">
              <p>{failure.sentence}</p>
              {failure.detail && <p className="mt-1 text-xs opacity-80">{t("chat.details", { detail: failure.detail })}</p>}
            </Alert>
          )}
          <PreviewComposer streaming={!!streamingId} onSend={ask} onStop={() => streamingId && stop.mutate({ messageId: streamingId })} />
          <p className="mt-2 text-xs text-muted-foreground">{dirty ? t("studio.preview.savesFirst") : t("studio.preview.usesDraft")}</p>
        </div>
      </section>
    </CitationStoreProvider>
  );
}

function PreviewComposer({ streaming, onSend, onStop }: { streaming: boolean; onSend: (text: string) => Promise<boolean>; onStop: () => void }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const canSend = !streaming && !sending && text.trim().length > 0;

  async function send() {
    if (!canSend) return;
    setSending(true);
    try {
      if (await onSend(text)) setText("");
    } finally {
      setSending(false);
      requestAnimationFrame(() => ref.current?.focus());
    }
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <div className="flex items-end gap-2 rounded-xl border bg-background p-1.5 focus-within:ring-2 focus-within:ring-ring">
      <label htmlFor={id} className="sr-only">
        {t("studio.preview.inputLabel")}
      </label>
      <Textarea
        id={id}
        ref={ref}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t("studio.preview.placeholder")}
        disabled={streaming}
        rows={1}
        className="max-h-40 min-h-9 flex-1 resize-none border-0 bg-transparent py-1.5 shadow-none [field-sizing:content] focus-visible:ring-0"
        data-testid="preview-input"
      />
      {streaming ? (
        <Button variant="outline" size="icon" onClick={onStop} aria-label={t("chat.stop")} data-testid="preview-stop">
          <Square className="fill-current" aria-hidden />
        </Button>
      ) : (
        <Button size="icon" onClick={() => void send()} disabled={!canSend} aria-label={t("chat.send")} data-testid="preview-send">
          <ArrowUp aria-hidden />
        </Button>
      )}
    </div>
  );
}
