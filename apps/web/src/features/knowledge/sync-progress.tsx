import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { cn } from "~/lib/utils";

/** The part of a sync job a progress bar needs. */
export interface ActiveJob {
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  phase: "listing" | "parsing" | "chunking" | "indexing" | null;
  processedItems: number;
  totalItems: number;
}

/**
 * A sync in progress: its phase and "processed / total" over a bar. Queued, or while the total
 * is not known yet, the bar is indeterminate.
 */
export function SyncProgress({ job, className }: { job: ActiveJob; className?: string }) {
  const { t, locale } = useI18n();
  const queued = job.status === "queued";
  const known = !queued && job.totalItems > 0;
  const percent = known ? Math.min(100, Math.round((job.processedItems / job.totalItems) * 100)) : null;
  const label = queued ? t("knowledge.sync.waiting") : job.phase ? t(`knowledge.sync.phases.${job.phase}`) : t("knowledge.sync.status.running");
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)} data-testid="source-progress" data-status={job.status}>
      <div className="flex items-center justify-between gap-2 text-xs">
        <span className="truncate font-medium text-primary">{label}</span>
        {known && (
          <span className="shrink-0 tabular-nums text-muted-foreground">
            {t("knowledge.sync.progress", { processed: formatCount(job.processedItems, locale), total: formatCount(job.totalItems, locale) })}
          </span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={t("knowledge.sync.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={known ? job.totalItems : undefined}
        aria-valuenow={known ? job.processedItems : undefined}
        aria-valuetext={label}
        className="relative h-1.5 w-full overflow-hidden rounded-full bg-primary/15"
      >
        {percent === null ? (
          <div className="absolute inset-y-0 w-1/3 animate-[atelier-indeterminate_1.4s_ease-in-out_infinite] rounded-full bg-primary/70" />
        ) : (
          <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${Math.max(percent, 2)}%` }} />
        )}
      </div>
    </div>
  );
}
