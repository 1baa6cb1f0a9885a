import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pause, Pencil, Play, RefreshCw, Square, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Page } from "~/components/page-header";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { formatCount } from "~/lib/format";
import { useTRPC, type SourceDetail } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { SensitivityBadge, SourceKindIcon, TeamLabel } from "./badges";
import { DocumentsSection } from "./documents-section";
import { JobsSection } from "./jobs-section";
import { LastSync } from "./last-sync";
import { SourceDialog } from "./source-dialog";
import { syncIntervals } from "./source-form";
import { SyncProgress } from "./sync-progress";
import { UploadZone } from "./upload-zone";

export function BackToSources() {
  const { t } = useI18n();
  return (
    <Button asChild variant="ghost" size="sm" className="-ml-2 self-start text-muted-foreground">
      <Link to="/knowledge">
        <ArrowLeft aria-hidden />
        {t("knowledge.source.back")}
      </Link>
    </Button>
  );
}

export function SourcePage() {
  const { sourceId = "" } = useParams();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const source = useQuery(trpc.knowledge.source.queryOptions({ id: sourceId }, { staleTime: 0, refetchInterval: (q) => (q.state.data?.activeJob ? 1000 : false) }));
  // When the latest sync changes (queued, finished), the documents it touched are read again.
  const latest = source.data?.recentJobs[0];
  const latestKey = latest ? `${latest.id}:${latest.status}` : "";
  useEffect(() => {
    if (latestKey) void queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.pathKey() });
  }, [latestKey, queryClient, trpc]);

  if (source.isError && isNotFound(source.error)) return <NotFoundPage />;
  return (
    <Page wide>
      <BackToSources />
      {source.isPending ? (
        <div className="flex flex-col gap-4">
          <Skeleton className="h-24" />
          <Skeleton className="h-40" />
        </div>
      ) : source.isError ? (
        <Alert variant="destructive">{errors.message(source.error)}</Alert>
      ) : (
        <SourceView source={source.data} />
      )}
    </Page>
  );
}

function SourceView({ source }: { source: SourceDetail }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.knowledge.settings.queryOptions());
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  const onError = (error: unknown) => setActionError(errors.message(error));
  const options = { onMutate: () => setActionError(null), onSuccess: refresh, onError };
  const sync = useMutation(trpc.knowledge.syncSource.mutationOptions(options));
  const pause = useMutation(trpc.knowledge.setPaused.mutationOptions(options));
  const cancel = useMutation(trpc.knowledge.cancelJob.mutationOptions(options));
  const remove = useMutation(
    trpc.knowledge.deleteSource.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: trpc.knowledge.source.queryKey({ id: source.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.sources.queryKey() });
        navigate("/knowledge", { replace: true });
      },
    }),
  );
  const job = source.activeJob;
  const config = source.config as { path?: string; url?: string; maxDepth?: number; maxPages?: number };
  const location = source.kind === "folder" ? config.path : source.kind === "website" ? config.url : null;
  const interval = syncIntervals.find((i) => i.value === (source.syncIntervalMinutes === null ? "" : String(source.syncIntervalMinutes)));

  return (
    <>
      <Card className="flex flex-col gap-5 p-5 sm:p-6">
        <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
          <div className="flex min-w-0 items-start gap-3">
            <SourceKindIcon kind={source.kind} className="size-11" />
            <div className="min-w-0">
              <h1 className="break-words text-2xl font-semibold tracking-tight" data-testid="source-title">
                {source.name}
              </h1>
              {source.description && <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{source.description}</p>}
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <Badge variant="outline">{t(`knowledge.kinds.${source.kind}`)}</Badge>
                <SensitivityBadge sensitivity={source.sensitivity} />
                {source.paused && (
                  <Badge variant="secondary">
                    <Pause aria-hidden />
                    {t("knowledge.sync.paused")}
                  </Badge>
                )}
                <TeamLabel teamName={source.teamName} className="text-muted-foreground" />
              </div>
              {source.createdByName && <p className="mt-1.5 text-xs text-muted-foreground">{t("knowledge.source.createdBy", { name: source.createdByName })}</p>}
            </div>
          </div>
          {source.canManage && (
            <div className="flex shrink-0 flex-wrap gap-2">
              <Button variant="outline" size="sm" onClick={() => sync.mutate({ id: source.id })} disabled={source.paused || !!job || sync.isPending} data-testid="source-sync">
                <RefreshCw aria-hidden />
                {t("knowledge.source.syncNow")}
              </Button>
              <Button variant="outline" size="sm" onClick={() => pause.mutate({ id: source.id, paused: !source.paused })} disabled={pause.isPending} data-testid="source-pause">
                {source.paused ? <Play aria-hidden /> : <Pause aria-hidden />}
                {source.paused ? t("knowledge.source.resume") : t("knowledge.source.pause")}
              </Button>
              <Button variant="outline" size="sm" onClick={() => setEditing(true)} data-testid="source-edit">
                <Pencil aria-hidden />
                {t("common.edit")}
              </Button>
              <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)} data-testid="source-delete">
                <Trash2 aria-hidden />
                {t("common.delete")}
              </Button>
            </div>
          )}
        </div>

        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <div className="min-w-0 rounded-md border bg-muted/30 px-3 py-2">
            <dt className="text-xs text-muted-foreground">{t("knowledge.source.lastSync")}</dt>
            <dd className="mt-1">
              <LastSync source={source} />
            </dd>
          </div>
          <div className="min-w-0 rounded-md border bg-muted/30 px-3 py-2">
            <dt className="text-xs text-muted-foreground">{t("knowledge.table.documents")}</dt>
            <dd className="mt-1 flex items-baseline gap-3 tabular-nums">
              <span className="text-lg font-semibold">{formatCount(source.documentCount, locale)}</span>
              {source.failedCount > 0 && (
                <span className="text-sm font-medium text-destructive">{t("knowledge.table.failedCount", { count: formatCount(source.failedCount, locale) })}</span>
              )}
            </dd>
          </div>
          {location ? (
            <div className="min-w-0 rounded-md border bg-muted/30 px-3 py-2">
              <dt className="text-xs text-muted-foreground">{t("knowledge.source.location")}</dt>
              <dd className="mt-1 truncate font-mono text-[0.8rem]" title={location}>
                {location}
              </dd>
              {source.kind !== "upload" && (
                <dd className="mt-0.5 text-xs text-muted-foreground">
                  {t("knowledge.source.interval")}: {interval ? t(`knowledge.dialog.intervals.${interval.key}`) : t("knowledge.dialog.intervals.custom", { minutes: source.syncIntervalMinutes ?? 0 })}
                </dd>
              )}
            </div>
          ) : null}
        </dl>

        {job && (
          <div className="flex flex-col gap-3 rounded-md border border-primary/20 bg-primary/5 p-3 sm:flex-row sm:items-center">
            <SyncProgress job={job} className="flex-1" />
            {source.canManage && (
              <Button variant="outline" size="sm" onClick={() => cancel.mutate({ id: job.id })} disabled={cancel.isPending} data-testid="source-cancel-sync">
                <Square aria-hidden />
                {cancel.isPending ? t("knowledge.source.cancelling") : t("knowledge.source.cancelSync")}
              </Button>
            )}
          </div>
        )}
        {actionError && <FormError message={actionError} />}
        {source.paused && <Alert variant="warning">{t("knowledge.source.pausedNotice")}</Alert>}
        {source.managedBy === "seed" && <Alert variant="info">{t("knowledge.source.seedNotice")}</Alert>}
        {!source.canManage && source.managedBy !== "seed" && <Alert variant="info">{t("knowledge.source.readOnly")}</Alert>}
      </Card>

      {source.kind === "upload" && source.canManage && settings.data && <UploadZone sourceId={source.id} settings={settings.data} onUploaded={() => void refresh()} />}

      <DocumentsSection
        sourceId={source.id}
        syncing={!!job}
        canDelete={source.canManage}
        isUpload={source.kind === "upload"}
        basePath={source.kind === "folder" ? config.path : undefined}
      />
      <JobsSection jobs={source.recentJobs} />

      {editing && <SourceDialog source={source} onClose={() => setEditing(false)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          setDeleting(open);
          if (!open) remove.reset();
        }}
        title={t("knowledge.source.deleteTitle")}
        description={source.documentCount === 1 ? t("knowledge.source.deleteBodyOne") : t("knowledge.source.deleteBody", { count: source.documentCount })}
        confirmLabel={t("common.delete")}
        pendingLabel={t("common.deleting")}
        pending={remove.isPending}
        error={remove.error ? errors.message(remove.error) : null}
        stayOpen
        onConfirm={() => remove.mutate({ id: source.id })}
        testId="confirm-delete-source"
      />
    </>
  );
}
