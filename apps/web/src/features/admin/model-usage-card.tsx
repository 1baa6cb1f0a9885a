import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount, formatEur, formatTokens } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { usageTotals } from "./usage-totals";
import { localModelName } from "~/lib/model-name";

const DAYS = 30;

/** Calls, tokens and euros per model over the last 30 days, with the total. */
export function ModelUsageCard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const usage = useQuery(trpc.models.usage.queryOptions({ days: DAYS }));
  const rows = usage.data?.perModel ?? [];
  const total = usageTotals(rows);
  const num = (n: number) => formatCount(n, locale);
  const tokens = (n: number) => <span title={num(n)}>{formatTokens(n, locale)}</span>;

  return (
    <Card className="flex flex-col gap-4 p-5 sm:p-6" data-testid="model-usage">
      <div>
        <h3 className="font-semibold">{t("admin.models.usage.title", { days: DAYS })}</h3>
        <p className="text-sm text-muted-foreground">{t("admin.models.usage.subtitle")}</p>
      </div>
      {usage.isPending ? (
        <Skeleton className="h-32" />
      ) : usage.isError ? (
        <Alert variant="destructive">{errors.message(usage.error)}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState icon={BarChart3} title={t("admin.models.usage.emptyTitle")} className="py-8">
          {t("admin.models.usage.emptyBody")}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full min-w-[36rem] text-sm">
            <thead className="border-b bg-muted/40 text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">{t("admin.models.usage.model")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("admin.models.usage.calls")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("admin.models.usage.inputTokens")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("admin.models.usage.outputTokens")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("admin.models.usage.cost")}</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {rows.map((r) => (
                <tr key={r.modelId ?? "deleted"} data-testid="usage-row">
                  <td className="px-3 py-2">{r.modelName !== null ? localModelName(r.modelName, t) : <span className="text-muted-foreground">{t("admin.models.usage.deletedModel")}</span>}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{num(r.calls)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{tokens(r.inputTokens)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{tokens(r.outputTokens)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatEur(r.costEur, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t bg-muted/40 font-medium">
              <tr data-testid="usage-total">
                <th scope="row" className="px-3 py-2 text-left">{t("admin.models.usage.total")}</th>
                <td className="px-3 py-2 text-right tabular-nums">{num(total.calls)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{tokens(total.inputTokens)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{tokens(total.outputTokens)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatEur(total.costEur, locale)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Card>
  );
}
