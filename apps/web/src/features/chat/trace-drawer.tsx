import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useQuery } from "@tanstack/react-query";
import { FileText, ThumbsDown, ThumbsUp, X } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { SovereigntyBadge } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { overlayClasses } from "~/components/ui/dialog";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { HeadingPath } from "~/features/knowledge/heading-path";
import { useI18n } from "~/i18n";
import { formatCount, formatDuration, formatEur } from "~/lib/format";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { AddToSuite } from "./add-to-suite";
import { citationsOf } from "./citation-refs";
import { toolStepsOf } from "./live-answer";
import { ToolStepView } from "./tool-steps";

/** The side panel explaining how one answer was produced (chat.trace), and for builders "Add to test suite". */
export function TraceDrawer({ messageId, emoji, open, onOpenChange }: { messageId: string; emoji: string | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useI18n();
  const user = useUser();
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className={cn(overlayClasses, "bg-black/20")} />
        <DialogPrimitive.Content
          className="fixed inset-x-0 bottom-0 z-50 flex max-h-[90dvh] flex-col overflow-hidden rounded-t-xl border bg-card shadow-xl focus:outline-none sm:inset-y-0 sm:left-auto sm:right-0 sm:max-h-none sm:w-[30rem] sm:rounded-none sm:rounded-l-xl"
          data-testid="trace-drawer"
        >
          <div className="flex items-start justify-between gap-3 border-b px-5 py-4">
            <div className="min-w-0">
              <DialogPrimitive.Title className="text-base font-semibold">{t("chat.trace.title")}</DialogPrimitive.Title>
              <DialogPrimitive.Description className="text-xs text-muted-foreground">{t("chat.trace.subtitle")}</DialogPrimitive.Description>
            </div>
            <DialogPrimitive.Close className="rounded-sm p-1 opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
              <X className="size-4" aria-hidden />
              <span className="sr-only">{t("common.close")}</span>
            </DialogPrimitive.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{open && <TraceBody messageId={messageId} emoji={emoji} />}</div>
          {/* Builders and admins turn an answer into a test case; members never see it. */}
          {open && user.role !== "member" && <AddToSuite messageId={messageId} />}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="flex flex-col gap-2" data-testid={testId}>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{title}</h3>
      {children}
    </section>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: string; testId?: string }) {
  return (
    <div className="rounded-lg border bg-background px-3 py-2" title={hint} data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-sm font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function TraceBody({ messageId, emoji }: { messageId: string; emoji: string | null }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const user = useUser();
  const trace = useQuery(trpc.chat.trace.queryOptions({ messageId }, { staleTime: 0 }));
  const models = useQuery(trpc.models.usable.queryOptions());

  if (trace.isPending) {
    return (
      <div className="flex flex-col gap-3">
        <Skeleton className="h-12" />
        <Skeleton className="h-24" />
        <Skeleton className="h-32" />
      </div>
    );
  }
  if (trace.isError) return <Alert variant="destructive">{errors.message(trace.error)}</Alert>;

  const data = trace.data;
  const model = models.data?.find((m) => m.id === data.model.id);
  const citations = citationsOf(data) ?? [];
  const steps = toolStepsOf(data);
  const notMeasured = t("chat.trace.notMeasured");
  const estimated = data.tokens.estimated;
  const tokens = `${formatCount(data.tokens.input ?? 0, locale)} / ${formatCount(data.tokens.output ?? 0, locale)}`;

  return (
    <div className="flex flex-col gap-6 text-sm">
      <Section title={t("chat.trace.assistant")} testId="trace-assistant">
        <p className="flex min-w-0 items-center gap-2">
          <span className="text-lg" aria-hidden>
            {emoji ?? "🤖"}
          </span>
          <span className="min-w-0 truncate font-medium">
            {data.assistant.name ?? t("chat.deletedAssistant")}
            {data.assistant.deleted && <span className="font-normal text-muted-foreground"> {t("chat.deletedAssistantSuffix")}</span>}
          </span>
          <span aria-hidden className="text-muted-foreground">
            ·
          </span>
          <span className="shrink-0 text-muted-foreground" data-testid="trace-version">
            {data.assistant.versionNumber !== null ? t("chat.trace.version", { number: data.assistant.versionNumber }) : t("chat.trace.draft")}
          </span>
        </p>
        {data.status !== "done" && (
          <p className="flex flex-wrap items-center gap-2">
            <Badge variant={data.status === "error" ? "destructive" : "secondary"}>{t(`chat.trace.statuses.${data.status}`)}</Badge>
            {data.error && <span className="text-xs text-muted-foreground">{data.error}</span>}
          </p>
        )}
      </Section>

      <Section title={t("chat.trace.model")} testId="trace-model">
        {model ? (
          <div className="flex flex-col items-start gap-1">
            <p className="break-words font-medium">{localModelName(model.displayName, t)}</p>
            <p className="text-xs text-muted-foreground">{model.providerName}</p>
            <SovereigntyBadge sovereignty={model.sovereignty} />
          </div>
        ) : (
          <p className="text-muted-foreground">{data.model.name ? t("chat.model", { model: localModelName(data.model.name, t) }) : t("chat.trace.unknownModel")}</p>
        )}
      </Section>

      <Section title={t("chat.trace.figures")}>
        <dl className="grid grid-cols-2 gap-2">
          <Figure
            label={t("chat.trace.tokens")}
            value={
              <>
                {estimated && <span title={t("chat.trace.estimatedHelp")}>≈ </span>}
                {tokens}
                {estimated && <span className="ml-1 text-xs font-normal text-muted-foreground">({t("chat.trace.estimated")})</span>}
              </>
            }
            hint={estimated ? t("chat.trace.estimatedHelp") : undefined}
            testId="trace-tokens"
          />
          <Figure label={t("chat.trace.cost")} value={formatEur(data.costEur, locale)} testId="trace-cost" />
          <Figure label={t("chat.trace.latency")} value={data.latencyMs !== null ? formatDuration(data.latencyMs, locale) : notMeasured} testId="trace-latency" />
          <Figure label={t("chat.trace.firstToken")} value={data.firstTokenMs !== null ? formatDuration(data.firstTokenMs, locale) : notMeasured} testId="trace-first-token" />
        </dl>
      </Section>

      <Section title={t("chat.trace.passages", { count: citations.length })} testId="trace-passages">
        {citations.length === 0 ? (
          <p className="text-muted-foreground">{t("chat.trace.noPassages")}</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {[...citations]
              .sort((a, b) => a.ref - b.ref)
              .map((c) => (
                <li key={`${c.ref}-${c.chunkId}`} className="rounded-lg border bg-background p-3" data-testid="trace-passage">
                  <p className="flex items-start gap-2">
                    <span className="inline-flex h-4 min-w-4 shrink-0 items-center justify-center rounded bg-primary/10 px-1 text-[0.7rem] font-semibold text-primary">{c.ref}</span>
                    <span className="min-w-0 break-words font-medium">{c.title}</span>
                  </p>
                  <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
                    <HeadingPath path={c.headingPath} />
                    {c.page !== null && <span className="text-xs text-muted-foreground">{t("chat.citations.page", { page: c.page })}</span>}
                  </div>
                  <blockquote className="mt-2 line-clamp-6 whitespace-pre-wrap break-words border-l-4 border-primary/30 pl-3 text-xs leading-relaxed text-muted-foreground">{c.excerpt}</blockquote>
                  {user.role !== "member" && (
                    <Button asChild variant="link" size="sm" className="mt-1 h-auto px-0">
                      <Link to={`/knowledge/documents/${c.documentId}`} data-testid="trace-open-document">
                        <FileText aria-hidden />
                        {t("chat.citations.openDocument")}
                      </Link>
                    </Button>
                  )}
                </li>
              ))}
          </ol>
        )}
      </Section>

      <Section title={t("chat.trace.toolCalls", { count: steps.length })} testId="trace-tools">
        {steps.length === 0 ? (
          <p className="text-muted-foreground">{t("chat.trace.noToolCalls")}</p>
        ) : (
          <ul className="flex flex-col gap-1.5">
            {steps.map((s) => (
              <li key={s.callId}>
                <ToolStepView step={s} defaultOpen />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("chat.trace.feedback")} testId="trace-feedback">
        {data.feedback ? (
          <div className="flex flex-col gap-1">
            <p className="flex items-center gap-2 font-medium">
              {data.feedback.rating === "up" ? <ThumbsUp className="size-4 text-success" aria-hidden /> : <ThumbsDown className="size-4 text-destructive" aria-hidden />}
              {data.feedback.rating === "up" ? t("chat.feedback.up") : t("chat.feedback.down")}
            </p>
            {data.feedback.comment && (
              <p>
                <span className="text-muted-foreground">{t("chat.feedback.comment")} </span>
                {data.feedback.comment}
              </p>
            )}
            {data.feedback.correction && (
              <p className="whitespace-pre-wrap">
                <span className="text-muted-foreground">{t("chat.feedback.correction")} </span>
                {data.feedback.correction}
              </p>
            )}
          </div>
        ) : (
          <p className="text-muted-foreground">{t("chat.trace.noFeedback")}</p>
        )}
      </Section>
    </div>
  );
}
