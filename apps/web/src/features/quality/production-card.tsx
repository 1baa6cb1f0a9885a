import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ThumbsDown } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatRelativeTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { qualityPath } from "./quality-shell";
import { shortText } from "./run-filters";
import type { FeedbackCandidate, SuiteSummary } from "./types";

/** Suite choice meaning: let the API create (or reuse) the "Questions from production" suite. */
const NEW_SUITE = "";

/**
 * Answers people rated down, with their comment and correction: each can become a candidate case
 * of a suite (the builder reviews it there before it counts).
 */
export function ProductionCard({ assistantId, suites }: { assistantId: string; suites: SuiteSummary[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const candidates = useQuery(trpc.evaluation.feedbackCandidates.queryOptions({ assistantId }, { staleTime: 0 }));
  const [suiteId, setSuiteId] = useState(suites[0]?.id ?? NEW_SUITE);
  const [added, setAdded] = useState<{ suiteId: string; suiteName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(
    trpc.evaluation.caseFromMessage.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        const name = suites.find((s) => s.id === result.suiteId)?.name ?? t("quality.production.productionSuite");
        setAdded({ suiteId: result.suiteId, suiteName: name });
      },
      onError: (e) => setError(errors.message(e)),
    }),
  );
  const chosen = suites.some((s) => s.id === suiteId) ? suiteId : (suites[0]?.id ?? NEW_SUITE);

  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" data-testid="production-card">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <h3 className="flex items-center gap-2 font-semibold">
            <ThumbsDown className="size-4 text-muted-foreground" aria-hidden />
            {t("quality.production.title")}
          </h3>
          <p className="mt-1 text-sm text-muted-foreground">{t("quality.production.subtitle")}</p>
        </div>
        {candidates.data && candidates.data.length > 0 && (
          <div className="flex shrink-0 flex-col gap-1.5 sm:w-64">
            <Label htmlFor="production-suite">{t("quality.production.suite")}</Label>
            <NativeSelect id="production-suite" value={chosen} onChange={(e) => setSuiteId(e.target.value)} data-testid="production-suite">
              {suites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              <option value={NEW_SUITE}>{t("quality.production.newSuiteOption")}</option>
            </NativeSelect>
          </div>
        )}
      </div>
      {added && (
        <Alert variant="success" data-testid="production-added">
          {t("quality.production.added", { suite: added.suiteName })}{" "}
          <Link to={qualityPath(assistantId, `/suites/${added.suiteId}`)} className="font-medium text-primary underline-offset-2 hover:underline">
            {t("quality.production.review")}
          </Link>
        </Alert>
      )}
      {error && <Alert variant="destructive">{error}</Alert>}
      {candidates.isPending ? (
        <Skeleton className="h-24" />
      ) : candidates.isError ? (
        <Alert variant="destructive">{errors.message(candidates.error)}</Alert>
      ) : candidates.data.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="production-empty">
          {t("quality.production.empty")}
        </p>
      ) : (
        <ul className="flex flex-col divide-y rounded-md border">
          {candidates.data.map((c) => (
            <ProductionItem
              key={c.messageId}
              candidate={c}
              pending={add.isPending && add.variables?.messageId === c.messageId}
              onAdd={() => {
                setError(null);
                setAdded(null);
                add.mutate({ messageId: c.messageId, suiteId: chosen || undefined });
              }}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function ProductionItem({ candidate: c, pending, onAdd }: { candidate: FeedbackCandidate; pending: boolean; onAdd: () => void }) {
  const { t, locale } = useI18n();
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start" data-testid="production-item">
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium">{c.question || t("quality.production.noQuestion")}</p>
        <p className="mt-1 text-muted-foreground">
          <span className="font-medium text-foreground/80">{t("quality.production.answer")}</span> {shortText(c.answer, 220)}
        </p>
        {c.comment && (
          <p className="mt-1">
            <span className="font-medium">{t("quality.production.comment")}</span> {c.comment}
          </p>
        )}
        {c.correction && (
          <p className="mt-1">
            <span className="font-medium text-success">{t("quality.production.correction")}</span> {c.correction}
          </p>
        )}
        <p className="mt-1 text-xs text-muted-foreground">
          {t("quality.production.by", { name: c.userName ?? t("quality.production.someone"), when: formatRelativeTime(c.createdAt, locale) })}
        </p>
      </div>
      <Button variant="outline" size="sm" className="shrink-0 self-start" onClick={onAdd} disabled={pending} data-testid="add-candidate">
        {pending ? t("quality.production.adding") : t("quality.production.add")}
      </Button>
    </li>
  );
}
