import { useQuery } from "@tanstack/react-query";
import { Library, Pause, Plus } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC, type SourceRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { SensitivityBadge, SourceKindIcon, TeamLabel } from "./badges";
import { KnowledgeTabsPage } from "./knowledge-layout";
import { LastSync } from "./last-sync";
import { SourceDialog } from "./source-dialog";
import { SyncProgress } from "./sync-progress";

/** Polls every second while a sync is queued or running, and not otherwise. */
export const pollWhileSyncing = (query: { state: { data?: readonly { activeJob: unknown }[] } }) => (query.state.data?.some((s) => s.activeJob) ? 1000 : false);

function NewSourceButton({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  return (
    <Button onClick={onClick} data-testid="new-source">
      <Plus aria-hidden />
      {t("knowledge.newSource")}
    </Button>
  );
}

export function SourcesPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const sources = useQuery(trpc.knowledge.sources.queryOptions(undefined, { staleTime: 0, refetchInterval: pollWhileSyncing }));
  const [creating, setCreating] = useState(false);

  return (
    <KnowledgeTabsPage actions={<NewSourceButton onClick={() => setCreating(true)} />}>
      {sources.isPending ? (
        <div className="flex flex-col gap-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </div>
      ) : sources.isError ? (
        <Alert variant="destructive">{errors.message(sources.error)}</Alert>
      ) : sources.data.length === 0 ? (
        <EmptyState icon={Library} title={t("knowledge.emptyTitle")} action={<NewSourceButton onClick={() => setCreating(true)} />}>
          {t("knowledge.emptyBody")}
        </EmptyState>
      ) : (
        <SourceList sources={sources.data} />
      )}
      {creating && <SourceDialog onClose={() => setCreating(false)} />}
    </KnowledgeTabsPage>
  );
}

const columns = "md:grid md:grid-cols-[minmax(0,2fr)_minmax(9.5rem,1.1fr)_7.5rem_7rem_minmax(0,1.5fr)] md:items-center md:gap-4";

function SourceList({ sources }: { sources: SourceRow[] }) {
  const { t } = useI18n();
  return (
    <section aria-label={t("knowledge.table.caption")} className="overflow-hidden rounded-lg border bg-card shadow-sm">
      <div className={cn("hidden border-b bg-muted/40 px-4 py-2 text-xs font-medium text-muted-foreground", columns)} aria-hidden>
        <span>{t("knowledge.table.source")}</span>
        <span>{t("knowledge.table.team")}</span>
        <span>{t("knowledge.table.sensitivity")}</span>
        <span>{t("knowledge.table.documents")}</span>
        <span>{t("knowledge.table.lastSync")}</span>
      </div>
      <ul className="divide-y">
        {sources.map((s) => (
          <SourceListRow key={s.id} source={s} />
        ))}
      </ul>
    </section>
  );
}

function SourceListRow({ source }: { source: SourceRow }) {
  const { t, locale } = useI18n();
  return (
    <li
      className={cn("relative flex flex-col gap-3 px-4 py-3.5 transition-colors hover:bg-muted/40", columns)}
      data-testid="source-row"
      data-source={source.name}
    >
      <div className="flex min-w-0 items-center gap-3">
        <SourceKindIcon kind={source.kind} />
        <div className="min-w-0">
          <div className="flex min-w-0 items-center gap-2">
            <Link
              to={`/knowledge/sources/${source.id}`}
              className="truncate font-medium after:absolute after:inset-0 focus-visible:outline-none focus-visible:underline"
            >
              {source.name}
            </Link>
            {source.paused && (
              <Badge variant="secondary" className="shrink-0">
                <Pause aria-hidden />
                {t("knowledge.sync.paused")}
              </Badge>
            )}
          </div>
          <p className="truncate text-xs text-muted-foreground">{source.description || t(`knowledge.kinds.${source.kind}`)}</p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 md:contents">
        <TeamLabel teamName={source.teamName} className="text-muted-foreground md:text-foreground" />
        <div>
          <SensitivityBadge sensitivity={source.sensitivity} />
        </div>
        <div className="flex items-baseline gap-2 text-sm tabular-nums">
          <span className="md:hidden">
            {source.documentCount === 1 ? t("studio.sourceDocumentsOne") : t("studio.sourceDocuments", { count: formatCount(source.documentCount, locale) })}
          </span>
          <span className="hidden md:inline">{formatCount(source.documentCount, locale)}</span>
          {source.failedCount > 0 && (
            <span className="font-medium text-destructive" data-testid="source-failed">
              {t("knowledge.table.failedCount", { count: formatCount(source.failedCount, locale) })}
            </span>
          )}
        </div>
      </div>
      <div className="min-w-0">{source.activeJob ? <SyncProgress job={source.activeJob} /> : <LastSync source={source} />}</div>
    </li>
  );
}
