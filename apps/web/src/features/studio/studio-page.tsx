import { useQuery } from "@tanstack/react-query";
import { MessagesSquare, Plus, Wand2 } from "lucide-react";
import { Link } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { Alert } from "~/components/ui/alert";
import { ModelTag } from "~/components/sovereignty-badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useI18n } from "~/i18n";
import { formatCount, formatEur } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { VisibilityBadge } from "./visibility-badge";

export function StudioPage() {
  const user = useUser();
  const { t } = useI18n();
  const isBuilder = user.role !== "member";
  return (
    <Page wide>
      <PageHeader
        title={t("studio.title")}
        subtitle={t("studio.subtitle")}
        actions={
          isBuilder && (
            <Button asChild>
              <Link to="/studio/new" data-testid="new-assistant">
                <Plus aria-hidden />
                {t("studio.newAssistant")}
              </Link>
            </Button>
          )
        }
      />
      {isBuilder ? (
        <AssistantList />
      ) : (
        <EmptyState icon={Wand2} title={t("studio.membersOnlyTitle")} action={<Button asChild variant="outline"><Link to="/chat">{t("notFound.home")}</Link></Button>}>
          {t("studio.membersOnlyBody")}
        </EmptyState>
      )}
    </Page>
  );
}

function AssistantList() {
  const { t, formatDay, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const list = useQuery(trpc.assistants.listEditable.queryOptions());

  if (list.isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-40" />
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
          <Button asChild>
            <Link to="/studio/new">
              <Plus aria-hidden />
              {t("studio.newAssistant")}
            </Link>
          </Button>
        }
      >
        {t("studio.emptyBody")}
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {list.data.map((a) => (
        <li key={a.id}>
          <Card data-testid="assistant-card" className="group relative flex h-full flex-col gap-3 p-5 transition-shadow hover:shadow-md">
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
                <Link to={`/chat?assistant=${a.id}`}>
                  <MessagesSquare aria-hidden />
                  {t("studio.chatWithIt")}
                </Link>
              </Button>
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
