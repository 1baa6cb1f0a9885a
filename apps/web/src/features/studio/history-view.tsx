import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { GitCompareArrows, History, RotateCcw, ShieldAlert, Target } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { useTRPC, type AssistantDetail } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { EditorHeader, useVersions, VersionStatus } from "./editor-header";
import { formatRate, runPath, runsByVersion } from "./quality-gate";
import type { VersionList as VersionListData } from "./types";
import { VersionDiff } from "./version-diff";

type Versions = VersionListData;

/** History: the published versions, a comparison of any two (or one and the draft), and restore. */
export function HistoryView({ assistant }: { assistant: AssistantDetail }) {
  const { t } = useI18n();
  const errors = useErrors();
  const versions = useVersions(assistant.id, assistant.canEdit);
  return (
    <>
      <EditorHeader
        assistantId={assistant.id}
        emoji={assistant.emoji}
        title={assistant.name}
        tab="history"
        status={assistant.canEdit ? <VersionStatus assistantId={assistant.id} /> : undefined}
      />
      <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 px-4 py-6 sm:px-8">
        {!assistant.canEdit ? (
          <Alert variant="info">{t("studio.readOnly")}</Alert>
        ) : versions.isPending ? (
          <>
            <Skeleton className="h-28" />
            <Skeleton className="h-48" />
          </>
        ) : versions.isError ? (
          <Alert variant="destructive">{errors.message(versions.error)}</Alert>
        ) : versions.data.versions.length === 0 ? (
          <EmptyState icon={History} title={t("studio.history.emptyTitle")}>
            {t("studio.history.emptyBody")}
          </EmptyState>
        ) : (
          <>
            <ComparePanel assistant={assistant} versions={versions.data} />
            <VersionList assistantId={assistant.id} versions={versions.data} />
          </>
        )}
      </div>
    </>
  );
}

function ComparePanel({ assistant, versions }: { assistant: AssistantDetail; versions: Versions }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const list = versions.versions;
  const current = list.find((v) => v.isCurrent) ?? list[0]!;
  const [from, setFrom] = useState(current.id);
  const [to, setTo] = useState("draft");
  const [compared, setCompared] = useState<{ from: string; to: string } | null>(null);
  const diff = useQuery(trpc.assistants.diff.queryOptions({ assistantId: assistant.id, from: compared?.from ?? "", to: compared?.to ?? "" }, { enabled: !!compared, staleTime: 0 }));
  const options = [{ id: "draft", label: t("studio.history.draft") }, ...list.map((v) => ({ id: v.id, label: `v${v.number}${v.isCurrent ? ` · ${t("studio.history.current")}` : ""}` }))];
  const same = from === to;

  return (
    <Card className="flex flex-col gap-4 p-5 sm:p-6" data-testid="compare-panel">
      <div>
        <h2 className="font-semibold">{t("studio.history.compareTitle")}</h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("studio.history.compareHelp")}</p>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex flex-col gap-1.5 sm:w-48">
          <Label htmlFor="compare-from">{t("studio.history.from")}</Label>
          <NativeSelect id="compare-from" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="compare-from">
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5 sm:w-48">
          <Label htmlFor="compare-to">{t("studio.history.to")}</Label>
          <NativeSelect id="compare-to" value={to} onChange={(e) => setTo(e.target.value)} data-testid="compare-to">
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button onClick={() => setCompared({ from, to })} disabled={same} data-testid="compare">
          <GitCompareArrows aria-hidden />
          {t("studio.history.compare")}
        </Button>
      </div>
      {same && <p className="text-xs text-muted-foreground">{t("studio.history.pickTwo")}</p>}
      {compared &&
        (diff.isPending ? (
          <Skeleton className="h-40" />
        ) : diff.isError ? (
          <Alert variant="destructive">{errors.message(diff.error)}</Alert>
        ) : (
          <VersionDiff diff={diff.data} assistant={assistant} />
        ))}
    </Card>
  );
}

function VersionList({ assistantId, versions }: { assistantId: string; versions: Versions }) {
  const { t, formatDate, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState<Versions["versions"][number] | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The quality check of each version (its correct-answer rate), when it has one.
  const runs = useQuery(trpc.evaluation.runs.queryOptions({ assistantId }));
  const checks = runsByVersion(runs.data ?? []);
  const restore = useMutation(
    trpc.assistants.restore.mutationOptions({
      onSuccess: async ({ restoredFrom }) => {
        // The editor starts from the cached draft: refetch it even though nobody shows it now.
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey(), refetchType: "all" });
        setRestored(restoredFrom);
        setRestoring(null);
      },
      onError: (e) => setError(errors.message(e)),
    }),
  );

  return (
    <section aria-labelledby="versions-title" className="flex flex-col gap-3">
      <h2 id="versions-title" className="font-semibold">
        {t("studio.history.versionsTitle")}
      </h2>
      {restored !== null && (
        <Alert variant="success" data-testid="restored-notice">
          {t("studio.history.restored", { number: restored })}
        </Alert>
      )}
      <ol className="flex flex-col divide-y rounded-lg border bg-card shadow-sm">
        {versions.versions.map((v) => (
          <li key={v.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center" data-testid="version-row" data-version={v.number} data-current={v.isCurrent}>
            <div className="flex min-w-0 flex-1 items-start gap-3">
              <span className="flex h-7 min-w-10 shrink-0 items-center justify-center rounded-md bg-muted px-2 font-mono text-sm font-semibold">v{v.number}</span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <p className={v.note ? "text-sm font-medium" : "text-sm italic text-muted-foreground"} data-testid="version-note">
                    {v.note || t("studio.history.noNote")}
                  </p>
                  {v.isCurrent && <Badge variant="success">{t("studio.history.current")}</Badge>}
                  {v.overrideReason && (
                    <Badge variant="warning" data-testid="version-override">
                      <ShieldAlert aria-hidden />
                      {t("studio.history.overrideBadge")}
                    </Badge>
                  )}
                  {checks.get(v.id)?.map((run) => (
                    <Link
                      key={run.id}
                      to={runPath(assistantId, run.id)}
                      title={t("studio.history.rateTitle", { suite: run.suiteName, passed: run.passed, total: run.total })}
                      className="inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium tabular-nums text-foreground transition-colors hover:bg-muted"
                      data-testid="version-rate"
                    >
                      <Target className="size-3 text-primary" aria-hidden />
                      {t("studio.history.rate", { rate: formatRate(run.correctRate ?? 0, locale) })}
                    </Link>
                  ))}
                </div>
                {v.overrideReason && (
                  <p className="mt-1 whitespace-pre-wrap break-words text-sm text-amber-800" data-testid="version-override-reason">
                    {t("studio.history.overrideReason", { reason: v.overrideReason })}
                  </p>
                )}
                <p className="mt-0.5 text-xs text-muted-foreground">
                  {t("studio.history.byOn", { author: v.authorName ?? t("studio.history.deletedUser"), date: formatDate(v.createdAt) })}
                </p>
              </div>
            </div>
            <Button
              variant="outline"
              size="sm"
              className="self-start sm:self-center"
              onClick={() => {
                setError(null);
                setRestoring(v);
              }}
              data-testid="restore"
            >
              <RotateCcw aria-hidden />
              {t("studio.history.restore")}
            </Button>
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={!!restoring}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={t("studio.history.restoreTitle", { number: restoring?.number ?? 0 })}
        description={versions.draftChanged ? t("studio.history.restoreBodyChanged", { number: restoring?.number ?? 0 }) : t("studio.history.restoreBody", { number: restoring?.number ?? 0 })}
        confirmLabel={t("studio.history.restoreConfirm")}
        pendingLabel={t("studio.history.restoring")}
        pending={restore.isPending}
        error={error}
        stayOpen
        onConfirm={() => restoring && restore.mutate({ versionId: restoring.id })}
        testId="restore-confirm"
      />
    </section>
  );
}
