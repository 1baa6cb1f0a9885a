import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BookOpen, Check, CircleSlash, EyeOff, FilePlus2, Gavel, ThumbsDown, ThumbsUp, X } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Textarea } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { MarkdownContent } from "~/features/chat/markdown";
import { useI18n } from "~/i18n";
import { formatRelativeTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import type { JudgeVerdict, ReviewItem, ReviewVerdict } from "./types";

const reasonVariant = { thumbs_down: "destructive", low_groundedness: "warning", sample: "secondary" } as const;
const verdictVariant: Record<ReviewVerdict, "success" | "warning" | "destructive"> = { correct: "success", partial: "warning", incorrect: "destructive" };
const judgeVariant: Record<JudgeVerdict, "success" | "warning" | "destructive"> = { grounded: "success", partially_grounded: "warning", ungrounded: "destructive" };
/** The reviewer's verdict that matches each judge verdict. */
const matching: Record<JudgeVerdict, ReviewVerdict> = { grounded: "correct", partially_grounded: "partial", ungrounded: "incorrect" };

/** A just-reviewed answer: what the reviewer said, now with the judge's verdict beside it. */
export interface Reviewed {
  item: ReviewItem;
  verdict: ReviewVerdict;
  comment: string;
}

/** The question, the answer (Markdown, never HTML), its passages and the feedback it got. */
function AnswerBody({ item, collapsed = false }: { item: ReviewItem; collapsed?: boolean }) {
  const { t } = useI18n();
  const answer = (
    <div className="rounded-md border bg-background/60 p-3 text-sm" data-testid="review-answer">
      <MarkdownContent text={item.answer} />
    </div>
  );
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div>
        <p className="text-xs font-medium text-muted-foreground">{t("monitoring.review.question")}</p>
        <p className="mt-0.5 whitespace-pre-wrap break-words font-medium" data-testid="review-question">
          {item.question || <span className="italic text-muted-foreground">{t("monitoring.review.noQuestion")}</span>}
        </p>
      </div>
      <div>
        <p className="mb-1 text-xs font-medium text-muted-foreground">{t("monitoring.review.answer")}</p>
        {collapsed ? (
          <details>
            <summary className="cursor-pointer text-sm text-primary hover:underline">{t("monitoring.review.showAnswer")}</summary>
            <div className="mt-2">{answer}</div>
          </details>
        ) : (
          answer
        )}
      </div>
      {item.passages.length > 0 && (
        <details className="rounded-md border" data-testid="review-passages">
          <summary className="flex cursor-pointer select-none items-center gap-2 rounded-md px-3 py-2 text-sm font-medium hover:bg-muted">
            <BookOpen className="size-4 text-muted-foreground" aria-hidden />
            {t("monitoring.review.passages", { count: item.passages.length })}
          </summary>
          <ol className="flex flex-col divide-y border-t">
            {item.passages.map((p) => (
              <li key={p.ref} className="flex gap-2 p-3 text-sm">
                <span className="font-mono text-xs text-muted-foreground">[{p.ref}]</span>
                {p.attachedFile ? (
                  <span className="italic text-muted-foreground">{t("monitoring.review.attachedFile")}</span>
                ) : p.hidden ? (
                  <span className="italic text-muted-foreground">{t("monitoring.review.hiddenSource")}</span>
                ) : (
                  <div className="min-w-0 flex-1">
                    <p className="font-medium break-words">
                      {p.title}
                      {p.headingPath.length > 0 && <span className="font-normal text-muted-foreground"> › {p.headingPath.join(" › ")}</span>}
                      {p.page !== null && <span className="font-normal text-muted-foreground"> · {t("monitoring.review.page", { page: p.page })}</span>}
                    </p>
                    <blockquote className="mt-1 whitespace-pre-wrap break-words border-l-2 pl-2 text-muted-foreground">{p.excerpt}</blockquote>
                  </div>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {item.feedback && (
        <div className="flex flex-col gap-1 rounded-md bg-muted/50 p-3 text-sm" data-testid="review-feedback">
          <p className="flex items-center gap-1.5 font-medium">
            {item.feedback.rating === "down" ? <ThumbsDown className="size-4 text-destructive" aria-hidden /> : <ThumbsUp className="size-4 text-success" aria-hidden />}
            {item.feedback.rating === "down" ? t("monitoring.review.ratedDown") : t("monitoring.review.ratedUp")}
          </p>
          {item.feedback.comment && <p className="break-words">{item.feedback.comment}</p>}
          {item.feedback.correction && (
            <p className="break-words">
              <span className="font-medium text-success">{t("monitoring.review.correction")}</span> {item.feedback.correction}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function ItemHeader({ item }: { item: ReviewItem }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
      <Badge variant={reasonVariant[item.reason]} title={t(`monitoring.review.reasonHelp.${item.reason}`)} data-testid="review-reason" data-reason={item.reason}>
        {t(`monitoring.review.reasons.${item.reason}`)}
      </Badge>
      <span className="font-medium text-foreground">{item.assistant.name ?? "—"}</span>
      {item.assistant.versionNumber !== null && <span className="font-mono">v{item.assistant.versionNumber}</span>}
      <time dateTime={new Date(item.answeredAt).toISOString()} title={formatDate(item.answeredAt)}>
        {t("monitoring.review.answeredAt", { when: formatRelativeTime(item.answeredAt, locale) })}
      </time>
    </div>
  );
}

/** The judge's verdict and reasons (shown once the reviewer has given theirs). */
export function JudgeVerdictBlock({ item, human }: { item: ReviewItem; human: ReviewVerdict | null }) {
  const { t } = useI18n();
  if (!item.judge) {
    return (
      <p className="flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="judge-verdict" data-verdict="">
        <Gavel className="size-4" aria-hidden />
        {t("monitoring.review.notGraded")}
      </p>
    );
  }
  const agrees = human !== null && matching[item.judge.verdict] === human;
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="judge-verdict" data-verdict={item.judge.verdict}>
      <p className="flex flex-wrap items-center gap-2">
        <Gavel className="size-4 text-muted-foreground" aria-hidden />
        <span className="text-muted-foreground">{t("monitoring.review.judgeSaid")}</span>
        <Badge variant={judgeVariant[item.judge.verdict]}>{t(`monitoring.review.judgeVerdicts.${item.judge.verdict}`)}</Badge>
        {human !== null && (
          <span className={cn("text-xs font-medium", agrees ? "text-success" : "text-destructive")}>{agrees ? t("monitoring.review.agrees") : t("monitoring.review.disagrees")}</span>
        )}
      </p>
      {item.judge.rationale && <p className="break-words text-muted-foreground">{item.judge.rationale}</p>}
    </div>
  );
}

/**
 * One answer to review: the reviewer reads it and says Correct / Partially / Incorrect (with a
 * comment), or skips it. The judge's verdict stays hidden until then, so that it cannot anchor them.
 */
export function ReviewCard({ item, onReviewed, canSkip = true }: { item: ReviewItem; onReviewed: (reviewed: Reviewed) => void; canSkip?: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
  const submit = useMutation(
    trpc.review.submit.mutationOptions({
      onSuccess: async (result) => {
        onReviewed({ item, verdict: result.verdict, comment: result.comment });
        await refresh();
      },
      onError: (e) => setError(errors.message(e)),
    }),
  );
  const skip = useMutation(trpc.review.skip.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errors.message(e)) }));
  const pending = submit.isPending || skip.isPending;
  const id = `review-comment-${item.messageId}`;
  const verdictButtons: { verdict: ReviewVerdict; icon: typeof Check }[] = [
    { verdict: "correct", icon: Check },
    { verdict: "partial", icon: CircleSlash },
    { verdict: "incorrect", icon: X },
  ];

  return (
    <Card className="flex min-w-0 flex-col gap-4 p-4 sm:p-5" data-testid="review-item" data-message={item.messageId} data-status={item.status}>
      <ItemHeader item={item} />
      <AnswerBody item={item} />
      <p className="flex items-start gap-1.5 rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground" data-testid="judge-hidden">
        <EyeOff className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        {item.judge ? t("monitoring.review.judgeHidden") : t("monitoring.review.judgeHiddenNone")}
      </p>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>
          {t("monitoring.review.comment")} <span className="font-normal text-muted-foreground">({t("common.optional")})</span>
        </Label>
        <Textarea id={id} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t("monitoring.review.commentPlaceholder")} data-testid="review-comment" />
      </div>
      {error && <Alert variant="destructive">{error}</Alert>}
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">{t("monitoring.review.verdictLabel")}</legend>
        {verdictButtons.map(({ verdict, icon: Icon }) => (
          <Button
            key={verdict}
            variant="outline"
            className={cn(
              verdict === "correct" && "hover:border-success hover:text-success",
              verdict === "partial" && "hover:border-warning hover:text-amber-800",
              verdict === "incorrect" && "hover:border-destructive hover:text-destructive",
            )}
            disabled={pending}
            onClick={() => {
              setError(null);
              submit.mutate({ messageId: item.messageId, verdict, comment });
            }}
            data-testid={`review-${verdict}`}
          >
            <Icon aria-hidden />
            {t(`monitoring.review.verdicts.${verdict}`)}
          </Button>
        ))}
        {canSkip && (
          <Button
            variant="ghost"
            className="sm:ml-auto"
            disabled={pending}
            onClick={() => {
              setError(null);
              skip.mutate({ messageId: item.messageId });
            }}
            data-testid="review-skip"
          >
            {t("monitoring.review.skip")}
          </Button>
        )}
      </fieldset>
    </Card>
  );
}

/** "Make a test case" from a reviewed answer: a candidate in a suite, which the builder accepts there. */
export function ToCaseButton({ item }: { item: ReviewItem }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const toCase = useMutation(
    trpc.review.toCase.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() }),
    }),
  );
  if (toCase.isSuccess) {
    const r = toCase.data;
    return (
      <Alert variant="success" data-testid="case-created">
        {r.created ? t("monitoring.review.caseCreated") : t("monitoring.review.caseExists")}
        {r.needsReference && ` ${t("monitoring.review.caseNeedsReference")}`}{" "}
        <Link to={`/studio/${item.assistant.id}/quality/suites/${r.suiteId}`} className="font-medium text-primary underline-offset-2 hover:underline" data-testid="case-suite-link">
          {t("monitoring.review.openSuite")}
        </Link>
      </Alert>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      <Button variant="outline" size="sm" className="self-start" disabled={toCase.isPending} onClick={() => toCase.mutate({ messageId: item.messageId })} data-testid="to-case">
        <FilePlus2 aria-hidden />
        {toCase.isPending ? t("monitoring.review.makingCase") : t("monitoring.review.makeCase")}
      </Button>
      {toCase.isError && <Alert variant="destructive">{errors.message(toCase.error)}</Alert>}
    </div>
  );
}

/** Right after a review: the reviewer's verdict, the judge's now revealed, and what to do next. */
export function RevealCard({ reviewed, onNext, nextLabel }: { reviewed: Reviewed; onNext: () => void; nextLabel: string }) {
  const { t } = useI18n();
  return (
    <Card className="flex min-w-0 flex-col gap-4 border-primary/30 p-4 sm:p-5" data-testid="review-reveal">
      <ItemHeader item={reviewed.item} />
      <p className="font-medium">{reviewed.item.question}</p>
      <div className="flex flex-col gap-2 rounded-md bg-muted/50 p-3">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">{t("monitoring.review.youSaid")}</span>
          <Badge variant={verdictVariant[reviewed.verdict]} data-testid="your-verdict">
            {t(`monitoring.review.verdicts.${reviewed.verdict}`)}
          </Badge>
          {reviewed.comment && <span className="break-words">— {reviewed.comment}</span>}
        </p>
        <JudgeVerdictBlock item={reviewed.item} human={reviewed.verdict} />
      </div>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <ToCaseButton item={reviewed.item} />
        <Button onClick={onNext} data-testid="review-next">
          {nextLabel}
        </Button>
      </div>
    </Card>
  );
}

/** An answer already reviewed: both verdicts, the comment, and "Make a test case". */
export function ReviewedCard({ item }: { item: ReviewItem }) {
  const { t, locale } = useI18n();
  const review = item.review;
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-4" data-testid="reviewed-item" data-verdict={review?.verdict ?? ""}>
      <ItemHeader item={item} />
      <AnswerBody item={item} collapsed />
      {review && (
        <div className="flex flex-col gap-2 rounded-md bg-muted/50 p-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <span className="text-muted-foreground">{t("monitoring.review.reviewedBy", { name: review.reviewerName ?? t("monitoring.review.someone"), when: review.reviewedAt ? formatRelativeTime(review.reviewedAt, locale) : "—" })}</span>
            <Badge variant={verdictVariant[review.verdict]}>{t(`monitoring.review.verdicts.${review.verdict}`)}</Badge>
          </p>
          {review.comment && <p className="break-words">{review.comment}</p>}
          <JudgeVerdictBlock item={item} human={review.verdict} />
        </div>
      )}
      <ToCaseButton item={item} />
    </Card>
  );
}
