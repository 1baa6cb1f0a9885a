import { knowledgeSearchInput } from "@atelier/validators";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronDown, Search as SearchIcon } from "lucide-react";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { FormField } from "~/components/form-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { Input, NativeSelect } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC, type SearchResponse, type SourceRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { SensitivityBadge } from "./badges";
import { HeadingPath } from "./heading-path";
import { Highlights } from "./highlights";
import { KnowledgeTabsPage } from "./knowledge-layout";

type LanguageFilter = "" | "fr" | "en";

/**
 * The search playground: the same retrieval the assistants use, over the sources the user may
 * see. The query and filters live in the address, so a search can be shared or reloaded.
 */
export function SearchPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const sourceIds = useMemo(() => (params.get("sources") ?? "").split(",").filter(Boolean), [params]);
  const language = (params.get("lang") ?? "") as LanguageFilter;
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const sources = useQuery(trpc.knowledge.sources.queryOptions());
  const search = useQuery(
    trpc.knowledge.search.queryOptions(
      { query, sourceIds: sourceIds.length ? sourceIds : undefined, languages: language ? [language] : undefined, limit: 20 },
      { enabled: query.trim() !== "", placeholderData: keepPreviousData, staleTime: 0 },
    ),
  );

  const update = (next: { q?: string; sources?: string[]; lang?: LanguageFilter }) => {
    const out = new URLSearchParams(params);
    const set = (key: string, value: string) => (value ? out.set(key, value) : out.delete(key));
    if (next.q !== undefined) set("q", next.q);
    if (next.sources !== undefined) set("sources", next.sources.join(","));
    if (next.lang !== undefined) set("lang", next.lang);
    setParams(out, { replace: next.q === undefined });
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = knowledgeSearchInput.safeParse({ query: text });
    if (!parsed.success) {
      setFieldError(errors.issues(parsed.error.issues).query ?? null);
      return;
    }
    setFieldError(null);
    update({ q: parsed.data.query });
  }

  const byId = new Map((sources.data ?? []).map((s) => [s.id, s]));
  return (
    <KnowledgeTabsPage>
      <search>
        <form onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-lg border bg-card p-4 shadow-sm">
          <FormField id="search-query" label={t("knowledge.search.label")} error={fieldError}>
            <div className="flex gap-2">
              <div className="relative flex-1">
                <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
                <Input
                  id="search-query"
                  type="search"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={t("knowledge.search.placeholder")}
                  aria-invalid={fieldError ? true : undefined}
                  aria-describedby={fieldError ? "search-query-error" : undefined}
                  maxLength={2000}
                  className="h-10 pl-9"
                  autoFocus
                  data-testid="search-input"
                />
              </div>
              <Button type="submit" className="h-10" data-testid="search-submit">
                {t("knowledge.search.submit")}
              </Button>
            </div>
          </FormField>
          <div className="flex flex-wrap items-center gap-2">
            <SourceFilter sources={sources.data ?? []} selected={sourceIds} onChange={(ids) => update({ sources: ids })} />
            <NativeSelect
              value={language}
              onChange={(e) => update({ lang: e.target.value as LanguageFilter })}
              aria-label={t("knowledge.search.language")}
              className="h-8 w-auto text-xs"
              data-testid="search-language"
            >
              <option value="">
                {t("knowledge.search.language")}: {t("knowledge.search.languages.all")}
              </option>
              <option value="fr">
                {t("knowledge.search.language")}: {t("knowledge.search.languages.fr")}
              </option>
              <option value="en">
                {t("knowledge.search.language")}: {t("knowledge.search.languages.en")}
              </option>
            </NativeSelect>
          </div>
        </form>
      </search>

      {query === "" ? (
        <p className="text-sm text-muted-foreground">{t("knowledge.search.intro")}</p>
      ) : search.isPending ? (
        <div className="flex flex-col gap-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      ) : search.isError ? (
        <Alert variant="destructive">{errors.message(search.error)}</Alert>
      ) : (
        <SearchResults response={search.data} sources={byId} />
      )}
    </KnowledgeTabsPage>
  );
}

function SourceFilter({ sources, selected, onChange }: { sources: SourceRow[]; selected: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const label =
    selected.length === 0
      ? t("knowledge.search.allSources")
      : selected.length === 1
        ? (sources.find((s) => s.id === selected[0])?.name ?? t("knowledge.search.oneSource"))
        : t("knowledge.search.someSources", { count: selected.length });
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className="max-w-64" data-testid="search-sources">
          <span className="text-muted-foreground">{t("knowledge.search.sources")}:</span>
          <span className="truncate">{label}</span>
          <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-80 w-72 overflow-y-auto">
        <DropdownMenuItem onSelect={() => onChange([])} disabled={selected.length === 0}>
          {t("knowledge.search.clearSources")}
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        {sources.map((s) => (
          <DropdownMenuCheckboxItem
            key={s.id}
            checked={selected.includes(s.id)}
            onCheckedChange={(on) => toggle(s.id, on === true)}
            onSelect={(e) => e.preventDefault()}
            data-testid="search-source-option"
          >
            <span className="truncate">{s.name}</span>
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function SearchResults({ response, sources }: { response: SearchResponse; sources: Map<string, SourceRow> }) {
  const { t, locale } = useI18n();
  const score = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <section aria-labelledby="results-title" className="flex flex-col gap-3">
      <h2 id="results-title" className="sr-only">
        {t("knowledge.search.results")}
      </h2>
      <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground" data-testid="search-meta">
        <span>{t("knowledge.search.took", { ms: formatCount(Math.round(response.tookMs), locale) })}</span>
        {response.keptWords.length > 0 && <span>{t("knowledge.search.kept", { words: response.keptWords.join(", ") })}</span>}
        {response.droppedWords.length > 0 && <span>{t("knowledge.search.dropped", { words: response.droppedWords.join(", ") })}</span>}
      </p>
      {response.vectorError && <Alert variant="warning">{t("knowledge.search.vectorFallback", { error: response.vectorError })}</Alert>}
      {response.results.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-10 text-center text-sm text-muted-foreground" data-testid="search-empty">
          {t("knowledge.search.empty")}
        </p>
      ) : (
        <ol className="flex flex-col gap-3">
          {response.results.map((r, i) => {
            const source = sources.get(r.sourceId);
            return (
              <li key={r.chunkId} className="flex gap-3 rounded-lg border bg-card p-4 shadow-sm" data-testid="search-result">
                <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-semibold tabular-nums text-muted-foreground">{i + 1}</span>
                <div className="flex min-w-0 flex-1 flex-col gap-1.5">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                    <Link to={`/knowledge/documents/${r.documentId}`} className="min-w-0 break-words font-medium text-primary underline-offset-2 hover:underline">
                      {r.title}
                    </Link>
                    <span className="shrink-0 rounded bg-muted px-1.5 py-0.5 font-mono text-[0.7rem] text-muted-foreground" data-testid="search-score">
                      {t("knowledge.search.score", { score: score.format(r.score) })}
                    </span>
                  </div>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <HeadingPath path={r.headingPath} />
                    {r.page !== null && <span className="text-xs text-muted-foreground">{t("knowledge.search.page", { page: r.page })}</span>}
                  </div>
                  <p className="break-words text-sm leading-relaxed" data-testid="search-snippet">
                    <Highlights snippet={r.highlights} />
                  </p>
                  {source && (
                    <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                      <Link to={`/knowledge/sources/${source.id}`} className="hover:underline">
                        {source.name}
                      </Link>
                      <SensitivityBadge sensitivity={source.sensitivity} />
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
