import { publishAssistantInput } from "@atelier/validators";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, RotateCcw, ShieldAlert } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Textarea } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { formatRate, isFinished, reasonSentence, runPath } from "./quality-gate";
import type { BlockedPublish, EvalRunSummary } from "./types";

/** What the editor says once a version is published. */
export interface PublishedInfo {
  number: number;
  /** The quality check's runs (none when no suite gates Publish). */
  checkedRunIds: string[];
  /** Published despite a failing check. */
  overridden: boolean;
}

type Step = { kind: "note" } | { kind: "checking"; runs: EvalRunSummary[] } | { kind: "blocked"; result: BlockedPublish };

/** "Publish anyway" needs its reason: the shared schema with the reason required. */
const overrideInput = publishAssistantInput.required({ overrideReason: true });

/** An error announced when it appears; out of the flow (no empty gap) while there is none. */
function DialogError({ message }: { message: string | null }) {
  return (
    <div aria-live="assertive" className={message ? undefined : "absolute"}>
      {message && <Alert variant="destructive">{message}</Alert>}
    </div>
  );
}

/** Failing cases shown before "Show all". */
const FIRST_CASES = 5;

/**
 * "Publish": freezes the draft into version n, with an optional note saying what changed. When
 * test suites gate Publish, the draft is checked first: the dialog follows the check, publishes
 * when it passes, or explains why it is blocked (and lets the owner publish anyway, with a reason).
 */
export function PublishDialog({
  assistantId,
  nextNumber,
  dirty,
  saving,
  beforePublish,
  onPublished,
  onClose,
}: {
  assistantId: string;
  nextNumber: number;
  /** Unsaved changes are saved before publishing. */
  dirty: boolean;
  saving: boolean;
  /** Saves unsaved changes; false when they could not be saved. */
  beforePublish: () => Promise<boolean>;
  onPublished: (info: PublishedInfo) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const [step, setStep] = useState<Step>({ kind: "note" });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const publish = useMutation(trpc.assistants.publish.mutationOptions());
  const pending = publish.isPending || saving;
  const tooLong = note.trim().length > 500;

  async function send(extra: { overrideReason?: string; recheck?: boolean } = {}) {
    setError(null);
    if (!(await beforePublish())) return;
    try {
      const result = await publish.mutateAsync({ id: assistantId, note: note.trim(), ...extra });
      setFieldErrors({});
      if (result.status === "published") {
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        onPublished({ number: result.number, checkedRunIds: result.checkedRunIds, overridden: result.overridden });
      } else if (result.status === "checking") {
        setStep({ kind: "checking", runs: result.runs });
      } else {
        setStep({ kind: "blocked", result });
      }
    } catch (e) {
      setFieldErrors(errors.fields(e));
      setError(errors.message(e));
    }
  }

  function submitNote(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    if (!tooLong) void send();
  }

  const wide = step.kind !== "note";
  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className={cn(wide && "max-w-2xl")}>
        {step.kind === "note" ? (
          <form onSubmit={submitNote} noValidate className="flex flex-col gap-5" data-testid="publish-form">
            <DialogHeader>
              <DialogTitle>{t("studio.publish.title", { number: nextNumber })}</DialogTitle>
              <DialogDescription>{t("studio.publish.body")}</DialogDescription>
            </DialogHeader>
            <FormError message={error} />
            <FormField
              id="publish-note"
              label={t("studio.publish.note")}
              optional
              error={tooLong ? t("fieldMessages.Use at most 500 characters") : fieldErrors.note}
              help={t("studio.publish.noteHelp")}
            >
              <Textarea
                {...describedBy("publish-note", { error: tooLong ? "x" : fieldErrors.note, help: true })}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                rows={3}
                placeholder={t("studio.publish.notePlaceholder")}
                autoFocus
                data-testid="publish-note"
              />
            </FormField>
            {dirty && <p className="text-sm text-muted-foreground">{t("studio.publish.savesFirst")}</p>}
            <DialogFooter>
              <Button variant="ghost" onClick={onClose} disabled={pending}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" disabled={pending || tooLong} data-testid="publish-confirm">
                {pending ? t("studio.publish.publishing") : t("studio.publish.confirm", { number: nextNumber })}
              </Button>
            </DialogFooter>
          </form>
        ) : step.kind === "checking" ? (
          <GateCheck
            key={step.runs.map((r) => r.id).join()}
            assistantId={assistantId}
            nextNumber={nextNumber}
            runs={step.runs} publishing={publish.isPending} error={error} onFinished={() => void send()} onClose={onClose} />
        ) : (
          <GateBlocked
            assistantId={assistantId}
            nextNumber={nextNumber}
            result={step.result}
            pending={pending}
            rechecking={publish.isPending && publish.variables?.recheck === true}
            error={error}
            fieldErrors={fieldErrors}
            setFieldErrors={setFieldErrors}
            onRecheck={() => void send({ recheck: true })}
            onOverride={(overrideReason) => void send({ overrideReason })}
            validate={(overrideReason) => overrideInput.safeParse({ id: assistantId, note, overrideReason })}
            onClose={onClose}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The check in progress: one bar per suite, polled every second; Publish resumes when all are finished. */
function GateCheck({
  assistantId,
  nextNumber,
  runs,
  publishing,
  error,
  onFinished,
  onClose,
}: {
  assistantId: string;
  nextNumber: number;
  runs: EvalRunSummary[];
  publishing: boolean;
  error: string | null;
  onFinished: () => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const polls = useQueries({
    queries: runs.map((r) =>
      trpc.evaluation.run.queryOptions(
        { runId: r.id, includeResults: false },
        { staleTime: 0, refetchInterval: (query) => (query.state.data && isFinished(query.state.data.run.status) ? false : 1000) },
      ),
    ),
  });
  const current = runs.map((r, i) => polls[i]?.data?.run ?? r);
  const finished = polls.every((p) => p.data && isFinished(p.data.run.status));
  const pollError = polls.find((p) => p.isError)?.error;
  const fired = useRef(false);
  const resume = useRef(onFinished);
  resume.current = onFinished;
  useEffect(() => {
    if (!finished || fired.current) return;
    fired.current = true;
    resume.current();
  }, [finished]);

  const total = current.reduce((n, r) => n + r.total, 0);
  return (
    <div className="flex flex-col gap-5" data-testid="publish-checking">
      <DialogHeader>
        <DialogTitle>{t("studio.publish.title", { number: nextNumber })}</DialogTitle>
        <DialogDescription>{total === 1 ? t("studio.publish.checkingOne") : t("studio.publish.checking", { count: formatCount(total, locale) })}</DialogDescription>
      </DialogHeader>
      <DialogError message={error ?? (pollError ? errors.message(pollError) : null)} />
      <p className="text-sm text-muted-foreground">{t("studio.publish.checkingHelp")}</p>
      <ul className="flex flex-col gap-4">
        {current.map((run) => (
          <li key={run.id}>
            <RunProgress assistantId={assistantId} run={run} />
          </li>
        ))}
      </ul>
      {finished && publishing && (
        <p className="text-sm font-medium text-primary" aria-live="polite">
          {t("studio.publish.publishingAfterCheck")}
        </p>
      )}
      <div className="flex flex-col gap-3 border-t pt-4 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-xs text-muted-foreground">{t("studio.publish.cancelHelp")}</p>
        <div className="flex shrink-0 gap-2">
          {finished && error && !publishing && (
            <Button variant="outline" onClick={() => resume.current()}>
              {t("common.retry")}
            </Button>
          )}
          <Button variant="outline" onClick={onClose} data-testid="publish-check-close">
            {t("common.cancel")}
          </Button>
        </div>
      </div>
    </div>
  );
}

function RunProgress({ assistantId, run }: { assistantId: string; run: EvalRunSummary }) {
  const { t, locale } = useI18n();
  const queued = run.status === "queued";
  const percent = run.total > 0 ? Math.min(100, Math.round((run.completed / run.total) * 100)) : 0;
  const label = queued
    ? t("studio.publish.runQueued")
    : isFinished(run.status)
      ? t("studio.publish.runDone")
      : t("studio.publish.runProgress", { done: formatCount(run.completed, locale), total: formatCount(run.total, locale) });
  return (
    <div className="flex flex-col gap-1.5" data-testid="gate-run-progress" data-status={run.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm">
        <span className="min-w-0 truncate font-medium">{run.suiteName}</span>
        <span className="flex items-center gap-3 text-xs">
          <span className="tabular-nums text-muted-foreground">{label}</span>
          <Link to={runPath(assistantId, run.id)} className="inline-flex items-center gap-1 font-medium text-primary hover:underline" data-testid="gate-run-link">
            {t("studio.publish.openRun")}
            <ExternalLink className="size-3" aria-hidden />
          </Link>
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={t("studio.publish.progressLabel", { suite: run.suiteName })}
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={queued ? undefined : run.completed}
        aria-valuetext={label}
        className="relative h-2 w-full overflow-hidden rounded-full bg-primary/15"
      >
        {queued ? (
          <div className="absolute inset-y-0 w-1/3 animate-[atelier-indeterminate_1.4s_ease-in-out_infinite] rounded-full bg-primary/70" />
        ) : (
          <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${Math.max(percent, 2)}%` }} />
        )}
      </div>
    </div>
  );
}

/** Why Publish is blocked, the failing cases, "Run the check again" and, for the owner, "Publish anyway". */
function GateBlocked({
  assistantId,
  nextNumber,
  result,
  pending,
  rechecking,
  error,
  fieldErrors,
  setFieldErrors,
  onRecheck,
  onOverride,
  validate,
  onClose,
}: {
  assistantId: string;
  nextNumber: number;
  result: BlockedPublish;
  pending: boolean;
  rechecking: boolean;
  error: string | null;
  fieldErrors: Record<string, string>;
  setFieldErrors: (errors: Record<string, string>) => void;
  onRecheck: () => void;
  onOverride: (reason: string) => void;
  validate: (reason: string) => ReturnType<typeof overrideInput.safeParse>;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const errors = useErrors();
  const [reason, setReason] = useState("");
  const [showAll, setShowAll] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const cases = showAll ? result.failingCases : result.failingCases.slice(0, FIRST_CASES);
  const suiteOf = (runId: string) => result.runs.find((r) => r.id === runId)?.suiteName;
  const manySuites = result.runs.length > 1;

  function override(e: FormEvent) {
    e.preventDefault();
    const parsed = validate(reason);
    if (!parsed.success) {
      setFieldErrors(errors.issues(parsed.error.issues));
      reasonRef.current?.focus();
      return;
    }
    setFieldErrors({});
    onOverride(parsed.data.overrideReason);
  }

  return (
    <div className="flex min-w-0 flex-col gap-5" data-testid="publish-blocked">
      <DialogHeader>
        <DialogTitle>{t("studio.publish.blockedTitle")}</DialogTitle>
        <DialogDescription>{t("studio.publish.blockedBody", { number: nextNumber })}</DialogDescription>
      </DialogHeader>
      <DialogError message={error && !fieldErrors.overrideReason ? error : null} />
      <Alert variant="destructive" className="text-foreground">
        <ul className="flex flex-col gap-1">
          {result.reasons.map((r) => (
            <li key={`${r.kind}-${r.suiteId}`} data-testid="gate-reason" data-kind={r.kind}>
              {reasonSentence(r, t, locale)}
            </li>
          ))}
        </ul>
      </Alert>

      {result.failingCases.length > 0 && (
        <section className="flex flex-col gap-2" aria-labelledby="gate-failing-title">
          <h3 id="gate-failing-title" className="text-sm font-semibold">
            {t("studio.publish.failingTitle", { count: formatCount(result.failingCases.length, locale) })}
          </h3>
          <ol className="flex flex-col divide-y rounded-lg border bg-background">
            {cases.map((c, i) => (
              <li key={`${c.runId}-${i}`} className="flex flex-col gap-1.5 p-3 text-sm" data-testid="gate-failing-case">
                <p className="break-words font-medium">
                  {manySuites && <span className="mr-1 text-xs font-normal text-muted-foreground">{suiteOf(c.runId)} ·</span>}
                  {c.question}
                </p>
                <dl className="grid gap-x-3 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
                  <dt className="text-muted-foreground">{t("studio.publish.expected")}</dt>
                  <dd className="line-clamp-4 whitespace-pre-wrap break-words">
                    {c.expectAbstention ? <span className="italic">{t("studio.publish.expectAbstention")}</span> : c.referenceAnswer}
                  </dd>
                  <dt className="text-muted-foreground">{c.error ? t("studio.publish.error") : t("studio.publish.answer")}</dt>
                  <dd className={cn("line-clamp-4 whitespace-pre-wrap break-words", c.error && "text-destructive")}>
                    {c.error ?? (c.answer || <span className="italic text-muted-foreground">{t("studio.publish.noAnswer")}</span>)}
                  </dd>
                </dl>
              </li>
            ))}
          </ol>
          {!showAll && result.failingCases.length > FIRST_CASES && (
            <Button variant="link" size="sm" className="self-start px-0" onClick={() => setShowAll(true)}>
              {t("studio.publish.showAllCases", { count: formatCount(result.failingCases.length, locale) })}
            </Button>
          )}
        </section>
      )}

      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <ul className="flex flex-col gap-1 text-sm">
          {result.runs.map((run) => (
            <li key={run.id}>
              <Link to={runPath(assistantId, run.id)} className="font-medium text-primary hover:underline" data-testid="gate-run-link">
                {t("studio.publish.runLink", { suite: run.suiteName })}
                <ExternalLink className="ml-1 inline size-3 align-baseline" aria-hidden />
              </Link>
              {run.correctRate !== null && <span className="ml-1.5 text-muted-foreground">({formatRate(run.correctRate, locale)})</span>}
            </li>
          ))}
        </ul>
        <Button variant="outline" onClick={onRecheck} disabled={pending} title={t("studio.publish.recheckHelp")} className="shrink-0" data-testid="gate-recheck">
          <RotateCcw aria-hidden />
          {rechecking ? t("studio.publish.checkingAgain") : t("studio.publish.recheck")}
        </Button>
      </div>

      {result.canOverride ? (
        <form onSubmit={override} noValidate className="flex flex-col gap-3 border-t pt-4" data-testid="override-form">
          <h3 className="flex items-center gap-2 text-sm font-semibold">
            <ShieldAlert className="size-4 text-amber-700" aria-hidden />
            {t("studio.publish.overrideTitle")}
          </h3>
          <FormField id="override-reason" label={t("studio.publish.overrideReason")} error={fieldErrors.overrideReason} help={t("studio.publish.overrideHelp")}>
            <Textarea
              ref={reasonRef}
              {...describedBy("override-reason", { error: fieldErrors.overrideReason, help: true })}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={2}
              placeholder={t("studio.publish.overridePlaceholder")}
              data-testid="override-reason"
            />
          </FormField>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" variant="destructive" disabled={pending} data-testid="override-confirm">
              {pending && !rechecking ? t("studio.publish.publishing") : t("studio.publish.overrideConfirm")}
            </Button>
          </DialogFooter>
        </form>
      ) : (
        <>
          <Alert variant="warning" data-testid="override-forbidden">
            {t("studio.publish.overrideForbidden")}
          </Alert>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogFooter>
        </>
      )}
    </div>
  );
}

/** The editor's notice after Publish: the version, and what the quality check found. */
export function PublishedNotice({ assistantId, info }: { assistantId: string; info: PublishedInfo }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const runs = useQueries({ queries: info.checkedRunIds.map((runId) => trpc.evaluation.run.queryOptions({ runId, includeResults: false })) });
  return (
    <Alert variant={info.overridden ? "warning" : "success"} data-testid="published-notice" data-overridden={info.overridden}>
      <p>{t("studio.publish.done", { number: info.number })}</p>
      {info.overridden ? (
        <p className="mt-1 font-medium" data-testid="published-overridden">
          {t("studio.publish.overridden")}
        </p>
      ) : (
        runs.map((q) => {
          const run = q.data?.run;
          if (!run || run.correctRate === null) return null;
          return (
            <p key={run.id} className="mt-1" data-testid="published-check">
              {t("studio.publish.checkPassed", {
                rate: formatRate(run.correctRate, locale),
                suite: run.suiteName,
                passed: formatCount(run.passed, locale),
                total: formatCount(run.total, locale),
              })}{" "}
              <Link to={runPath(assistantId, run.id)} className="font-medium text-primary hover:underline">
                {t("studio.publish.seeRun")}
              </Link>
            </p>
          );
        })
      )}
    </Alert>
  );
}
