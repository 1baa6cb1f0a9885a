import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ExternalLink } from "lucide-react";
import { Link, useParams } from "react-router";
import { Page } from "~/components/page-header";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { safeHttpUrl } from "~/features/chat/citation-refs";
import { useI18n } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { formatCount } from "~/lib/format";
import { useTRPC, type DocumentDetail } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { DocumentStatusBadge, SensitivityBadge } from "./badges";
import { HeadingPath } from "./heading-path";

/** A document's location: a link (opened safely in a new tab) when it is an http(s) URL, else text. */
export function DocumentLocation({ location, className }: { location: string; className?: string }) {
  const url = safeHttpUrl(location);
  if (!location) return <span className={className}>—</span>;
  if (!url) return <span className={`break-all font-mono text-[0.8rem] ${className ?? ""}`}>{location}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className={`inline-flex items-center gap-1 break-all text-primary underline-offset-2 hover:underline ${className ?? ""}`}>
      {location}
      <ExternalLink className="size-3 shrink-0" aria-hidden />
    </a>
  );
}

export function DocumentPage() {
  const { documentId = "" } = useParams();
  const trpc = useTRPC();
  const errors = useErrors();
  const document = useQuery(trpc.knowledge.document.queryOptions({ id: documentId }));
  if (document.isError && isNotFound(document.error)) return <NotFoundPage />;
  return (
    <Page wide>
      {document.isPending ? (
        <div className="flex flex-col gap-4">
          <Skeleton className="h-8 w-40" />
          <Skeleton className="h-32" />
          <Skeleton className="h-48" />
        </div>
      ) : document.isError ? (
        <Alert variant="destructive">{errors.message(document.error)}</Alert>
      ) : (
        <DocumentView document={document.data} />
      )}
    </Page>
  );
}

function DocumentView({ document: d }: { document: DocumentDetail }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Button asChild variant="ghost" size="sm" className="-ml-2 self-start text-muted-foreground">
        <Link to={`/knowledge/sources/${d.source.id}`}>
          <ArrowLeft aria-hidden />
          {d.source.name}
        </Link>
      </Button>
      <Card className="flex flex-col gap-4 p-5 sm:p-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 className="min-w-0 break-words text-2xl font-semibold tracking-tight" data-testid="document-title">
            {d.title}
          </h1>
          <DocumentStatusBadge status={d.status} />
        </div>
        {d.status === "failed" && d.error && (
          <Alert variant="destructive" data-testid="document-error">
            {d.error}
          </Alert>
        )}
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-muted-foreground">{t("knowledge.document.source")}</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <Link to={`/knowledge/sources/${d.source.id}`} className="font-medium text-primary underline-offset-2 hover:underline">
              {d.source.name}
            </Link>
            <SensitivityBadge sensitivity={d.source.sensitivity} />
          </dd>
          <dt className="text-muted-foreground">{t("knowledge.document.location")}</dt>
          <dd className="min-w-0">
            <DocumentLocation location={d.location} />
          </dd>
          {d.status === "indexed" && (
            <>
              <dt className="text-muted-foreground">{t("knowledge.document.language")}</dt>
              <dd>{d.language === "fr" || d.language === "en" ? t(`knowledge.documents.languages.${d.language}`) : d.language}</dd>
            </>
          )}
          {d.pageCount !== null && (
            <>
              <dt className="text-muted-foreground">{t("knowledge.document.pages")}</dt>
              <dd className="tabular-nums">{formatCount(d.pageCount, locale)}</dd>
            </>
          )}
        </dl>
      </Card>

      <section aria-labelledby="passages-title" className="flex flex-col gap-3">
        <div>
          <h2 id="passages-title" className="text-lg font-semibold">
            {t("knowledge.document.passages", { count: formatCount(d.chunks.length, locale) })}
          </h2>
          <p className="text-sm text-muted-foreground">{t("knowledge.document.passagesHelp")}</p>
        </div>
        {d.chunks.length === 0 ? (
          <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground">{t("knowledge.document.noPassages")}</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {d.chunks.map((chunk, i) => (
              <li key={chunk.id} id={`passage-${chunk.id}`} className="rounded-lg border bg-card p-4 shadow-sm" data-testid="document-chunk">
                <div className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="text-xs font-semibold text-muted-foreground tabular-nums">{t("knowledge.document.passage", { n: i + 1 })}</span>
                  <HeadingPath path={chunk.headingPath} />
                  {chunk.page !== null && <span className="text-xs text-muted-foreground">{t("knowledge.document.page", { page: chunk.page })}</span>}
                </div>
                <p className="whitespace-pre-wrap break-words text-sm leading-relaxed">{chunk.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
