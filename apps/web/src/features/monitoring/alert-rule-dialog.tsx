import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect } from "~/components/ui/input";
import { Switch } from "~/components/ui/switch";
import { useI18n } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { thresholdFieldText, thresholdFromField } from "./alert-values";
import { type AlertMetric, type AlertRuleRow, alertMetrics } from "./types";

/** "New alert" and a rule's settings: metric, threshold (% or €), optional webhook, on or off. */
export function AlertRuleDialog({ assistantId, rule, onClose }: { assistantId: string; rule?: AlertRuleRow; onClose: () => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [metric, setMetric] = useState<AlertMetric>(rule?.metric ?? "correct_rate");
  const [threshold, setThreshold] = useState(rule ? thresholdFieldText(rule.metric, rule.threshold, locale) : "80");
  const [webhookUrl, setWebhookUrl] = useState(rule?.webhookUrl ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey({ assistantId }) });
    onClose();
  };
  const onError = (error: unknown) => {
    setFieldErrors(errors.fields(error));
    setFormError(errors.message(error));
  };
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: done, onError }));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: done, onError }));
  const pending = create.isPending || update.isPending;
  const isCost = metric === "cost_per_day";

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFormError(null);
    const value = thresholdFromField(metric, threshold);
    if (typeof value === "string") {
      setFieldErrors({ threshold: t(`monitoring.alerts.dialog.problems.${value}`) });
      focusFirstInvalid(e.currentTarget);
      return;
    }
    setFieldErrors({});
    const fields = { metric, threshold: value, webhookUrl: webhookUrl.trim() || null, enabled };
    if (rule) update.mutate({ id: rule.id, ...fields });
    else create.mutate({ assistantId, ...fields });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent>
        <form noValidate className="flex flex-col gap-5" onSubmit={submit} data-testid="alert-form">
          <DialogHeader>
            <DialogTitle>{rule ? t("monitoring.alerts.dialog.editTitle") : t("monitoring.alerts.dialog.createTitle")}</DialogTitle>
            <DialogDescription>{t("monitoring.alerts.dialog.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <FormField id="alert-metric" label={t("monitoring.alerts.dialog.metric")} error={fieldErrors.metric}>
            <NativeSelect
              {...describedBy("alert-metric", { error: fieldErrors.metric })}
              value={metric}
              onChange={(e) => {
                const next = e.target.value as AlertMetric;
                // A rate and an amount do not share a sensible default.
                if ((next === "cost_per_day") !== isCost) setThreshold(next === "cost_per_day" ? "10" : "80");
                setMetric(next);
              }}
              data-testid="alert-metric"
            >
              {alertMetrics.map((m) => (
                <option key={m} value={m}>
                  {t(`monitoring.alerts.metrics.${m}`)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField
            id="alert-threshold"
            label={isCost ? t("monitoring.alerts.dialog.thresholdCost") : t("monitoring.alerts.dialog.thresholdRate")}
            error={fieldErrors.threshold}
            help={t(`monitoring.alerts.dialog.help.${metric}`)}
          >
            <div className="flex items-center gap-2">
              <Input
                {...describedBy("alert-threshold", { error: fieldErrors.threshold, help: true })}
                inputMode="decimal"
                className="w-32"
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                data-testid="alert-threshold"
              />
              <span className="text-sm text-muted-foreground">{isCost ? t("monitoring.alerts.dialog.perDay") : "%"}</span>
            </div>
          </FormField>
          <FormField id="alert-webhook" label={t("monitoring.alerts.dialog.webhook")} optional error={fieldErrors.webhookUrl} help={t("monitoring.alerts.dialog.webhookHelp")}>
            <Input
              {...describedBy("alert-webhook", { error: fieldErrors.webhookUrl, help: true })}
              type="url"
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.target.value)}
              placeholder="https://hooks.example.com/atelier"
              maxLength={2000}
              data-testid="alert-webhook"
            />
          </FormField>
          <div className="flex items-center gap-3">
            <Switch id="alert-enabled" checked={enabled} onCheckedChange={setEnabled} aria-labelledby="alert-enabled-label" data-testid="alert-enabled" />
            <span id="alert-enabled-label" className="text-sm font-medium">
              {t("monitoring.alerts.dialog.enabled")}
            </span>
          </div>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending} data-testid="alert-submit">
              {pending ? t("common.saving") : rule ? t("common.save") : t("monitoring.alerts.dialog.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

