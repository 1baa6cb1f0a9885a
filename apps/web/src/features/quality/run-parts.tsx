import { AgreementNote } from "../monitoring/agreement";
import { CircleAlert, CircleCheck, CircleDashed, CircleX, Loader2 } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { useI18n } from "~/i18n";
import { formatCount, formatRelativeTime } from "~/lib/format";
import { cn } from "~/lib/utils";
import { formatInterval, formatPercent, isActiveRun, type RunStatus } from "./rates";
import type { Outcome } from "./run-filters";

/** A run's version label as people read it: "v3", or "draft" in their language. */
export function useVersionLabel() {
  const { t } = useI18n();
  return (label: string) => (label === "draft" ? t("quality.draftLabel") : label);
}

/** The part of a run summary the headline reads. */
export interface HeadlineRun {
  status: RunStatus;
  correctRate: number | null;
  rateLow: number | null;
  rateHigh: number | null;
  passed: number;
  completed: number;
  total: number;
  versionLabel: string;
  finishedAt: Date | null;
  createdAt: Date;
}

/** "78 % (64–88 %)" in large type, then "33 of 42 cases · v2 · 3 minutes ago". */
export function RateHeadline({ run, size = "lg", showMeta = true }: { run: HeadlineRun; size?: "lg" | "xl"; showMeta?: boolean }) {
  const { t, locale } = useI18n();
  const version = useVersionLabel();
  if (run.correctRate === null) return null;
  const hasInterval = run.rateLow !== null && run.rateHigh !== null;
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid="rate-headline" data-rate={run.correctRate}>
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span className={cn("font-semibold tabular-nums tracking-tight", size === "xl" ? "text-5xl" : "text-4xl")} data-testid="rate-value">
          {formatPercent(run.correctRate, locale)}
        </span>
        {hasInterval && (
          <span className="text-base tabular-nums text-muted-foreground" title={t("quality.headline.intervalHelp")} data-testid="rate-interval">
            ({formatInterval(run.rateLow!, run.rateHigh!, locale)})
          </span>
        )}
      </p>
      {showMeta && (
        <p className="text-sm text-muted-foreground">
          {t("quality.headline.cases", { passed: formatCount(run.passed, locale), total: formatCount(run.completed || run.total, locale) })}
          {" · "}
          <span className="font-mono text-xs">{version(run.versionLabel)}</span>
          {" · "}
          {formatRelativeTime(run.finishedAt ?? run.createdAt, locale)}
        </p>
      )}
      {hasInterval && <p className="sr-only">{t("quality.headline.intervalHelp")}</p>}
    </div>
  );
}

/** A run in progress: "12 of 42 cases" over a bar (indeterminate while it waits to start). */
export function RunProgress({ run, className }: { run: { status: RunStatus; completed: number; total: number }; className?: string }) {
  const { t, locale } = useI18n();
  const queued = run.status === "queued";
  const percent = run.total > 0 ? Math.min(100, Math.round((run.completed / run.total) * 100)) : 0;
  const label = queued ? t("quality.progress.waiting") : t("quality.progress.running", { completed: formatCount(run.completed, locale), total: formatCount(run.total, locale) });
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)} data-testid="run-progress" data-status={run.status}>
      <span className="truncate text-xs font-medium text-primary">{label}</span>
      <div
        role="progressbar"
        aria-label={t("quality.progress.label")}
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={queued ? undefined : run.completed}
        aria-valuetext={label}
        className="relative h-1.5 w-full overflow-hidden rounded-full bg-primary/15"
      >
        {queued ? (
          <div className="absolute inset-y-0 w-1/3 animate-[atelier-indeterminate_1.4s_ease-in-out_infinite] rounded-full bg-primary/70" />
        ) : (
          <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${Math.max(percent, 2)}%` }} />
        )}
      </div>
    </div>
  );
}

const statusVariants = { queued: "secondary", running: "default", done: "success", failed: "destructive", cancelled: "secondary" } as const;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useI18n();
  return (
    <Badge variant={statusVariants[status]} data-testid="run-status" data-status={status}>
      {isActiveRun(status) && <Loader2 className="animate-spin" aria-hidden />}
      {t(`quality.status.${status}`)}
    </Badge>
  );
}

/** The pass / fail / error mark of one case. */
export function OutcomeIcon({ outcome, className }: { outcome: Outcome; className?: string }) {
  const { t } = useI18n();
  const Icon = { passed: CircleCheck, failed: CircleX, error: CircleAlert, pending: CircleDashed }[outcome];
  const color = { passed: "text-success", failed: "text-destructive", error: "text-amber-700", pending: "text-muted-foreground" }[outcome];
  return (
    <span className={cn("inline-flex shrink-0", color, className)} title={t(`quality.outcome.${outcome}`)}>
      <Icon className="size-4" aria-hidden />
      <span className="sr-only">{t(`quality.outcome.${outcome}`)}</span>
    </span>
  );
}

/** What counts as a correct answer: the judge's verdict, or the deterministic rules. */
/** What "correct" means for these figures; for judge-graded ones, how far the judge agrees with human reviewers. */
export function DefinitionNote({ judged, assistantId, className }: { judged: boolean; assistantId?: string; className?: string }) {
  const { t } = useI18n();
  return (
    <div className={cn("flex flex-col gap-1 rounded-md border border-dashed bg-muted/30 px-3 py-2 text-xs text-muted-foreground", className)} data-testid="definition">
      <p>
        <span className="font-medium text-foreground">{t("quality.definitionTitle")}</span> {judged ? t("quality.definition.judge") : t("quality.definition.deterministic")}
      </p>
      {judged && assistantId && <AgreementNote assistantId={assistantId} />}
    </div>
  );
}
