import { useQuery } from "@tanstack/react-query";
import { Scale } from "lucide-react";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { formatRate } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { FEW_PAIRS, formatKappa, kappaStrength } from "./figures";
import { type Agreement, judgeVerdicts, reviewVerdicts } from "./types";

export function useAgreement(assistantId: string, enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.review.agreement.queryOptions({ assistantId }, { enabled: enabled && !!assistantId }));
}

/** "85% · κ 0.70 · n = 20", or null before any answer was both graded and reviewed. */
export function useAgreementText() {
  const { t, locale } = useI18n();
  return (agreement: Agreement | undefined): string | null => {
    if (!agreement || agreement.n === 0 || agreement.percentAgreement === null) return null;
    return t("monitoring.agreement.short", {
      percent: formatRate(agreement.percentAgreement, locale),
      kappa: agreement.kappa === null ? "—" : formatKappa(agreement.kappa, locale),
      n: formatCount(agreement.n, locale),
    });
  };
}

/**
 * The judge–human agreement next to a figure the judge produced: percent, κ and n, or "not yet
 * measured" — so that nobody trusts a judge that disagrees with the experts.
 */
export function AgreementNote({ assistantId, className }: { assistantId: string; className?: string }) {
  const { t } = useI18n();
  const agreement = useAgreement(assistantId);
  const text = useAgreementText()(agreement.data);
  if (agreement.isPending) return <Skeleton className={cn("h-3.5 w-28", className)} />;
  if (agreement.isError) return null;
  return (
    <span
      className={cn("inline-flex items-start gap-1 text-xs text-muted-foreground", className)}
      title={t("monitoring.agreement.help")}
      data-testid="agreement-note"
      data-n={agreement.data.n}
    >
      <Scale className="mt-0.5 size-3 shrink-0" aria-hidden />
      {text ? t("monitoring.agreement.label", { figures: text }) : t("monitoring.agreement.notMeasured")}
    </span>
  );
}

const cellTone = (judge: number, human: number) => (judge === human ? "bg-success/10 font-semibold" : "");

/** The agreement in full: percent, κ (three classes and acceptable / not), n, and the confusion matrix. */
export function AgreementPanel({ assistantId, reviewed }: { assistantId: string; reviewed: number | null }) {
  const { t, locale } = useI18n();
  const errors = useErrors();
  const agreement = useAgreement(assistantId);
  const a = agreement.data;
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" data-testid="agreement-panel" data-n={a?.n ?? ""} data-reviewed={reviewed ?? ""}>
      <div>
        <h2 className="flex items-center gap-2 font-semibold">
          <Scale className="size-4 text-muted-foreground" aria-hidden />
          {t("monitoring.agreement.title")}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.agreement.subtitle")}</p>
      </div>
      <dl className="grid grid-cols-2 gap-3">
        <div className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{t("monitoring.agreement.reviewed")}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid="agreement-reviewed">
            {reviewed === null ? "—" : formatCount(reviewed, locale)}
          </dd>
        </div>
        <div className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{t("monitoring.agreement.pairs")}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid="agreement-n">
            {a ? formatCount(a.n, locale) : "—"}
          </dd>
        </div>
      </dl>
      {agreement.isPending ? (
        <Skeleton className="h-32" />
      ) : agreement.isError ? (
        <Alert variant="destructive">{errors.message(agreement.error)}</Alert>
      ) : a!.n === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-5 text-center text-sm text-muted-foreground" data-testid="agreement-empty">
          {t("monitoring.agreement.empty")}
        </p>
      ) : (
        <AgreementFigures agreement={a!} />
      )}
    </Card>
  );
}

function AgreementFigures({ agreement: a }: { agreement: Agreement }) {
  const { t, locale } = useI18n();
  const percent = (v: number | null) => (v === null ? "—" : formatRate(v, locale));
  const kappa = (v: number | null) => (v === null ? "—" : formatKappa(v, locale));
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <dt className="text-muted-foreground">{t("monitoring.agreement.percent")}</dt>
        <dd className="text-right font-semibold tabular-nums" data-testid="agreement-percent">
          {percent(a.percentAgreement)}
        </dd>
        <dt className="text-muted-foreground">{t("monitoring.agreement.kappa")}</dt>
        <dd className="text-right tabular-nums" data-testid="agreement-kappa">
          <span className="font-semibold">{kappa(a.kappa)}</span>
          {a.kappa !== null && <span className="block text-xs text-muted-foreground">{t(`monitoring.agreement.strength.${kappaStrength(a.kappa)}`)}</span>}
        </dd>
        <dt className="text-muted-foreground">{t("monitoring.agreement.binary")}</dt>
        <dd className="text-right tabular-nums">
          {percent(a.binary.percentAgreement)} · κ {kappa(a.binary.kappa)}
        </dd>
        {a.randomSample && (
          <>
            <dt className="text-muted-foreground" title={t("monitoring.agreement.randomSampleHelp")}>
              {t("monitoring.agreement.randomSample", { n: formatCount(a.randomSample.n, locale) })}
            </dt>
            <dd className="text-right tabular-nums" data-testid="agreement-random-sample">
              {percent(a.randomSample.percentAgreement)} · κ {kappa(a.randomSample.kappa)}
            </dd>
          </>
        )}
      </dl>
      {a.n < FEW_PAIRS && <Alert variant="warning">{t("monitoring.agreement.few", { n: formatCount(a.n, locale), min: FEW_PAIRS })}</Alert>}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[18rem] text-xs" data-testid="agreement-matrix">
          <caption className="mb-1 text-left text-xs text-muted-foreground">{t("monitoring.agreement.matrixCaption")}</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1.5 text-left font-medium text-muted-foreground">
                {t("monitoring.agreement.judgeVsHuman")}
              </th>
              {reviewVerdicts.map((h) => (
                <th key={h} scope="col" className="p-1.5 text-right font-medium">
                  {t(`monitoring.review.verdicts.${h}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y">
            {judgeVerdicts.map((j, ji) => (
              <tr key={j}>
                <th scope="row" className="p-1.5 text-left font-medium">
                  {t(`monitoring.review.judgeVerdicts.${j}`)}
                </th>
                {reviewVerdicts.map((h, hi) => (
                  <td key={h} className={cn("p-1.5 text-right tabular-nums", cellTone(ji, hi))}>
                    {formatCount(a.counts[j][h], locale)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
