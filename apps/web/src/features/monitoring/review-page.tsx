import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ClipboardCheck, ListPlus, Rows3, SquareStack } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Skeleton } from "~/components/ui/skeleton";
import { useNotice } from "~/features/quality/notice";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { AgreementPanel } from "./agreement";
import { LiveGradingCard } from "./live-grading-card";
import { MonitoringLayout, QueryError } from "./monitoring-shell";
import { type Reviewed, RevealCard, ReviewCard, ReviewedCard } from "./review-card";
import { Segmented } from "./segmented";
import type { ReviewStatus } from "./types";

const FILL_SIZE = 20;
/** The reviewed answers counted in the agreement panel (the queue's longest page). */
const COUNT_LIMIT = 200;
const statuses = ["pending", "reviewed", "skipped"] as const satisfies readonly ReviewStatus[];

/** The review queue: pick an assistant, fill its queue, review answers one by one or as a list, see the judge's agreement. */
export function ReviewPage() {
  const { t } = useI18n();
  return (
    <MonitoringLayout subtitle={t("monitoring.review.subtitle")}>
      <ReviewView />
    </MonitoringLayout>
  );
}

function ReviewView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const assistants = useQuery(trpc.monitoring.overview.queryOptions({}));
  if (assistants.isPending) return <Skeleton className="h-64" />;
  if (assistants.isError) return <QueryError error={assistants.error} />;
  if (assistants.data.assistants.length === 0) {
    return (
      <EmptyState icon={ClipboardCheck} title={t("monitoring.review.noAssistantTitle")}>
        {t("monitoring.review.noAssistantBody")}
      </EmptyState>
    );
  }
  return <ReviewWorkspace assistants={assistants.data.assistants.map((a) => ({ id: a.assistantId, name: a.name, emoji: a.emoji }))} />;
}

function ReviewWorkspace({ assistants }: { assistants: { id: string; name: string; emoji: string }[] }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const { notice, show } = useNotice();
  const [params, setParams] = useSearchParams();
  const sorted = [...assistants].sort((a, b) => a.name.localeCompare(b.name));
  const wanted = params.get("assistant");
  const assistantId = sorted.some((a) => a.id === wanted) ? wanted! : sorted[0]!.id;
  const status: ReviewStatus = statuses.find((s) => s === params.get("status")) ?? "pending";
  const [mode, setMode] = useState<"one" | "list">("one");
  const [reviewed, setReviewed] = useState<Reviewed | null>(null);
  const setParam = (key: string, value: string | null) => {
    setReviewed(null);
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  };

  const queue = useQuery(trpc.review.queue.queryOptions({ assistantId, status, limit: 50 }, { staleTime: 0 }));
  const pendingCount = useQuery(trpc.review.queue.queryOptions({ assistantId, status: "pending", limit: COUNT_LIMIT }, { staleTime: 0 }));
  const reviewedCount = useQuery(trpc.review.queue.queryOptions({ assistantId, status: "reviewed", limit: COUNT_LIMIT }, { staleTime: 0 }));
  const count = (n: number | undefined) => (n === undefined ? null : n);
  const fill = useMutation(
    trpc.review.fill.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
        show(
          result.added === 0
            ? t("monitoring.review.filledNone")
            : t("monitoring.review.filled", {
                added: formatCount(result.added, locale),
                down: formatCount(result.byReason.thumbs_down, locale),
                low: formatCount(result.byReason.low_groundedness, locale),
                sample: formatCount(result.byReason.sample, locale),
              }),
        );
      },
    }),
  );
  const items = queue.data ?? [];
  const current = items[0];

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]" data-testid="review-page">
      <div className="flex min-w-0 flex-col gap-4">
        <div className="flex flex-col gap-3 rounded-lg border bg-card p-4 sm:flex-row sm:items-end">
          <div className="flex min-w-0 flex-1 flex-col gap-1.5">
            <Label htmlFor="review-assistant">{t("monitoring.review.assistant")}</Label>
            <NativeSelect id="review-assistant" value={assistantId} onChange={(e) => setParam("assistant", e.target.value)} data-testid="review-assistant">
              {sorted.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.emoji} {a.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button onClick={() => fill.mutate({ assistantId, size: FILL_SIZE })} disabled={fill.isPending} data-testid="review-fill">
            <ListPlus aria-hidden />
            {fill.isPending ? t("monitoring.review.filling") : t("monitoring.review.fill")}
          </Button>
        </div>
        <p className="text-xs text-muted-foreground">{t("monitoring.review.fillHelp", { size: FILL_SIZE })}</p>
        {fill.isError && <Alert variant="destructive">{errors.message(fill.error)}</Alert>}

        <div className="flex flex-wrap items-center justify-between gap-2">
          <Segmented
            legend={t("monitoring.review.statusLabel")}
            options={statuses.map((s) => {
              const n = s === "pending" ? count(pendingCount.data?.length) : s === "reviewed" ? count(reviewedCount.data?.length) : null;
              return {
                value: s,
                label: (
                  <>
                    {t(`monitoring.review.statuses.${s}`)}
                    {n !== null && <span className="tabular-nums text-xs text-muted-foreground">{n >= COUNT_LIMIT ? `${COUNT_LIMIT}+` : n}</span>}
                  </>
                ),
              };
            })}
            value={status}
            onChange={(s) => setParam("status", s === "pending" ? null : s)}
            testIdPrefix="review-status"
          />
          {status === "pending" && (
            <Segmented
              legend={t("monitoring.review.modeLabel")}
              options={(["one", "list"] as const).map((m) => {
                const Icon = m === "one" ? SquareStack : Rows3;
                return {
                  value: m,
                  label: (
                    <>
                      <Icon aria-hidden />
                      {t(`monitoring.review.modes.${m}`)}
                    </>
                  ),
                };
              })}
              value={mode}
              onChange={setMode}
              testIdPrefix="review-mode"
            />
          )}
        </div>

        {reviewed && (
          <RevealCard
            reviewed={reviewed}
            onNext={() => setReviewed(null)}
            nextLabel={status === "pending" && mode === "one" && current ? t("monitoring.review.next") : t("common.close")}
          />
        )}

        {queue.isPending ? (
          <Skeleton className="h-64" />
        ) : queue.isError ? (
          <QueryError error={queue.error} />
        ) : items.length === 0 ? (
          !reviewed && (
            <p className="rounded-lg border border-dashed px-4 py-10 text-center text-sm text-muted-foreground" data-testid="review-empty">
              {t(`monitoring.review.empty.${status}`)}
            </p>
          )
        ) : status === "pending" ? (
          mode === "one" ? (
            !reviewed && (
              <div className="flex flex-col gap-2">
                <p className="text-xs text-muted-foreground" aria-live="polite">
                  {t("monitoring.review.position", { count: formatCount(pendingCount.data?.length ?? items.length, locale) })}
                </p>
                <ReviewCard key={current!.messageId} item={current!} onReviewed={setReviewed} />
              </div>
            )
          ) : (
            <ul className="flex flex-col gap-3">
              {items.map((item) => (
                <li key={item.messageId}>
                  <ReviewCard item={item} onReviewed={setReviewed} />
                </li>
              ))}
            </ul>
          )
        ) : status === "reviewed" ? (
          <ul className="flex flex-col gap-3">
            {items.map((item) => (
              <li key={item.messageId}>
                <ReviewedCard item={item} />
              </li>
            ))}
          </ul>
        ) : (
          <ul className="flex flex-col gap-3">
            {items.map((item) => (
              <li key={item.messageId}>
                <ReviewCard item={item} onReviewed={setReviewed} canSkip={false} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <aside className="flex min-w-0 flex-col gap-4" aria-label={t("monitoring.review.side")}>
        <AgreementPanel assistantId={assistantId} reviewed={count(reviewedCount.data?.length)} />
        <LiveGradingCard />
      </aside>
      {notice}
    </div>
  );
}
