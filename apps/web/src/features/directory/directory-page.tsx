import { useQuery } from "@tanstack/react-query";
import { Bot, MessagesSquare, Search, Wand2 } from "lucide-react";
import { useDeferredValue } from "react";
import { Link, useSearchParams } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { ModelTag } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { VisibilityBadge } from "~/features/studio/visibility-badge";
import { useI18n } from "~/i18n";
import { useTRPC, type AssistantSummary } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { searchAssistants } from "./search-assistants";

/** Where a chat with this assistant starts: the Chat's new-conversation page with it selected. */
export const chatWith = (assistantId: string) => `/chat/new?assistant=${assistantId}`;

/** The assistants directory: every assistant the user may chat with, searchable. */
export function DirectoryPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const deferred = useDeferredValue(query);
  const assistants = useQuery(trpc.assistants.list.queryOptions());
  const found = assistants.data ? searchAssistants(assistants.data, deferred) : [];

  return (
    <Page wide>
      <PageHeader title={t("directory.title")} subtitle={t("directory.subtitle")} />
      <div className="relative max-w-xl">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <label htmlFor="directory-search" className="sr-only">
          {t("directory.searchLabel")}
        </label>
        <Input
          id="directory-search"
          type="search"
          value={query}
          onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
          placeholder={t("directory.searchPlaceholder")}
          className="h-10 pl-9"
          autoComplete="off"
          data-testid="directory-search"
        />
      </div>
      {assistants.isPending ? (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} className="h-52" />
          ))}
        </div>
      ) : assistants.isError ? (
        <Alert variant="destructive">{errors.message(assistants.error)}</Alert>
      ) : assistants.data.length === 0 ? (
        <EmptyState
          icon={Bot}
          title={t("directory.emptyTitle")}
          action={
            user.role !== "member" && (
              <Button asChild>
                <Link to="/studio">
                  <Wand2 aria-hidden />
                  {t("chat.goToStudio")}
                </Link>
              </Button>
            )
          }
        >
          {user.role === "member" ? t("directory.emptyMember") : t("directory.emptyBuilder")}
        </EmptyState>
      ) : found.length === 0 ? (
        <EmptyState icon={Search} title={t("directory.noMatchTitle")} action={<Button variant="outline" onClick={() => setParams({}, { replace: true })}>{t("directory.clearSearch")}</Button>}>
          {t("directory.noMatchBody", { query })}
        </EmptyState>
      ) : (
        <>
          <p className="-mt-2 text-sm text-muted-foreground" aria-live="polite" data-testid="directory-count">
            {found.length === 1 ? t("directory.countOne") : t("directory.count", { count: found.length })}
          </p>
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {found.map((a) => (
              <li key={a.id}>
                <DirectoryCard assistant={a} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

/** Reserved for the accuracy badge measured by evaluations (not shown yet). */
function AccuracySlot(_props: { assistantId: string }) {
  return null;
}

function DirectoryCard({ assistant: a }: { assistant: AssistantSummary }) {
  const { t } = useI18n();
  return (
    <Card className="flex h-full flex-col gap-3 p-5" data-testid="directory-card" data-name={a.name}>
      <div className="flex items-start gap-3">
        <span className="flex size-11 shrink-0 items-center justify-center rounded-lg bg-muted text-2xl" aria-hidden>
          {a.emoji}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">{a.name}</h2>
          <p className="truncate text-xs text-muted-foreground">{t("studio.owner", { name: a.ownerName })}</p>
        </div>
        <AccuracySlot assistantId={a.id} />
      </div>
      <p className="line-clamp-3 min-h-10 text-sm text-muted-foreground">{a.description || t("directory.noDescription")}</p>
      <div className="mt-auto flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <VisibilityBadge visibility={a.visibility} teamName={a.teamName} />
        </div>
        {a.model ? <ModelTag model={a.model} /> : <span className="text-xs text-muted-foreground">{t("studio.noModel")}</span>}
      </div>
      <div className="flex justify-end border-t pt-3">
        <Button asChild size="sm">
          <Link to={chatWith(a.id)} data-testid="directory-chat" aria-label={t("directory.chatWith", { name: a.name })}>
            <MessagesSquare aria-hidden />
            {t("directory.chat")}
          </Link>
        </Button>
      </div>
    </Card>
  );
}
