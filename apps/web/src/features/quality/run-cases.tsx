import { ChevronDown, FileText, Search } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Input, NativeSelect } from "~/components/ui/input";
import { MarkdownContent } from "~/features/chat/markdown";
import { useI18n } from "~/i18n";
import { formatCount, formatDuration } from "~/lib/format";
import { cn } from "~/lib/utils";
import { formatMicroEur } from "./rates";
import { filterResults, type OutcomeFilter, outcomeCounts, outcomeFilters, outcomeOf, shortText, tagsOf } from "./run-filters";
import { OutcomeIcon } from "./run-parts";
import type { CaseScores, RunResult } from "./types";

/** The cases of a run with filters: outcome, tag and search; each opens on its answer and grades. */
export function RunCases({ results }: { results: RunResult[] }) {
  const { t, locale } = useI18n();
  const [outcome, setOutcome] = useState<OutcomeFilter>("all");
  const [tag, setTag] = useState("");
  const [search, setSearch] = useState("");
  const counts = outcomeCounts(results);
  const tags = tagsOf(results);
  const shown = filterResults(results, { outcome, tag, search });
  return (
    <section aria-labelledby="run-cases-title" className="flex min-w-0 flex-col gap-3" data-testid="run-cases">
      <h3 id="run-cases-title" className="font-semibold">
        {t("quality.runCases.title")}
      </h3>
      <div className="flex flex-col gap-2 lg:flex-row lg:items-center lg:justify-between">
        <fieldset className="flex flex-wrap gap-1 rounded-lg border bg-muted/40 p-1">
          <legend className="sr-only">{t("quality.runCases.outcomeFilter")}</legend>
          {outcomeFilters.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={outcome === f}
              onClick={() => setOutcome(f)}
              className={cn(
                "inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                outcome === f ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
              )}
              data-testid={`run-filter-${f}`}
            >
              {t(`quality.runCases.filters.${f}`)}
              <span className="tabular-nums text-xs text-muted-foreground">{formatCount(counts[f], locale)}</span>
            </button>
          ))}
        </fieldset>
        <div className="flex flex-col gap-2 sm:flex-row">
          {tags.length > 0 && (
            <NativeSelect value={tag} onChange={(e) => setTag(e.target.value)} aria-label={t("quality.runCases.tagFilter")} className="sm:w-44" data-testid="run-tag-filter">
              <option value="">{t("quality.runCases.allTags")}</option>
              {tags.map((tg) => (
                <option key={tg} value={tg}>
                  {tg}
                </option>
              ))}
            </NativeSelect>
          )}
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t("quality.runCases.search")}
              aria-label={t("quality.runCases.search")}
              className="pl-8 sm:w-64"
              data-testid="run-case-search"
            />
          </div>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground" data-testid="run-cases-empty">
          {results.length === 0 ? t("quality.runCases.none") : t("quality.runCases.noMatch")}
        </p>
      ) : (
        <ul className="flex flex-col divide-y rounded-lg border bg-card shadow-sm">
          {shown.map((r) => (
            <RunCase key={r.id} result={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RunCase({ result: r }: { result: RunResult }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const outcome = outcomeOf(r);
  return (
    <li data-testid="run-case" data-outcome={outcome} data-open={open}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full min-w-0 items-start gap-3 px-4 py-3 text-left hover:bg-muted/50 focus-visible:bg-muted/50 focus-visible:outline-none"
        data-testid="run-case-toggle"
      >
        <OutcomeIcon outcome={outcome} className="mt-0.5" />
        <span className="flex min-w-0 flex-1 flex-col gap-0.5">
          <span className="break-words text-sm font-medium">{r.question}</span>
          <span className="truncate text-xs text-muted-foreground">
            {r.status === "error" ? r.error : r.status === "pending" ? t("quality.runCases.pending") : shortText(r.answer) || t("quality.runCases.noAnswer")}
          </span>
        </span>
        <ChevronDown className={cn("mt-0.5 size-4 shrink-0 text-muted-foreground transition-transform", open && "rotate-180")} aria-hidden />
      </button>
      {open && (
        <div id={panelId} className="flex min-w-0 flex-col gap-4 border-t bg-muted/20 px-4 py-4 sm:pl-11" data-testid="run-case-details">
          <CaseDetails result={r} />
        </div>
      )}
    </li>
  );
}

function Block({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5" data-testid={testId}>
      <h4 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{title}</h4>
      {children}
    </div>
  );
}

function CaseDetails({ result: r }: { result: RunResult }) {
  const { t, locale } = useI18n();
  return (
    <>
      <div className="grid min-w-0 gap-4 lg:grid-cols-2">
        <Block title={t("quality.runCases.answer")} testId="case-answer">
          {r.answer ? (
            <div className="min-w-0 rounded-md border bg-card p-3">
              <MarkdownContent text={r.answer} />
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">{r.status === "pending" ? t("quality.runCases.pending") : t("quality.runCases.noAnswer")}</p>
          )}
        </Block>
        <Block title={t("quality.runCases.reference")} testId="case-reference">
          {r.expectAbstention ? (
            <div>
              <Badge variant="secondary">{t("quality.cases.shouldAbstain")}</Badge>
            </div>
          ) : (
            <p className="whitespace-pre-wrap break-words rounded-md border bg-card p-3 text-sm">{r.referenceAnswer}</p>
          )}
          {r.expectedSources.length > 0 && (
            <p className="text-xs text-muted-foreground">
              {t("quality.runCases.expectedSources")} <span className="font-mono">{r.expectedSources.join(", ")}</span>
            </p>
          )}
          {r.tags.length > 0 && (
            <div className="flex flex-wrap gap-1">
              {r.tags.map((tag) => (
                <Badge key={tag} variant="outline">
                  {tag}
                </Badge>
              ))}
            </div>
          )}
        </Block>
      </div>
      {r.error && (
        <Block title={t("quality.runCases.error")}>
          <p className="text-sm text-destructive" data-testid="case-error">
            {r.error}
          </p>
        </Block>
      )}
      {r.scores && <Scores scores={r.scores} />}
      {r.passages && r.passages.length > 0 && (
        <Block title={t("quality.runCases.passages", { count: r.passages.length })}>
          <ol className="flex flex-col gap-2">
            {r.passages.map((p) =>
              p.hidden ? (
                <li key={`${p.ref}-hidden`} className="min-w-0 rounded-md border border-dashed p-3 text-sm text-muted-foreground" data-testid="passage-hidden">
                  <span className="mr-1.5 rounded bg-muted px-1.5 font-mono text-xs">{p.ref}</span>
                  {t("quality.runCases.hiddenPassage")}
                </li>
              ) : (
              <li key={`${p.ref}-${p.chunkId}`} className="min-w-0 rounded-md border bg-card p-3 text-sm">
                <p className="flex min-w-0 items-center gap-1.5 font-medium">
                  <span className="rounded bg-muted px-1.5 font-mono text-xs">{p.ref}</span>
                  <FileText className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
                  <span className="truncate">{p.title}</span>
                </p>
                <p className="mt-0.5 truncate font-mono text-xs text-muted-foreground" title={p.location}>
                  {[...p.headingPath, p.page === null ? null : t("quality.runCases.page", { page: p.page })].filter(Boolean).join(" › ") || p.location}
                </p>
                <p className="mt-1.5 whitespace-pre-wrap break-words text-muted-foreground">{p.excerpt}</p>
              </li>
              ),
            )}
          </ol>
        </Block>
      )}
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted-foreground">
        <div className="flex gap-1">
          <dt>{t("quality.runCases.latency")}</dt>
          <dd className="tabular-nums text-foreground">{r.latencyMs === null ? "—" : formatDuration(r.latencyMs, locale)}</dd>
        </div>
        <div className="flex gap-1">
          <dt>{t("quality.runCases.tokens")}</dt>
          <dd className="tabular-nums text-foreground">
            {r.inputTokens === null ? "—" : `${formatCount(r.inputTokens, locale)} / ${formatCount(r.outputTokens ?? 0, locale)}`}
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>{t("quality.runCases.cost")}</dt>
          <dd className="tabular-nums text-foreground">{r.costMicroEur === null ? "—" : formatMicroEur(r.costMicroEur, locale)}</dd>
        </div>
      </dl>
    </>
  );
}

const VERDICTS = ["correct", "partial", "incorrect", "grounded", "partially_grounded", "ungrounded", "relevant", "partially_relevant", "irrelevant", "invalid"] as const;
type Verdict = (typeof VERDICTS)[number];

function VerdictBadge({ verdict, passed }: { verdict: string; passed?: boolean }) {
  const { t } = useI18n();
  const known = (VERDICTS as readonly string[]).includes(verdict);
  return <Badge variant={passed === undefined ? "outline" : passed ? "success" : "destructive"}>{known ? t(`quality.verdicts.${verdict as Verdict}`) : verdict}</Badge>;
}

/** Every score of a case: the deterministic ones, then the judge's verdicts with their votes. */
function Scores({ scores }: { scores: CaseScores }) {
  const { t } = useI18n();
  const yesNo = (v: number | boolean | null) => (v === null ? "—" : v === true || v === 1 ? t("common.yes") : t("common.no"));
  const rows: [string, string][] = [
    [t("quality.scores.exactMatch"), yesNo(scores.exactMatch)],
    [t("quality.scores.tokenF1"), scores.tokenF1.toFixed(2)],
    [t("quality.scores.containsReference"), yesNo(scores.containsReference)],
    [t("quality.scores.sourceHitAt5"), yesNo(scores.sourceHitAt5)],
    [t("quality.scores.abstained"), yesNo(scores.abstained)],
    [t("quality.scores.correctAbstention"), yesNo(scores.correctAbstention)],
    [t("quality.scores.decidedBy"), scores.decidedBy === "judge" ? t("quality.scores.byJudge") : t("quality.scores.byRules")],
  ];
  const judged = (["correctness", "groundedness", "relevance"] as const).filter((k) => scores[k]);
  return (
    <>
      <Block title={t("quality.runCases.scores")} testId="case-scores">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm min-[420px]:grid-cols-2 md:grid-cols-3">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-3 border-b border-dashed py-1">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="tabular-nums font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </Block>
      {judged.length > 0 && (
        <Block title={t("quality.runCases.judgeVerdicts")} testId="case-verdicts">
          <div className="flex flex-col gap-3">
            {judged.map((kind) => {
              const grade = scores[kind]!;
              return (
                <div key={kind} className="rounded-md border bg-card p-3 text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{t(`quality.judge.kinds.${kind}`)}</span>
                    <VerdictBadge verdict={grade.verdict} passed={grade.passed} />
                  </p>
                  {grade.rationale && <p className="mt-1.5 whitespace-pre-wrap break-words text-muted-foreground">{grade.rationale}</p>}
                  {grade.votes.length > 0 && (
                    <details className="mt-2">
                      <summary className="cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">{t("quality.runCases.votes", { count: grade.votes.length })}</summary>
                      <ol className="mt-2 flex flex-col gap-1.5">
                        {grade.votes.map((v, i) => (
                          <li key={`${i}-${v.verdict}`} className="flex flex-col gap-0.5 text-xs sm:flex-row sm:gap-2">
                            <span className="shrink-0">
                              <VerdictBadge verdict={v.verdict} />
                            </span>
                            <span className="whitespace-pre-wrap break-words text-muted-foreground">{v.rationale}</span>
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </div>
              );
            })}
          </div>
        </Block>
      )}
    </>
  );
}
