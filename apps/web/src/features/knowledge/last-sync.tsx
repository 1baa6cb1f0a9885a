import { AlertCircle } from "lucide-react";
import { useI18n } from "~/i18n";
import { formatRelativeTime } from "~/lib/format";
import { cn } from "~/lib/utils";
import { JobStatusBadge } from "./badges";

/** When a source last synced and how it ended; a failed sync shows its reason. */
export function LastSync({
  source,
  className,
}: {
  source: { lastSyncAt: Date | null; lastSyncStatus: "done" | "failed" | "cancelled" | null; lastSyncError: string | null };
  className?: string;
}) {
  const { t, locale, formatDate } = useI18n();
  if (!source.lastSyncAt || !source.lastSyncStatus) return <span className={cn("text-sm text-muted-foreground", className)}>{t("knowledge.sync.never")}</span>;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <div className="flex flex-wrap items-center gap-2">
        <JobStatusBadge status={source.lastSyncStatus} />
        <time dateTime={new Date(source.lastSyncAt).toISOString()} title={formatDate(source.lastSyncAt)} className="text-xs text-muted-foreground">
          {formatRelativeTime(source.lastSyncAt, locale)}
        </time>
      </div>
      {source.lastSyncStatus === "failed" && source.lastSyncError && (
        <p className="flex items-start gap-1 text-xs text-destructive" title={source.lastSyncError}>
          <AlertCircle className="mt-0.5 size-3 shrink-0" aria-hidden />
          <span className="line-clamp-2 break-words">{source.lastSyncError}</span>
        </p>
      )}
    </div>
  );
}
