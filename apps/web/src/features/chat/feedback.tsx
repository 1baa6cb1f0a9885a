import { useMutation } from "@tanstack/react-query";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { useInvalidateChat } from "./use-send";

export interface Feedback {
  rating: "up" | "down";
  comment: string;
  correction: string;
}

/** Thumbs up / down on an answer; the thumb that is on shows the current rating and removes it. */
export function FeedbackButtons({
  messageId,
  conversationId,
  feedback,
  formOpen,
  onOpenForm,
}: {
  messageId: string;
  conversationId: string;
  feedback: Feedback | null;
  formOpen: boolean;
  onOpenForm: (open: boolean) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateChat();
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errors.message(e));
  const give = useMutation(trpc.chat.feedback.mutationOptions({ onSuccess: () => invalidate(conversationId), onError }));
  const remove = useMutation(trpc.chat.removeFeedback.mutationOptions({ onSuccess: () => invalidate(conversationId), onError }));
  const busy = give.isPending || remove.isPending;
  const rating = feedback?.rating ?? null;

  function up() {
    setError(null);
    onOpenForm(false);
    if (rating === "up") remove.mutate({ messageId });
    else give.mutate({ messageId, rating: "up" });
  }
  function down() {
    setError(null);
    onOpenForm(!formOpen);
  }

  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        className={cn("size-8 text-muted-foreground", rating === "up" && "bg-success/10 text-success hover:bg-success/15")}
        onClick={up}
        disabled={busy}
        aria-pressed={rating === "up"}
        aria-label={rating === "up" ? t("chat.feedback.removeUp") : t("chat.feedback.up")}
        title={rating === "up" ? t("chat.feedback.removeUp") : t("chat.feedback.up")}
        data-testid="feedback-up"
      >
        <ThumbsUp className={cn(rating === "up" && "fill-current")} aria-hidden />
      </Button>
      <Button
        variant="ghost"
        size="icon"
        className={cn("size-8 text-muted-foreground", rating === "down" && "bg-destructive/10 text-destructive hover:bg-destructive/15")}
        onClick={down}
        disabled={busy}
        aria-pressed={rating === "down"}
        aria-expanded={formOpen}
        aria-label={t("chat.feedback.down")}
        title={t("chat.feedback.down")}
        data-testid="feedback-down"
      >
        <ThumbsDown className={cn(rating === "down" && "fill-current")} aria-hidden />
      </Button>
      {rating && !formOpen && (
        <span className="text-xs text-muted-foreground" data-testid="feedback-state" data-rating={rating}>
          {t("chat.feedback.thanks")}
        </span>
      )}
      {error && (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      )}
    </>
  );
}

/** "What was wrong?" and "What was the right answer?", saved with a thumbs down. */
export function FeedbackForm({ messageId, conversationId, feedback, onClose }: { messageId: string; conversationId: string; feedback: Feedback | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateChat();
  const id = useId();
  const [comment, setComment] = useState(feedback?.comment ?? "");
  const [correction, setCorrection] = useState(feedback?.correction ?? "");
  const give = useMutation(
    trpc.chat.feedback.mutationOptions({
      onSuccess: async () => {
        await invalidate(conversationId);
        onClose();
      },
    }),
  );
  const remove = useMutation(
    trpc.chat.removeFeedback.mutationOptions({
      onSuccess: async () => {
        await invalidate(conversationId);
        onClose();
      },
    }),
  );
  const fields = give.error ? errors.fields(give.error) : {};
  const failure = give.error ?? remove.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    give.mutate({ messageId, rating: "down", comment: comment.trim() || undefined, correction: correction.trim() || undefined });
  }

  return (
    <form onSubmit={submit} className="mt-2 flex flex-col gap-3 rounded-lg border bg-card p-3 shadow-sm" data-testid="feedback-form">
      <p className="text-sm font-medium">{t("chat.feedback.formTitle")}</p>
      <FormError message={failure && !Object.keys(fields).length ? errors.message(failure) : null} />
      <FormField id={`${id}-comment`} label={t("chat.feedback.comment")} error={fields.comment} optional>
        <Textarea
          id={`${id}-comment`}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={2}
          maxLength={2000}
          placeholder={t("chat.feedback.commentPlaceholder")}
          autoFocus
          data-testid="feedback-comment"
        />
      </FormField>
      <FormField id={`${id}-correction`} label={t("chat.feedback.correction")} help={t("chat.feedback.correctionHelp")} error={fields.correction} optional>
        <Textarea
          id={`${id}-correction`}
          value={correction}
          onChange={(e) => setCorrection(e.target.value)}
          rows={3}
          maxLength={5000}
          placeholder={t("chat.feedback.correctionPlaceholder")}
          data-testid="feedback-correction"
        />
      </FormField>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" disabled={give.isPending} data-testid="feedback-submit">
          {give.isPending ? t("common.saving") : t("chat.feedback.submit")}
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        {feedback && (
          <Button type="button" size="sm" variant="ghost" className="ml-auto text-muted-foreground" onClick={() => remove.mutate({ messageId })} disabled={remove.isPending} data-testid="feedback-remove">
            {t("chat.feedback.remove")}
          </Button>
        )}
      </div>
    </form>
  );
}
