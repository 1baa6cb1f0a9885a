import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Gauge } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { formatRate } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { formatCount, parseDecimal } from "~/lib/format";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { thresholdFieldText } from "./alert-values";
import type { LiveGrading } from "./types";

/** Live grading: which judge grades a sample of production answers for groundedness, how many, and today's use of the budget. */
export function LiveGradingCard() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const user = useUser();
  const settings = useQuery(trpc.review.liveGradingSettings.queryOptions());
  const s = settings.data;
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" data-testid="live-grading">
      <div>
        <h2 className="flex items-center gap-2 font-semibold">
          <Gauge className="size-4 text-muted-foreground" aria-hidden />
          {t("monitoring.grading.title")}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.grading.subtitle")}</p>
      </div>
      {settings.isPending ? (
        <Skeleton className="h-24" />
      ) : settings.isError ? (
        <Alert variant="destructive">{errors.message(settings.error)}</Alert>
      ) : (
        <>
          {s!.judge.configured ? (
            <p className="text-sm">
              <span className="text-muted-foreground">{t("monitoring.grading.judge")}</span> <span className="font-medium">{localModelName(s!.judge.modelName ?? "", t)}</span>
            </p>
          ) : (
            <Alert variant="warning" data-testid="grading-no-judge">
              {t("monitoring.grading.noJudge")}{" "}
              {user.role === "admin" && (
                <Link to="/admin/models" className="font-medium text-primary hover:underline">
                  {t("monitoring.grading.openModels")}
                </Link>
              )}
            </Alert>
          )}
          <dl className="grid grid-cols-3 gap-2 text-sm">
            <div className="rounded-md border p-2.5">
              <dt className="text-xs text-muted-foreground">{t("monitoring.grading.rate")}</dt>
              <dd className="font-semibold tabular-nums" data-testid="grading-rate">
                {formatRate(s!.rate, locale)}
              </dd>
            </div>
            <div className="rounded-md border p-2.5">
              <dt className="text-xs text-muted-foreground">{t("monitoring.grading.budget")}</dt>
              <dd className="font-semibold tabular-nums">{formatCount(s!.dailyBudget, locale)}</dd>
            </div>
            <div className="rounded-md border p-2.5">
              <dt className="text-xs text-muted-foreground">{t("monitoring.grading.today")}</dt>
              <dd className="font-semibold tabular-nums">{formatCount(s!.gradedToday, locale)}</dd>
            </div>
          </dl>
          {user.role === "admin" ? <GradingForm settings={s!} /> : <p className="text-xs text-muted-foreground">{t("monitoring.grading.adminsOnly")}</p>}
        </>
      )}
    </Card>
  );
}

function GradingForm({ settings }: { settings: LiveGrading }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [rate, setRate] = useState(thresholdFieldText("correct_rate", settings.rate, locale));
  const [budget, setBudget] = useState(String(settings.dailyBudget));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.review.updateLiveGradingSettings.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.review.liveGradingSettings.queryKey(), data);
        setSaved(true);
      },
      onError: (e) => {
        setFieldErrors(errors.fields(e));
        setFormError(errors.message(e));
      },
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(false);
    setFormError(null);
    const r = parseDecimal(rate.replace("%", ""));
    const b = Number(budget.trim());
    const problems: Record<string, string> = {};
    if (Number.isNaN(r) || r < 0 || r > 100) problems.rate = t("monitoring.grading.problems.rate");
    if (budget.trim() === "" || !Number.isInteger(b) || b < 0 || b > 100_000) problems.dailyBudget = t("monitoring.grading.problems.budget");
    setFieldErrors(problems);
    if (Object.keys(problems).length) {
      focusFirstInvalid(e.currentTarget);
      return;
    }
    update.mutate({ rate: Math.round(r * 100) / 10_000, dailyBudget: b });
  };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-3 border-t pt-4" data-testid="grading-form">
      <FormError message={formError} />
      <div className="grid grid-cols-2 gap-3">
        <FormField id="grading-rate" label={t("monitoring.grading.rateField")} error={fieldErrors.rate}>
          <div className="flex items-center gap-1.5">
            <Input {...describedBy("grading-rate", { error: fieldErrors.rate })} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} data-testid="grading-rate-input" />
            <span className="text-sm text-muted-foreground">%</span>
          </div>
        </FormField>
        <FormField id="grading-budget" label={t("monitoring.grading.budgetField")} error={fieldErrors.dailyBudget}>
          <Input {...describedBy("grading-budget", { error: fieldErrors.dailyBudget })} inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} data-testid="grading-budget-input" />
        </FormField>
      </div>
      <p className="text-xs text-muted-foreground">{t("monitoring.grading.help")}</p>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={update.isPending} data-testid="grading-save">
          {update.isPending ? t("common.saving") : t("common.save")}
        </Button>
        {saved && (
          <span role="status" className="text-xs text-success">
            {t("monitoring.grading.saved")}
          </span>
        )}
      </div>
    </form>
  );
}
