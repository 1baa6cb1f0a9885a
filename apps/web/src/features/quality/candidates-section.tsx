import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { CaseFields, OriginBadge, useCaseForm } from "./case-fields";
import { valuesOfCase } from "./case-values";
import type { CaseRow } from "./types";

/**
 * Candidate cases (from feedback, traces or generated from the documents): not counted until a
 * builder reviews, corrects and accepts them; rejecting one deletes it.
 */
export function CandidatesSection({ candidates, onDone }: { candidates: CaseRow[]; onDone: (message: string) => void }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="candidates-title" className="flex min-w-0 flex-col gap-3" data-testid="candidates-section">
      <div>
        <h3 id="candidates-title" className="text-lg font-semibold">
          {t("quality.candidates.title")}
          <span className="ml-2 text-sm font-normal tabular-nums text-muted-foreground">{formatCount(candidates.length, locale)}</span>
        </h3>
        <Alert variant="warning" className="mt-2">
          {t("quality.candidates.notCounted")}
        </Alert>
      </div>
      <div className="flex flex-col gap-4">
        {candidates.map((c) => (
          <CandidateCard key={c.id} candidate={c} onDone={onDone} />
        ))}
      </div>
    </section>
  );
}

function CandidateCard({ candidate, onDone }: { candidate: CaseRow; onDone: (message: string) => void }) {
  const { t, formatDate } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const form = useCaseForm(valuesOfCase(candidate));
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
  const accept = useMutation(
    trpc.evaluation.acceptCase.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone(t("quality.candidates.accepted"));
      },
      onError: (e) => {
        form.onServerError(e);
        setError(errors.message(e));
      },
    }),
  );
  const reject = useMutation(
    trpc.evaluation.deleteCase.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone(t("quality.candidates.rejected"));
      },
      onError: (e) => setError(errors.message(e)),
    }),
  );
  const pending = accept.isPending || reject.isPending;
  return (
    <Card className="flex flex-col gap-4 border-warning/60 p-5" data-testid="candidate" data-origin={candidate.origin}>
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <OriginBadge origin={candidate.origin} />
        <span>{t(`quality.candidates.originHelp.${candidate.origin === "feedback" || candidate.origin === "trace" || candidate.origin === "generated" ? candidate.origin : "other"}`)}</span>
        <span aria-hidden>·</span>
        <span>{formatDate(candidate.createdAt)}</span>
      </div>
      {error && <Alert variant="destructive">{error}</Alert>}
      <CaseFields idPrefix={`candidate-${candidate.id}`} values={form.values} errors={form.errors} onChange={form.onChange} />
      <div className="flex flex-wrap gap-2">
        <Button
          onClick={() => {
            setError(null);
            const input = form.validate();
            if (input) accept.mutate({ id: candidate.id, case: input });
          }}
          disabled={pending}
          data-testid="accept-candidate"
        >
          <Check aria-hidden />
          {accept.isPending ? t("quality.candidates.accepting") : t("quality.candidates.accept")}
        </Button>
        <Button
          variant="outline"
          onClick={() => {
            setError(null);
            reject.mutate({ id: candidate.id });
          }}
          disabled={pending}
          data-testid="reject-candidate"
        >
          <X aria-hidden />
          {reject.isPending ? t("quality.candidates.rejecting") : t("quality.candidates.reject")}
        </Button>
      </div>
    </Card>
  );
}
