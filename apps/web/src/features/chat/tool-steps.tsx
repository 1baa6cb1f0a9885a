import { useMutation } from "@tanstack/react-query";
import { Ban, Calculator, ChevronRight, CircleX, Clock, Loader2, Search, ShieldAlert, Table as TableIcon, Zap, type LucideIcon } from "lucide-react";
import { useId, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n";
import { formatDuration } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { cellText, displayOf, prettyArguments, type ToolStep } from "./live-answer";
import { stepTitle, toolLabel } from "./tool-labels";

const icons: Record<string, LucideIcon> = { knowledge_search: Search, calculator: Calculator, current_datetime: Clock, sql_query: TableIcon };

function StepIcon({ step }: { step: ToolStep }) {
  if (step.approval === "refused") return <Ban className="size-4 text-muted-foreground" aria-hidden />;
  if (step.approval === "pending") return <ShieldAlert className="size-4 text-amber-700" aria-hidden />;
  if (step.ok === null) return <Loader2 className="size-4 animate-spin text-muted-foreground" aria-hidden />;
  if (step.ok === false) return <CircleX className="size-4 text-destructive" aria-hidden />;
  const Icon = icons[step.name] ?? Zap;
  return <Icon className="size-4 text-primary" aria-hidden />;
}

/** The tool calls of an answer, each a collapsible step; a call waiting for approval asks for it. */
export function ToolSteps({ steps, messageId, className }: { steps: ToolStep[]; messageId: string; className?: string }) {
  const { t } = useI18n();
  if (steps.length === 0) return null;
  return (
    <ul className={cn("mb-3 flex flex-col gap-1.5", className)} aria-label={t("chat.tools.stepsLabel")} data-testid="tool-steps">
      {steps.map((step) => (
        <li key={step.callId}>{step.approval === "pending" ? <ApprovalCard step={step} messageId={messageId} /> : <ToolStepView step={step} />}</li>
      ))}
    </ul>
  );
}

/** One tool call: its title, duration and outcome; opened, its arguments and result. */
export function ToolStepView({ step, defaultOpen = false }: { step: ToolStep; defaultOpen?: boolean }) {
  const { t, locale } = useI18n();
  const failed = step.ok === false && step.approval !== "refused";
  const [open, setOpen] = useState(defaultOpen);
  const panel = useId();
  return (
    <div
      className={cn("rounded-lg border bg-card text-sm", failed && "border-destructive/40 bg-destructive/5")}
      data-testid="tool-step"
      data-tool={step.name}
      data-status={step.approval === "refused" ? "refused" : step.ok === null ? "running" : step.ok ? "ok" : "failed"}
    >
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={panel}
        className="flex w-full min-w-0 items-center gap-2 rounded-lg px-3 py-2 text-left hover:bg-muted/60 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        data-testid="tool-step-toggle"
      >
        <StepIcon step={step} />
        <span className={cn("min-w-0 flex-1 truncate font-medium", failed && "text-destructive")}>{stepTitle(step, t)}</span>
        {step.approval === "approved" && <Badge variant="secondary">{t("chat.tools.approved")}</Badge>}
        {step.approval === "refused" && <Badge variant="secondary">{t("chat.tools.refused")}</Badge>}
        {failed && <Badge variant="destructive">{t("chat.tools.failed")}</Badge>}
        {step.durationMs !== null && step.approval !== "refused" && <span className="shrink-0 text-xs tabular-nums text-muted-foreground">{formatDuration(step.durationMs, locale)}</span>}
        <ChevronRight className={cn("size-4 shrink-0 text-muted-foreground transition-transform", open && "rotate-90")} aria-hidden />
      </button>
      {failed && step.error && !open && <p className="break-words px-3 pb-2 text-xs text-destructive">{step.error}</p>}
      {open && (
        <div id={panel} className="flex flex-col gap-3 border-t px-3 py-3" data-testid="tool-step-details">
          <Arguments value={step.arguments} />
          <div>
            <p className="mb-1 text-xs font-medium text-muted-foreground">{t("chat.tools.result")}</p>
            {failed && step.error ? (
              <p className="whitespace-pre-wrap break-words text-sm text-destructive" data-testid="tool-step-error">
                {step.error}
              </p>
            ) : step.ok === null && step.approval !== "refused" ? (
              <p className="text-sm text-muted-foreground">{t("chat.tools.running")}</p>
            ) : (
              <ToolResult step={step} />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function Arguments({ value }: { value: unknown }) {
  const { t } = useI18n();
  const text = prettyArguments(value);
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-muted-foreground">{t("chat.tools.arguments")}</p>
      {text && text !== "{}" ? (
        <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted px-3 py-2 font-mono text-xs">{text}</pre>
      ) : (
        <p className="text-sm text-muted-foreground">{t("chat.approval.noArguments")}</p>
      )}
    </div>
  );
}

/** A tool's result: a real table, the passages found, or its text. */
function ToolResult({ step }: { step: ToolStep }) {
  const { t } = useI18n();
  const display = displayOf(step.display);
  if (display?.kind === "table") {
    return (
      <div>
        <div className="max-h-72 overflow-auto rounded-md border">
          <table className="w-full border-collapse text-xs" data-testid="tool-result-table">
            <thead className="sticky top-0 bg-muted">
              <tr>
                {display.columns.map((c, i) => (
                  <th key={`${i}-${c}`} scope="col" className="border-b px-2 py-1.5 text-left font-semibold">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {display.rows.map((row, r) => (
                <tr key={r} className="odd:bg-card even:bg-muted/40">
                  {display.columns.map((c, i) => (
                    <td key={`${i}-${c}`} className={cn("border-b px-2 py-1 align-top", typeof row[i] === "number" && "text-right tabular-nums")}>
                      {cellText(row[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {display.truncated && <p className="mt-1 text-xs text-muted-foreground">{t("chat.tools.truncated", { count: display.rows.length })}</p>}
      </div>
    );
  }
  if (display?.kind === "passages") {
    if (display.citations.length === 0) return <p className="text-sm text-muted-foreground">{t("chat.tools.noPassages")}</p>;
    return (
      <ol className="flex flex-col gap-2" data-testid="tool-result-passages">
        {display.citations.map((c) => (
          <li key={`${c.ref}-${c.chunkId}`} className="flex gap-2">
            <span className="inline-flex h-4 min-w-4 shrink-0 items-center justify-center rounded bg-primary/10 px-1 text-[0.7rem] font-semibold text-primary">{c.ref}</span>
            <span className="min-w-0">
              <span className="block truncate text-xs font-medium">
                {c.title}
                {c.headingPath.length > 0 && <span className="font-normal text-muted-foreground"> — {c.headingPath.join(" › ")}</span>}
              </span>
              <span className="line-clamp-3 text-xs text-muted-foreground">{c.excerpt}</span>
            </span>
          </li>
        ))}
      </ol>
    );
  }
  const text = display?.kind === "text" ? display.text : step.content;
  if (!text) return <p className="text-sm text-muted-foreground">{t("chat.tools.noResult")}</p>;
  return <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted px-3 py-2 font-mono text-xs">{text}</pre>;
}

/** "This assistant wants to run createTicket with …": Allow / Refuse. */
function ApprovalCard({ step, messageId }: { step: ToolStep; messageId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const [expired, setExpired] = useState(false);
  const approve = useMutation(trpc.chat.approve.mutationOptions({ onSuccess: ({ resolved }) => setExpired(!resolved) }));
  const decide = (approved: boolean) => approve.mutate({ messageId, callId: step.callId, approved });
  return (
    <section className="rounded-lg border border-warning/60 bg-warning/10 p-3 text-sm" aria-label={stepTitle(step, t)} data-testid="approval-card" data-tool={step.name}>
      <p className="flex items-start gap-2 font-medium">
        <ShieldAlert className="mt-0.5 size-4 shrink-0 text-amber-700" aria-hidden />
        <span>
          {t("chat.approval.title", { tool: toolLabel(step.name, t) })}
        </span>
      </p>
      <div className="mt-2">
        {prettyArguments(step.arguments) && prettyArguments(step.arguments) !== "{}" ? (
          <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-md bg-card px-3 py-2 font-mono text-xs">{prettyArguments(step.arguments)}</pre>
        ) : (
          <p className="text-muted-foreground">{t("chat.approval.noArguments")}</p>
        )}
      </div>
      <p className="mt-2 text-xs text-muted-foreground">{t("chat.approval.explain")}</p>
      {approve.error && (
        <Alert variant="destructive" className="mt-2">
          {errors.message(approve.error)}
        </Alert>
      )}
      {expired ? (
        <p className="mt-2 text-xs font-medium">{t("chat.approval.expired")}</p>
      ) : (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button size="sm" onClick={() => decide(true)} disabled={approve.isPending} data-testid="approval-allow">
            {t("chat.approval.allow")}
          </Button>
          <Button size="sm" variant="outline" onClick={() => decide(false)} disabled={approve.isPending} data-testid="approval-refuse">
            {t("chat.approval.refuse")}
          </Button>
        </div>
      )}
    </section>
  );
}
