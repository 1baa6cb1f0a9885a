import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal, Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link, NavLink, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { useTRPC, type ConversationSummary } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";

export function ConversationList() {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim(), 250);
  const list = useQuery({ ...trpc.chat.conversations.queryOptions(query ? { query } : undefined), placeholderData: keepPreviousData });
  const [renaming, setRenaming] = useState<ConversationSummary | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-col gap-3 border-b p-3">
        <h2 className="px-1 text-sm font-semibold">{t("chat.conversations")}</h2>
        <Button asChild size="sm" className="w-full">
          <Link to="/chat" data-testid="new-conversation">
            <Plus aria-hidden />
            {t("chat.newConversation")}
          </Link>
        </Button>
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setSearch("")}
            placeholder={t("chat.searchPlaceholder")}
            aria-label={t("chat.searchLabel")}
            maxLength={200}
            className="h-8 pl-8 text-sm"
            data-testid="conversation-search"
          />
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {list.isPending ? (
          <div className="flex flex-col gap-2 p-1">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-9" />
            ))}
          </div>
        ) : list.isError ? (
          <Alert variant="destructive">{errors.message(list.error)}</Alert>
        ) : list.data.length === 0 ? (
          <p className="p-3 text-sm text-muted-foreground" data-testid="conversation-search-empty">
            {query ? t("chat.noSearchResults", { query }) : t("chat.noConversations")}
          </p>
        ) : (
          <ul className={cn("flex flex-col gap-0.5", list.isPlaceholderData && "opacity-60")} aria-busy={list.isFetching || undefined}>
            {list.data.map((c) => (
              <li key={c.id} className="group relative" data-testid="conversation-item">
                <NavLink
                  to={`/chat/${c.id}`}
                  className={({ isActive }) =>
                    cn(
                      "flex items-center gap-2 rounded-md py-2 pl-2 pr-9 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                      isActive ? "bg-primary/10 font-medium text-primary" : "hover:bg-muted",
                    )
                  }
                >
                  <span aria-hidden>{c.assistantEmoji ?? "💬"}</span>
                  <span className="truncate">{c.title}</span>
                </NavLink>
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button
                      variant="ghost"
                      size="icon"
                      className="absolute right-1 top-1/2 size-7 -translate-y-1/2 opacity-60 group-hover:opacity-100 focus-visible:opacity-100 data-[state=open]:opacity-100"
                      aria-label={t("chat.menu")}
                      data-testid="conversation-menu"
                    >
                      <MoreHorizontal aria-hidden />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end" className="min-w-[10rem]">
                    <DropdownMenuItem onSelect={() => setRenaming(c)} data-testid="conversation-rename">
                      <Pencil aria-hidden />
                      {t("common.rename")}
                    </DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => setDeleting(c)} className="text-destructive focus:text-destructive" data-testid="conversation-delete">
                      <Trash2 aria-hidden />
                      {t("common.delete")}
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              </li>
            ))}
          </ul>
        )}
      </div>
      {renaming && <RenameDialog conversation={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteDialog conversation={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

/** The value once it has stopped changing for `ms` milliseconds (a search is not sent at every keystroke). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function RenameDialog({ conversation, onClose }: { conversation: ConversationSummary; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(conversation.title);
  const rename = useMutation(
    trpc.chat.rename.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.chat.pathKey() });
        onClose();
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    if (title.trim()) rename.mutate({ id: conversation.id, title: title.trim() });
  }
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby={undefined}>
        <form onSubmit={submit} className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("chat.renameTitle")}</DialogTitle>
          </DialogHeader>
          <FormError message={rename.error ? errors.message(rename.error) : null} />
          <FormField id="conversation-title" label={t("chat.renameLabel")} error={rename.error ? errors.fields(rename.error).title : null}>
            <Input id="conversation-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} autoFocus />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={rename.isPending || !title.trim()}>
              {rename.isPending ? t("common.saving") : t("common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteDialog({ conversation, onClose }: { conversation: ConversationSummary; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: async () => {
        if (conversationId === conversation.id) navigate("/chat", { replace: true });
        queryClient.removeQueries({ queryKey: trpc.chat.conversation.queryKey({ id: conversation.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("chat.deleteTitle")}
      description={t("chat.deleteBody", { title: conversation.title })}
      confirmLabel={t("common.delete")}
      pendingLabel={t("common.deleting")}
      pending={remove.isPending}
      error={remove.error ? errors.message(remove.error) : null}
      stayOpen
      onConfirm={() => remove.mutate({ id: conversation.id })}
    />
  );
}
