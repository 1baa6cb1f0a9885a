import { useQuery } from "@tanstack/react-query";
import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Skeleton } from "~/components/ui/skeleton";
import { EditorHeader, VersionStatus } from "~/features/studio/editor-header";
import { useT } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { type AssistantDetail, useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";

/** The assistant of the URL, for the editor's header. */
export function useRouteAssistant() {
  const { assistantId = "" } = useParams();
  const trpc = useTRPC();
  return useQuery(trpc.assistants.byId.queryOptions({ id: assistantId }));
}

export function qualityPath(assistantId: string, rest = "") {
  return `/studio/${assistantId}/quality${rest}`;
}

/** The width-limited content area under the editor's header. */
export function QualityContent({ children }: { children: ReactNode }) {
  return <div className="mx-auto flex w-full min-w-0 max-w-7xl flex-col gap-6 px-4 py-6 sm:px-8">{children}</div>;
}

export function ContentSkeleton() {
  return (
    <QualityContent>
      <Skeleton className="h-32" />
      <Skeleton className="h-64" />
      <Skeleton className="h-48" />
    </QualityContent>
  );
}

/**
 * The Studio editor's header on its "Quality" tab, over one of the Quality pages. An unknown
 * assistant shows the not-found page; one the user may only use says that its editors see this.
 */
export function QualityShell({ children }: { children: (assistant: AssistantDetail) => ReactNode }) {
  const t = useT();
  const errors = useErrors();
  const assistant = useRouteAssistant();
  if (assistant.isError && isNotFound(assistant.error)) return <NotFoundPage />;
  if (assistant.isPending) return <ContentSkeleton />;
  if (assistant.isError) {
    return (
      <QualityContent>
        <Alert variant="destructive">{errors.message(assistant.error)}</Alert>
      </QualityContent>
    );
  }
  const a = assistant.data;
  return (
    <>
      <EditorHeader assistantId={a.id} emoji={a.emoji} title={a.name} tab="quality" status={a.canEdit ? <VersionStatus assistantId={a.id} /> : undefined} />
      {a.canEdit ? (
        children(a)
      ) : (
        <QualityContent>
          <Alert variant="info">{t("quality.readOnly")}</Alert>
        </QualityContent>
      )}
    </>
  );
}

/** "Quality › Suite › Run": where a page sits under the Quality tab. */
export function Breadcrumbs({ items }: { items: { label: string; to?: string }[] }) {
  const t = useT();
  return (
    <nav aria-label={t("quality.breadcrumbs")} className="min-w-0">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
        {items.map((item, i) => (
          <li key={`${i}-${item.label}`} className="flex min-w-0 max-w-full items-center gap-1">
            {i > 0 && <ChevronRight className="size-3.5 shrink-0" aria-hidden />}
            <span className="min-w-0 truncate">
              {item.to ? (
                <Link to={item.to} className="hover:text-foreground hover:underline focus-visible:underline focus-visible:outline-none">
                  {item.label}
                </Link>
              ) : (
                <span aria-current="page" className="font-medium text-foreground">
                  {item.label}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
