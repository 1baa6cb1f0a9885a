import { useI18n } from "~/i18n";
import { formatCount, formatDuration, formatRelativeTime } from "~/lib/format";
import type { SyncJob } from "~/lib/trpc";
import { JobStatusBadge } from "./badges";

/** The recent syncs of a source: when, why, how they ended, what they did and how long they took. */
export function JobsSection({ jobs }: { jobs: SyncJob[] }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <section aria-labelledby="jobs-title" className="flex flex-col gap-3">
      <h2 id="jobs-title" className="text-lg font-semibold">
        {t("knowledge.jobs.title")}
      </h2>
      {jobs.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-6 text-center text-sm text-muted-foreground">{t("knowledge.jobs.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card shadow-sm">
          <table className="w-full min-w-[40rem] text-sm">
            <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.jobs.started")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.jobs.trigger")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.jobs.status")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("knowledge.jobs.counts")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("knowledge.jobs.duration")}</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {jobs.map((job) => {
                const started = job.startedAt ?? job.createdAt;
                const duration = job.startedAt && job.finishedAt ? new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime() : null;
                return (
                  <tr key={job.id} className="align-top" data-testid="job-row" data-status={job.status}>
                    <td className="whitespace-nowrap px-3 py-2.5">
                      <time dateTime={new Date(started).toISOString()} title={formatDate(started)}>
                        {formatRelativeTime(started, locale)}
                      </time>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2.5">{t(`knowledge.jobs.triggers.${job.trigger}`)}</td>
                    <td className="max-w-72 px-3 py-2.5">
                      <JobStatusBadge status={job.status} />
                      {job.error && <p className="mt-1 break-words text-xs text-destructive">{job.error}</p>}
                    </td>
                    <td className="px-3 py-2.5 text-xs text-muted-foreground tabular-nums">
                      {t("knowledge.jobs.countsLine", {
                        indexed: formatCount(job.indexedItems, locale),
                        unchanged: formatCount(job.unchangedItems, locale),
                        failed: formatCount(job.failedItems, locale),
                        removed: formatCount(job.deletedItems, locale),
                      })}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2.5 text-right tabular-nums">{duration === null ? "—" : formatDuration(duration, locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
