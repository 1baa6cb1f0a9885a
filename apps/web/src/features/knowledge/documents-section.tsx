import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Search, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Input, NativeSelect } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC, type DocumentRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { DocumentStatusBadge, type DocumentStatus } from "./badges";

const PAGE = 50;
const statuses = ["indexed", "failed", "pending"] as const;

/** The value after the user stopped typing for a moment. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The documents of a source: search by title or location, filter by status, pages of 50, failed
 * ones first with their reason. Refreshed while a sync runs or documents wait to be read.
 */
export function DocumentsSection({
  sourceId,
  syncing,
  canDelete,
  isUpload,
  basePath,
}: {
  sourceId: string;
  syncing: boolean;
  canDelete: boolean;
  isUpload: boolean;
  /** A folder source's path: locations are shown relative to it. */
  basePath?: string;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<"" | DocumentStatus>("");
  const [offset, setOffset] = useState(0);
  const query = useDebounced(search.trim(), 250);
  useEffect(() => setOffset(0), [query, status]);
  const documents = useQuery(
    trpc.knowledge.documents.queryOptions(
      { sourceId, query, status: status || undefined, limit: PAGE, offset },
      {
        placeholderData: keepPreviousData,
        staleTime: 0,
        refetchInterval: (q) => (syncing || q.state.data?.items.some((d) => d.status === "pending") ? 1500 : false),
      },
    ),
  );
  const [deleting, setDeleting] = useState<DocumentRow | null>(null);
  const remove = useMutation(
    trpc.knowledge.deleteDocument.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
      },
    }),
  );

  const total = documents.data?.total ?? 0;
  const items = documents.data?.items ?? [];
  const filtered = query !== "" || status !== "";
  return (
    <section aria-labelledby="documents-title" className="flex flex-col gap-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <h2 id="documents-title" className="text-lg font-semibold">
          {t("knowledge.documents.title")}
          {documents.data && <span className="ml-2 text-sm font-normal text-muted-foreground tabular-nums">{formatCount(total, locale)}</span>}
        </h2>
        <div className="flex flex-col gap-2 sm:flex-row">
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t("knowledge.documents.search")}
              aria-label={t("knowledge.documents.search")}
              maxLength={200}
              className="pl-8 sm:w-72"
              data-testid="document-search"
            />
          </div>
          <NativeSelect
            value={status}
            onChange={(e) => setStatus(e.target.value as "" | DocumentStatus)}
            aria-label={t("knowledge.documents.statusFilter")}
            className="sm:w-36"
            data-testid="document-status-filter"
          >
            <option value="">{t("knowledge.documents.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`knowledge.documents.status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {documents.isPending ? (
        <Skeleton className="h-32" />
      ) : documents.isError ? (
        <Alert variant="destructive">{errors.message(documents.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground" data-testid="documents-empty">
          {filtered ? t("knowledge.documents.noMatch") : isUpload ? t("knowledge.documents.emptyUpload") : t("knowledge.documents.empty")}
        </p>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border bg-card shadow-sm">
            <table className="w-full min-w-[44rem] text-sm">
              <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.documents.columns.title")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.documents.columns.location")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("knowledge.documents.columns.pages")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("knowledge.documents.columns.chunks")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.documents.columns.language")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.documents.columns.status")}</th>
                  {canDelete && isUpload && (
                    <th scope="col" className="px-3 py-2">
                      <span className="sr-only">{t("common.actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y">
                {items.map((d) => (
                  <DocumentTableRow key={d.id} document={d} basePath={basePath} onDelete={canDelete && isUpload ? () => setDeleting(d) : undefined} />
                ))}
              </tbody>
            </table>
          </div>
          {total > PAGE && (
            <div className="flex items-center justify-end gap-2 text-sm text-muted-foreground">
              <span className="tabular-nums">
                {t("knowledge.documents.shown", { shown: `${formatCount(offset + 1, locale)}–${formatCount(offset + items.length, locale)}`, total: formatCount(total, locale) })}
              </span>
              <Button variant="outline" size="icon" className="size-8" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} aria-label={t("common.back")}>
                <ChevronLeft aria-hidden />
              </Button>
              <Button variant="outline" size="icon" className="size-8" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)} aria-label={t("knowledge.documents.loadMore")} data-testid="documents-next">
                <ChevronRight aria-hidden />
              </Button>
            </div>
          )}
        </>
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t("knowledge.documents.deleteTitle", { name: deleting?.title ?? "" })}
        description={t("knowledge.documents.deleteBody")}
        confirmLabel={t("common.delete")}
        pendingLabel={t("common.deleting")}
        pending={remove.isPending}
        error={remove.error ? errors.message(remove.error) : null}
        stayOpen
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        testId="confirm-delete-document"
      />
    </section>
  );
}

function DocumentTableRow({ document: d, basePath, onDelete }: { document: DocumentRow; basePath?: string; onDelete?: () => void }) {
  const { t, locale } = useI18n();
  const failed = d.status === "failed";
  const prefix = basePath ? `${basePath.replace(/\/+$/, "")}/` : null;
  const location = prefix && d.location.startsWith(prefix) ? d.location.slice(prefix.length) : d.location;
  return (
    <tr className={cn("align-top", failed && "bg-destructive/[0.03]")} data-testid="document-row" data-status={d.status} data-title={d.title}>
      <td className="max-w-72 px-3 py-2.5">
        <Link to={`/knowledge/documents/${d.id}`} className="font-medium hover:underline focus-visible:underline focus-visible:outline-none">
          {d.title}
        </Link>
        {failed && d.error && (
          <p className="mt-1 text-xs text-destructive" data-testid="document-error">
            {d.error}
          </p>
        )}
      </td>
      <td className="max-w-56 px-3 py-2.5">
        <span className="block truncate font-mono text-xs text-muted-foreground" title={d.location}>
          {location || "—"}
        </span>
      </td>
      <td className="px-3 py-2.5 text-right tabular-nums">{d.pageCount === null ? "—" : formatCount(d.pageCount, locale)}</td>
      <td className="px-3 py-2.5 text-right tabular-nums">{failed ? "—" : formatCount(d.chunkCount, locale)}</td>
      <td className="px-3 py-2.5">{d.status === "indexed" ? (d.language === "fr" || d.language === "en" ? t(`knowledge.documents.languages.${d.language}`) : d.language) : "—"}</td>
      <td className="px-3 py-2.5">
        <DocumentStatusBadge status={d.status} />
      </td>
      {onDelete && (
        <td className="px-2 py-1.5 text-right">
          <Button variant="ghost" size="icon" className="size-8 text-muted-foreground hover:text-destructive" onClick={onDelete} aria-label={t("knowledge.documents.deleteOf", { name: d.title })} data-testid="document-delete">
            <Trash2 aria-hidden />
          </Button>
        </td>
      )}
    </tr>
  );
}
