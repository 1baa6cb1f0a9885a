import { CircleCheck, CircleX, FileText, Loader2, Paperclip, X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { attachFile } from "~/features/knowledge/upload-file";
import { runQueue } from "~/features/knowledge/upload-queue";
import { useI18n } from "~/i18n";
import { formatBytes } from "~/lib/format";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";

/** A file attached to a conversation, as this browser knows it. */
export interface Attachment {
  key: string;
  name: string;
  sizeBytes: number;
  status: "uploading" | "done" | "failed";
  /** 0 to 1 while uploading. */
  progress: number;
  error: string | null;
  /** Shown as a chip above the message being written (until it is sent or dismissed). */
  inComposer: boolean;
}

interface Store {
  items: (conversationId: string) => Attachment[];
  update: (conversationId: string, change: (items: Attachment[]) => Attachment[]) => void;
}

const StoreContext = createContext<Store | null>(null);
const storageKey = (conversationId: string) => `atelier.chat.files.${conversationId}`;

/** Files attached earlier from this browser (the API does not list a conversation's attachments). */
function loadSaved(conversationId: string): Attachment[] {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(conversationId)) ?? "[]") as unknown;
    if (!Array.isArray(saved)) return [];
    return saved
      .filter((f): f is { name: string; sizeBytes: number } => typeof f?.name === "string" && typeof f?.sizeBytes === "number")
      .map((f) => ({ key: `saved-${f.name}`, name: f.name, sizeBytes: f.sizeBytes, status: "done", progress: 1, error: null, inComposer: false }));
  } catch {
    return [];
  }
}

function save(conversationId: string, items: Attachment[]) {
  try {
    const done = items.filter((i) => i.status === "done").map(({ name, sizeBytes }) => ({ name, sizeBytes }));
    localStorage.setItem(storageKey(conversationId), JSON.stringify(done));
  } catch {
    // Private mode or full storage: the list lasts for this page only.
  }
}

/** Keeps the attachments of the chat session's conversations, so uploads go on while moving between them. */
export function AttachmentStoreProvider({ children }: { children: ReactNode }) {
  const [byConversation, setByConversation] = useState<Record<string, Attachment[]>>({});
  const update = useCallback((conversationId: string, change: (items: Attachment[]) => Attachment[]) => {
    setByConversation((all) => {
      const next = change(all[conversationId] ?? loadSaved(conversationId));
      save(conversationId, next);
      return { ...all, [conversationId]: next };
    });
  }, []);
  const value = useMemo<Store>(() => ({ items: (id) => byConversation[id] ?? loadSaved(id), update }), [byConversation, update]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

let counter = 0;

/** The conversation's attachments and how to add files (uploaded two at a time, with progress). */
export function useAttachments(conversationId: string) {
  const store = useContext(StoreContext);
  const errors = useErrors();
  const items = store?.items(conversationId) ?? [];
  const update = store?.update;
  const add = useCallback(
    (files: File[]) => {
      if (!update || files.length === 0) return;
      const queued = files.map((file) => ({ file, key: `upload-${++counter}` }));
      update(conversationId, (list) => [
        // A file of the same name replaces the earlier one, on the server too.
        ...list.filter((i) => !files.some((f) => f.name === i.name)),
        ...queued.map(({ file, key }) => ({ key, name: file.name, sizeBytes: file.size, status: "uploading" as const, progress: 0, error: null, inComposer: true })),
      ]);
      const set = (key: string, change: Partial<Attachment>) => update(conversationId, (list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));
      void runQueue(queued, 2, async ({ file, key }) => {
        try {
          const result = await attachFile(conversationId, file, (progress) => set(key, { progress }));
          set(key, { status: "done", progress: 1, name: result.name, sizeBytes: result.sizeBytes });
        } catch (e) {
          set(key, { status: "failed", error: errors.message(e) });
        }
      });
    },
    [conversationId, update, errors],
  );
  return {
    items,
    add,
    dismiss: (key: string) => update?.(conversationId, (list) => list.filter((i) => i.key !== key || i.status === "done").map((i) => (i.key === key ? { ...i, inComposer: false } : i))),
    /** After a message is sent: finished files leave the composer (they stay in the header's list). */
    clearComposer: () => update?.(conversationId, (list) => list.filter((i) => i.status !== "failed").map((i) => (i.status === "done" ? { ...i, inComposer: false } : i))),
  };
}

/**
 * The paperclip. Files belong to a conversation, so before the first message there is nothing to
 * attach them to: the button then says so.
 */
export function AttachButton({ conversationId, disabled }: { conversationId: string | null; disabled?: boolean }) {
  const { t } = useI18n();
  const [hint, setHint] = useState(false);
  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(false), 4000);
    return () => clearTimeout(timer);
  }, [hint]);
  if (!conversationId) {
    return (
      <div className="relative">
        <Button variant="ghost" size="icon" className="size-8 text-muted-foreground" onClick={() => setHint((h) => !h)} aria-label={t("chat.attachments.attach")} aria-describedby={hint ? "attach-hint" : undefined} data-testid="attach-button" disabled={disabled}>
          <Paperclip aria-hidden />
        </Button>
        {hint && (
          <p id="attach-hint" role="status" className="absolute bottom-full left-0 z-10 mb-2 w-60 rounded-md border bg-card px-3 py-2 text-xs shadow-md" data-testid="attach-hint">
            {t("chat.attachments.firstMessage")}
          </p>
        )}
      </div>
    );
  }
  return <AttachInput conversationId={conversationId} disabled={disabled} />;
}

function AttachInput({ conversationId, disabled }: { conversationId: string; disabled?: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const { add } = useAttachments(conversationId);
  return (
    <>
      <Button variant="ghost" size="icon" className="size-8 text-muted-foreground" onClick={() => input.current?.click()} aria-label={t("chat.attachments.attach")} title={t("chat.attachments.attach")} data-testid="attach-button" disabled={disabled}>
        <Paperclip aria-hidden />
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        className="hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="attach-input"
        onChange={(e) => {
          add(Array.from(e.target.files ?? []));
          e.target.value = "";
        }}
      />
    </>
  );
}

/** The files being attached, above the message: progress, "Attached", or the reason it failed. */
export function AttachmentChips({ conversationId }: { conversationId: string }) {
  const { t, locale } = useI18n();
  const { items, dismiss } = useAttachments(conversationId);
  const shown = items.filter((i) => i.inComposer);
  if (shown.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2 px-1 pb-2" aria-label={t("chat.attachments.attach")} data-testid="attachment-chips">
      {shown.map((item) => (
        <li
          key={item.key}
          className={cn("flex max-w-full min-w-0 items-center gap-2 rounded-lg border bg-background px-2.5 py-1.5 text-xs", item.status === "failed" && "border-destructive/40 bg-destructive/5")}
          data-testid="attachment-chip"
          data-status={item.status}
          data-name={item.name}
        >
          {item.status === "uploading" ? (
            <Loader2 className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden />
          ) : item.status === "done" ? (
            <CircleCheck className="size-4 shrink-0 text-success" aria-hidden />
          ) : (
            <CircleX className="size-4 shrink-0 text-destructive" aria-hidden />
          )}
          <span className="min-w-0">
            <span className="block max-w-56 truncate font-medium" title={item.name}>
              {item.name}
            </span>
            <span className={cn("block", item.status === "failed" ? "text-destructive" : "text-muted-foreground")} role={item.status === "failed" ? "alert" : undefined}>
              {item.status === "uploading"
                ? t("chat.attachments.uploading", { percent: Math.round(item.progress * 100) })
                : item.status === "done"
                  ? `${t("chat.attachments.attached")} · ${formatBytes(item.sizeBytes, locale)}`
                  : item.error}
            </span>
            {item.status === "uploading" && (
              <span className="mt-1 block h-1 w-full overflow-hidden rounded bg-muted" aria-hidden>
                <span className="block h-full bg-primary transition-[width]" style={{ width: `${Math.round(item.progress * 100)}%` }} />
              </span>
            )}
          </span>
          {item.status !== "uploading" && (
            <button type="button" onClick={() => dismiss(item.key)} className="rounded p-0.5 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label={t("chat.attachments.dismiss", { name: item.name })}>
              <X className="size-3.5" aria-hidden />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** "📎 2 files" in the conversation header, listing the files attached to it. */
export function ConversationFiles({ conversationId }: { conversationId: string }) {
  const { t, locale } = useI18n();
  const { items } = useAttachments(conversationId);
  const files = items.filter((i) => i.status === "done");
  if (files.length === 0) return null;
  const count = files.length === 1 ? t("chat.attachments.filesCountOne") : t("chat.attachments.filesCount", { count: files.length });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" className="shrink-0 gap-1.5 text-muted-foreground" aria-label={`${t("chat.attachments.files")}: ${count}`} data-testid="conversation-files">
          <Paperclip aria-hidden />
          <span className="hidden sm:inline">{count}</span>
          <span className="sm:hidden">{files.length}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel>{t("chat.attachments.files")}</DropdownMenuLabel>
        <ul className="flex flex-col" data-testid="conversation-files-list">
          {files.map((f) => (
            <li key={f.key} className="flex min-w-0 items-center gap-2 px-2 py-1.5 text-sm">
              <FileText className="size-4 shrink-0 text-muted-foreground" aria-hidden />
              <span className="min-w-0 flex-1 truncate" title={f.name}>
                {f.name}
              </span>
              <span className="shrink-0 text-xs text-muted-foreground">{formatBytes(f.sizeBytes, locale)}</span>
            </li>
          ))}
        </ul>
        <DropdownMenuSeparator />
        <p className="px-2 py-1.5 text-xs text-muted-foreground">{t("chat.attachments.help")}</p>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
