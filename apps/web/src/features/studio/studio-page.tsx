import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, Copy, FileDown, FileUp, LayoutTemplate, MessagesSquare, MoreHorizontal, PencilRuler, Plus, Trash2, Wand2 } from "lucide-react";
import { useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Page, PageHeader } from "~/components/page-header";
import { ModelTag } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useI18n } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { formatCount, formatEur } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { TemplatesDialog } from "./templates-dialog";
import type { EditableAssistant } from "./types";
import { VisibilityBadge } from "./visibility-badge";

/** Import files larger than this are refused before sending (the API accepts 600,000 characters). */
const MAX_IMPORT_CHARS = 600_000;

/** Saves text as a file the browser downloads. */
function download(fileName: string, text: string, type = "application/yaml") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A failure of a list action: the translated sentence and, when it says more, the server's own. */
interface ActionError {
  sentence: string;
  detail: string | null;
}

export function StudioPage() {
  const user = useUser();
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isBuilder = user.role !== "member";
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [failure, setFailure] = useState<ActionError | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const importYaml = useMutation(
    trpc.assistants.importYaml.mutationOptions({
      onSuccess: async ({ id, warnings }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        navigate(`/studio/${id}`, { state: { importWarnings: warnings } });
      },
      onError: (e) => {
        const sentence = errors.message(e);
        const detail = errors.fields(e).yaml ?? errorInfo(e).message;
        setFailure({ sentence, detail: detail && detail !== sentence ? detail : null });
      },
    }),
  );

  async function importFile(file: File | undefined) {
    if (!file) return;
    setFailure(null);
    const text = await file.text();
    if (text.length > MAX_IMPORT_CHARS) {
      setFailure({ sentence: t("studio.import.tooLarge"), detail: null });
      return;
    }
    if (!text.trim()) {
      setFailure({ sentence: t("studio.import.empty"), detail: null });
      return;
    }
    importYaml.mutate({ yaml: text });
  }

  const newMenu = (
    <div className="relative flex">
      <Button asChild className="rounded-r-none">
        <Link to="/studio/new" data-testid="new-assistant">
          <Plus aria-hidden />
          {t("studio.newAssistant")}
        </Link>
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button className="rounded-l-none border-l border-primary-foreground/25 px-2" aria-label={t("studio.newMenu.more")} data-testid="new-assistant-menu">
            <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <DropdownMenuItem asChild>
            <Link to="/studio/new" data-testid="new-from-scratch">
              <PencilRuler aria-hidden />
              {t("studio.newMenu.scratch")}
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setTemplatesOpen(true)} data-testid="new-from-template">
            <LayoutTemplate aria-hidden />
            {t("studio.newMenu.template")}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => fileRef.current?.click()} disabled={importYaml.isPending} data-testid="import-yaml">
            <FileUp aria-hidden />
            {importYaml.isPending ? t("studio.import.importing") : t("studio.newMenu.import")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <input
        ref={fileRef}
        type="file"
        accept=".yaml,.yml,application/yaml,text/yaml"
        className="sr-only"
        tabIndex={-1}
        aria-hidden
        onChange={(e) => {
          void importFile(e.target.files?.[0]);
          e.target.value = "";
        }}
        data-testid="import-yaml-input"
      />
    </div>
  );

  return (
    <Page wide>
      <PageHeader title={t("studio.title")} subtitle={t("studio.subtitle")} actions={isBuilder && newMenu} />
      {failure && (
        <Alert variant="destructive" data-testid="studio-error">
          <p>{failure.sentence}</p>
          {failure.detail && <p className="mt-1 text-xs opacity-80">{t("chat.details", { detail: failure.detail })}</p>}
        </Alert>
      )}
      {isBuilder ? (
        <AssistantList onFailure={setFailure} onTemplates={() => setTemplatesOpen(true)} />
      ) : (
        <EmptyState
          icon={Wand2}
          title={t("studio.membersOnlyTitle")}
          action={
            <Button asChild variant="outline">
              <Link to="/assistants">{t("studio.browseAssistants")}</Link>
            </Button>
          }
        >
          {t("studio.membersOnlyBody")}
        </EmptyState>
      )}
      {templatesOpen && <TemplatesDialog onClose={() => setTemplatesOpen(false)} />}
    </Page>
  );
}

function AssistantList({ onFailure, onTemplates }: { onFailure: (e: ActionError | null) => void; onTemplates: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const list = useQuery(trpc.assistants.listEditable.queryOptions());

  if (list.isPending) {
    return (
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-48" />
        ))}
      </div>
    );
  }
  if (list.isError) return <Alert variant="destructive">{errors.message(list.error)}</Alert>;
  if (list.data.length === 0) {
    return (
      <EmptyState
        icon={Wand2}
        title={t("studio.emptyTitle")}
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <Button asChild>
              <Link to="/studio/new">
                <Plus aria-hidden />
                {t("studio.newMenu.scratch")}
              </Link>
            </Button>
            <Button variant="outline" onClick={onTemplates}>
              <LayoutTemplate aria-hidden />
              {t("studio.newMenu.template")}
            </Button>
          </div>
        }
      >
        {t("studio.emptyBody")}
      </EmptyState>
    );
  }
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {list.data.map((a) => (
        <li key={a.id}>
          <AssistantCard assistant={a} onFailure={onFailure} />
        </li>
      ))}
    </ul>
  );
}

function AssistantCard({ assistant: a, onFailure }: { assistant: EditableAssistant; onFailure: (e: ActionError | null) => void }) {
  const { t, formatDay, locale } = useI18n();
  const trpc = useTRPC();
  const user = useUser();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const canDelete = user.role === "admin" || a.ownerId === user.id;
  const fail = (e: unknown) => onFailure({ sentence: errors.message(e), detail: null });
  const duplicate = useMutation(
    trpc.assistants.duplicate.mutationOptions({
      onSuccess: async (copy) => {
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        navigate(`/studio/${copy.id}`);
      },
      onError: fail,
    }),
  );
  const remove = useMutation(
    trpc.assistants.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(false);
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
      },
      onError: (e) => setDeleteError(errors.message(e)),
    }),
  );

  async function exportYaml() {
    onFailure(null);
    try {
      const file = await queryClient.fetchQuery({ ...trpc.assistants.exportYaml.queryOptions({ id: a.id }), staleTime: 0 });
      download(file.fileName, file.yaml);
    } catch (e) {
      fail(e);
    }
  }

  return (
    <Card data-testid="assistant-card" data-name={a.name} className="group relative flex h-full flex-col gap-3 p-5 transition-shadow hover:shadow-md">
      <div className="flex items-start gap-3">
        <span className="flex size-11 shrink-0 items-center justify-center rounded-lg bg-muted text-2xl" aria-hidden>
          {a.emoji}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">
            <Link to={`/studio/${a.id}`} className="after:absolute after:inset-0 focus-visible:outline-none focus-visible:underline">
              {a.name}
            </Link>
          </h2>
          <p className="truncate text-xs text-muted-foreground">{t("studio.owner", { name: a.ownerName })}</p>
        </div>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" className="relative z-10 -mr-2 -mt-1 size-8 shrink-0" aria-label={t("studio.rowMenu", { name: a.name })} data-testid="assistant-actions">
              <MoreHorizontal aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={() => duplicate.mutate({ id: a.id })} disabled={duplicate.isPending} data-testid="duplicate">
              <Copy aria-hidden />
              {duplicate.isPending ? t("studio.duplicating") : t("studio.duplicate")}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => void exportYaml()} data-testid="export-yaml">
              <FileDown aria-hidden />
              {t("studio.exportYaml")}
            </DropdownMenuItem>
            {canDelete && (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem
                  onSelect={() => {
                    setDeleteError(null);
                    setDeleting(true);
                  }}
                  className="text-destructive focus:text-destructive"
                  data-testid="assistant-delete-row"
                >
                  <Trash2 aria-hidden />
                  {t("common.delete")}
                </DropdownMenuItem>
              </>
            )}
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      <p className="line-clamp-2 min-h-10 text-sm text-muted-foreground">{a.description}</p>
      <div className="mt-auto flex flex-wrap items-center gap-2">
        <VisibilityBadge visibility={a.visibility} teamName={a.teamName} />
      </div>
      <div className="flex flex-col gap-1">
        {a.model ? <ModelTag model={a.model} /> : <span className="text-xs text-muted-foreground">{t("studio.noModel")}</span>}
        <span className="text-xs text-muted-foreground" data-testid="assistant-usage">
          {a.usage30d.calls === 0
            ? t("studio.noUsage")
            : t(a.usage30d.calls === 1 ? "studio.usageOne" : "studio.usage", { cost: formatEur(a.usage30d.costEur, locale), calls: formatCount(a.usage30d.calls, locale) })}
        </span>
      </div>
      <div className="flex items-center justify-between gap-2 border-t pt-3">
        <span className="text-xs text-muted-foreground">{t("studio.updated", { date: formatDay(a.updatedAt) })}</span>
        <Button asChild size="sm" variant="outline" className="relative z-10">
          <Link to={`/chat/new?assistant=${a.id}`}>
            <MessagesSquare aria-hidden />
            {t("studio.chatWithIt")}
          </Link>
        </Button>
      </div>
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("studio.deleteTitle", { name: a.name })}
        description={t("studio.deleteBody")}
        confirmLabel={t("common.delete")}
        pendingLabel={t("common.deleting")}
        pending={remove.isPending}
        error={deleteError}
        stayOpen
        onConfirm={() => remove.mutate({ id: a.id })}
      />
    </Card>
  );
}
