import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, FileDown, FileUp, Pencil, Plus, Search, Settings2, Sparkles, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { Input } from "~/components/ui/input";
import { Skeleton, Spinner } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { formatCount } from "~/lib/format";
import { type AssistantDetail, useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { CandidatesSection } from "./candidates-section";
import { downloadText } from "./case-file";
import { CaseDialog } from "./case-dialog";
import { OriginBadge } from "./case-fields";
import { searchCases } from "./case-values";
import { ImportDialog } from "./import-dialog";
import { useNotice } from "./notice";
import { Breadcrumbs, ContentSkeleton, QualityContent, QualityShell, qualityPath } from "./quality-shell";
import { formatRateWithInterval, isActiveRun, latestDoneRun } from "./rates";
import { RunNowButton } from "./run-button";
import { RateHeadline, RunProgress, RunStatusBadge, useVersionLabel } from "./run-parts";
import { SuiteDialog } from "./suite-dialog";
import { SuiteBadges } from "./suites-card";
import type { CaseRow, SuiteDetail } from "./types";

/** A test suite: its cases, the candidates to review, import / export, generation and settings. */
export function SuitePage() {
  return <QualityShell>{(assistant) => <SuiteView assistant={assistant} />}</QualityShell>;
}

function SuiteView({ assistant }: { assistant: AssistantDetail }) {
  const { suiteId = "" } = useParams();
  const trpc = useTRPC();
  const errors = useErrors();
  const suite = useQuery(trpc.evaluation.suite.queryOptions({ id: suiteId }));
  if ((suite.isError && isNotFound(suite.error)) || (suite.data && suite.data.assistantId !== assistant.id)) return <NotFoundPage />;
  if (suite.isPending) return <ContentSkeleton />;
  if (suite.isError) {
    return (
      <QualityContent>
        <Alert variant="destructive">{errors.message(suite.error)}</Alert>
      </QualityContent>
    );
  }
  return <SuiteContent assistant={assistant} suite={suite.data} />;
}

function SuiteContent({ assistant, suite }: { assistant: AssistantDetail; suite: SuiteDetail }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { notice, show } = useNotice();
  const cases = useQuery(trpc.evaluation.cases.queryOptions({ suiteId: suite.id }, { staleTime: 0 }));
  const [dialog, setDialog] = useState<"import" | "settings" | "add" | null>(null);
  const [editing, setEditing] = useState<CaseRow | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [generateError, setGenerateError] = useState<string | null>(null);

  const generate = useMutation(
    trpc.evaluation.generateCases.mutationOptions({
      onSuccess: async ({ created, unreadable }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        show(created === 0 ? t("quality.generate.noneReadable", { unreadable }) : unreadable > 0 ? t("quality.generate.doneSome", { created, unreadable }) : t("quality.generate.done", { created }));
      },
      onError: (e) => setGenerateError(errors.message(e)),
    }),
  );
  const remove = useMutation(
    trpc.evaluation.deleteSuite.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        navigate(qualityPath(assistant.id));
      },
    }),
  );

  async function exportAs(format: "csv" | "jsonl") {
    setActionError(null);
    setExporting(true);
    try {
      const file = await queryClient.fetchQuery(trpc.evaluation.exportCases.queryOptions({ suiteId: suite.id, format }, { staleTime: 0 }));
      downloadText(file.fileName, file.content, file.mimeType);
    } catch (e) {
      setActionError(errors.message(e));
    } finally {
      setExporting(false);
    }
  }

  const all = cases.data ?? [];
  const active = all.filter((c) => c.status === "active");
  const candidates = all.filter((c) => c.status === "candidate");

  return (
    <QualityContent>
      <div className="flex flex-col gap-3">
        <Breadcrumbs items={[{ label: t("quality.title"), to: qualityPath(assistant.id) }, { label: suite.name }]} />
        <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
          <div className="min-w-0">
            <h2 className="break-words text-xl font-semibold tracking-tight" data-testid="suite-title">
              {suite.name}
            </h2>
            {suite.description && <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{suite.description}</p>}
            <div className="mt-2 flex flex-wrap items-center gap-1.5">
              <SuiteBadges suite={suite} />
            </div>
          </div>
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            {active.length > 0 && <RunNowButton assistantId={assistant.id} suiteId={suite.id} suiteName={suite.name} size="default" onError={setActionError} />}
            <Button variant="outline" onClick={() => setDialog("import")} data-testid="import-cases">
              <FileUp aria-hidden />
              {t("quality.suite.import")}
            </Button>
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="outline" disabled={exporting || active.length === 0} data-testid="export-cases">
                  <FileDown aria-hidden />
                  {t("quality.suite.export")}
                  <ChevronDown aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={() => void exportAs("csv")} data-testid="export-csv">
                  {t("quality.suite.exportCsv")}
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={() => void exportAs("jsonl")} data-testid="export-jsonl">
                  {t("quality.suite.exportJsonl")}
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="outline" size="icon" aria-label={t("quality.suite.more")} data-testid="suite-menu">
                  <Settings2 aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={() => setDialog("settings")} data-testid="suite-settings">
                  <Pencil aria-hidden />
                  {t("quality.suite.settings")}
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={() => setDeleting(true)} className="text-destructive focus:text-destructive" data-testid="suite-delete">
                  <Trash2 aria-hidden />
                  {t("quality.suite.delete")}
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        </div>
      </div>
      {actionError && (
        <Alert variant="destructive" data-testid="suite-error">
          {actionError}
        </Alert>
      )}


      <SuiteRunsCard assistantId={assistant.id} suiteId={suite.id} />

      {cases.isPending ? (
        <Skeleton className="h-48" />
      ) : cases.isError ? (
        <Alert variant="destructive">{errors.message(cases.error)}</Alert>
      ) : (
        <>
          {candidates.length > 0 && <CandidatesSection candidates={candidates} onDone={show} />}
          <CasesSection
            cases={active}
            onAdd={() => setDialog("add")}
            onEdit={setEditing}
            onDeleted={() => show(t("quality.cases.deleted"))}
            countLabel={formatCount(active.length, locale)}
          />
        </>
      )}

      <Card className="flex flex-col gap-3 p-5" data-testid="generate-card">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <h3 className="flex items-center gap-2 font-semibold">
              <Sparkles className="size-4 text-muted-foreground" aria-hidden />
              {t("quality.generate.title")}
            </h3>
            <p className="mt-1 text-sm text-muted-foreground">{t("quality.generate.body")}</p>
          </div>
          <Button
            variant="outline"
            className="shrink-0 self-start sm:self-center"
            disabled={generate.isPending}
            onClick={() => {
              setGenerateError(null);
              generate.mutate({ suiteId: suite.id, count: 5 });
            }}
            data-testid="generate-cases"
          >
            <Sparkles aria-hidden />
            {t("quality.generate.button")}
          </Button>
        </div>
        {generate.isPending && <Spinner label={t("quality.generate.pending")} className="text-primary" />}
        {generateError && (
          <Alert variant="destructive" data-testid="generate-error">
            {generateError}
          </Alert>
        )}
      </Card>

      {dialog === "import" && <ImportDialog suiteId={suite.id} onClose={() => setDialog(null)} onImported={show} />}
      {dialog === "settings" && <SuiteDialog assistantId={assistant.id} suite={suite} onClose={() => setDialog(null)} />}
      {(dialog === "add" || editing) && (
        <CaseDialog
          suiteId={suite.id}
          editing={editing ?? undefined}
          onClose={() => {
            setDialog(null);
            setEditing(null);
          }}
          onSaved={show}
        />
      )}
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(false);
            remove.reset();
          }
        }}
        title={t("quality.suite.deleteTitle", { name: suite.name })}
        description={t("quality.suite.deleteBody")}
        confirmLabel={t("common.delete")}
        pendingLabel={t("common.deleting")}
        pending={remove.isPending}
        error={remove.error ? errors.message(remove.error) : null}
        stayOpen
        onConfirm={() => remove.mutate({ id: suite.id })}
        testId="confirm-delete-suite"
      />
      {notice}
    </QualityContent>
  );
}

/** This suite's latest result and its recent runs (followed live while one is going). */
function SuiteRunsCard({ assistantId, suiteId }: { assistantId: string; suiteId: string }) {
  const { t, locale, formatDate } = useI18n();
  const trpc = useTRPC();
  const version = useVersionLabel();
  const runs = useQuery(
    trpc.evaluation.runs.queryOptions({ assistantId, suiteId }, { staleTime: 0, refetchInterval: (q) => (q.state.data?.some((r) => isActiveRun(r.status)) ? 1500 : false) }),
  );
  if (!runs.data) return null;
  const done = latestDoneRun(runs.data, suiteId);
  const recent = runs.data.slice(0, 5);
  return (
    <Card className="flex flex-col gap-4 p-5 md:flex-row md:gap-8" data-testid="suite-runs">
      <div className="flex min-w-0 flex-col gap-2 md:w-72 md:shrink-0">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("quality.headline.label")}</p>
        {done ? <RateHeadline run={done} /> : <p className="text-lg font-semibold text-muted-foreground">{t("quality.headline.notRun")}</p>}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <h3 className="text-sm font-semibold">{t("quality.suite.recentRuns")}</h3>
        {recent.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("quality.runs.empty")}</p>
        ) : (
          <ul className="flex flex-col divide-y text-sm">
            {recent.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" data-testid="suite-run">
                <Link to={qualityPath(assistantId, `/runs/${r.id}`)} className="font-medium text-primary hover:underline focus-visible:underline focus-visible:outline-none">
                  {formatDate(r.createdAt)}
                </Link>
                <span className="font-mono text-xs text-muted-foreground">{version(r.versionLabel)}</span>
                <span className="text-muted-foreground">{t(`quality.trigger.${r.trigger}`)}</span>
                <span className="ml-auto flex items-center gap-2">
                  {isActiveRun(r.status) ? (
                    <RunProgress run={r} className="w-40" />
                  ) : r.correctRate !== null && r.status === "done" ? (
                    <span className="tabular-nums font-semibold">{formatRateWithInterval(r, locale)}</span>
                  ) : (
                    <RunStatusBadge status={r.status} />
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

function CasesSection({ cases, countLabel, onAdd, onEdit, onDeleted }: { cases: CaseRow[]; countLabel: string; onAdd: () => void; onEdit: (c: CaseRow) => void; onDeleted: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [deleting, setDeleting] = useState<CaseRow | null>(null);
  const remove = useMutation(
    trpc.evaluation.deleteCase.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        onDeleted();
      },
    }),
  );
  const shown = searchCases(cases, search);
  return (
    <section aria-labelledby="cases-title" className="flex min-w-0 flex-col gap-3" data-testid="cases-section">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h3 id="cases-title" className="text-lg font-semibold">
            {t("quality.cases.title")}
            <span className="ml-2 text-sm font-normal tabular-nums text-muted-foreground" data-testid="cases-count">
              {countLabel}
            </span>
          </h3>
          <p className="text-sm text-muted-foreground">{t("quality.cases.subtitle")}</p>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row">
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t("quality.cases.search")}
              aria-label={t("quality.cases.search")}
              className="pl-8 sm:w-64"
              data-testid="case-search"
            />
          </div>
          <Button onClick={onAdd} data-testid="add-case">
            <Plus aria-hidden />
            {t("quality.cases.add")}
          </Button>
        </div>
      </div>
      {cases.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground" data-testid="cases-empty">
          {t("quality.cases.empty")}
        </p>
      ) : shown.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground">{t("quality.cases.noMatch")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card shadow-sm">
          <table className="w-full min-w-[56rem] text-sm" data-testid="cases-table">
            <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.question")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.reference")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.sources")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.tags")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.language")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.origin")}</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {shown.map((c) => (
                <tr key={c.id} className="align-top" data-testid="case-row">
                  <td className="max-w-80 px-3 py-2.5">
                    <p className="line-clamp-3 font-medium" title={c.question}>
                      {c.question}
                    </p>
                  </td>
                  <td className="max-w-80 px-3 py-2.5">
                    {c.expectAbstention ? (
                      <Badge variant="secondary">{t("quality.cases.shouldAbstain")}</Badge>
                    ) : (
                      <p className="line-clamp-3 text-muted-foreground" title={c.referenceAnswer}>
                        {c.referenceAnswer}
                      </p>
                    )}
                  </td>
                  <td className="max-w-48 px-3 py-2.5">
                    {c.expectedSources.length ? (
                      <ul className="flex flex-col gap-0.5">
                        {c.expectedSources.map((s) => (
                          <li key={s} className="truncate font-mono text-xs text-muted-foreground" title={s}>
                            {s}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </td>
                  <td className="max-w-40 px-3 py-2.5">
                    <div className="flex flex-wrap gap-1">
                      {c.tags.length ? (
                        c.tags.map((tag) => (
                          <Badge key={tag} variant="outline">
                            {tag}
                          </Badge>
                        ))
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </div>
                  </td>
                  <td className="px-3 py-2.5 text-muted-foreground">{c.language ? t(`languages.${c.language}`) : "—"}</td>
                  <td className="px-3 py-2.5">
                    <OriginBadge origin={c.origin} />
                  </td>
                  <td className="whitespace-nowrap px-2 py-1.5 text-right">
                    <Button variant="ghost" size="icon" className="size-8 text-muted-foreground" onClick={() => onEdit(c)} aria-label={t("quality.cases.editOf", { question: c.question.slice(0, 60) })} data-testid="edit-case">
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      className="size-8 text-muted-foreground hover:text-destructive"
                      onClick={() => setDeleting(c)}
                      aria-label={t("quality.cases.deleteOf", { question: c.question.slice(0, 60) })}
                      data-testid="delete-case"
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t("quality.cases.deleteTitle")}
        description={t("quality.cases.deleteBody", { question: deleting?.question.slice(0, 200) ?? "" })}
        confirmLabel={t("common.delete")}
        pendingLabel={t("common.deleting")}
        pending={remove.isPending}
        error={remove.error ? errors.message(remove.error) : null}
        stayOpen
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        testId="confirm-delete-case"
      />
    </section>
  );
}
