import { qualitySettingsInput } from "@atelier/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Lock, Save } from "lucide-react";
import { useState } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Input } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useFormErrors } from "~/lib/use-form-errors";
import { parsePercentField, percentFieldText } from "./rates";
import type { QualityOverview } from "./types";

function PercentInput({ id, value, onChange, disabled, error, testId }: { id: string; value: string; onChange: (v: string) => void; disabled: boolean; error?: string; testId: string }) {
  return (
    <div className="relative w-32">
      <Input
        {...describedBy(id, { error, help: true })}
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        className="pr-7 tabular-nums"
        data-testid={testId}
      />
      <span className="pointer-events-none absolute right-3 top-1/2 -translate-y-1/2 text-sm text-muted-foreground" aria-hidden>
        %
      </span>
    </div>
  );
}

/**
 * The Publish gate: the lowest correct-answer rate a new version may have, and how far below the
 * current version it may fall. Only the owner or an admin may change them (a co-editor cannot
 * lower the bar their own changes must pass).
 */
export function GateCard({ overview }: { overview: QualityOverview }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const a = overview.assistant;
  const [threshold, setThreshold] = useState(() => percentFieldText(a.qualityThreshold, locale));
  const [margin, setMargin] = useState(() => percentFieldText(a.qualityMargin, locale));
  const [saved, setSaved] = useState(false);
  const readOnly = !a.canChangeGate;
  const gating = overview.suites.filter((s) => s.gatesPublish).length;
  const save = useMutation(
    trpc.evaluation.updateQualitySettings.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.overview.queryKey({ assistantId: a.id }) });
        setSaved(true);
      },
      onError: form.onError,
    }),
  );
  const thresholdValue = parsePercentField(threshold);
  const marginValue = parsePercentField(margin) ?? 0;
  const notNumber = t("fieldMessages.Enter a number");
  const errors = {
    threshold: Number.isNaN(thresholdValue) ? notNumber : form.fieldErrors.qualityThreshold,
    margin: Number.isNaN(marginValue) ? notNumber : form.fieldErrors.qualityMargin,
  };
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setSaved(false);
  };

  return (
    <Card className="flex flex-col gap-4 p-5" data-testid="gate-card">
      <div>
        <h3 className="flex items-center gap-2 font-semibold">
          {t("quality.gate.title")}
          {readOnly && <Lock className="size-3.5 text-muted-foreground" aria-label={t("quality.gate.lockedLabel")} />}
        </h3>
        <p className="mt-1 text-sm text-muted-foreground">{t("quality.gate.subtitle")}</p>
      </div>
      {readOnly && (
        <Alert variant="info" data-testid="gate-read-only">
          {t("quality.gate.readOnly")}
        </Alert>
      )}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          if (Number.isNaN(thresholdValue) || Number.isNaN(marginValue)) {
            e.preventDefault();
            return;
          }
          form.submit(e, qualitySettingsInput, { assistantId: a.id, qualityThreshold: thresholdValue, qualityMargin: marginValue }, (data) => save.mutate(data));
        }}
      >
        <FormError message={form.formError} />
        <FormField id="gate-threshold" label={t("quality.gate.threshold")} error={errors.threshold} help={t("quality.gate.thresholdHelp")}>
          <PercentInput id="gate-threshold" value={threshold} onChange={edit(setThreshold)} disabled={readOnly} error={errors.threshold} testId="gate-threshold" />
        </FormField>
        <FormField id="gate-margin" label={t("quality.gate.margin")} error={errors.margin} help={t("quality.gate.marginHelp")}>
          <PercentInput id="gate-margin" value={margin} onChange={edit(setMargin)} disabled={readOnly} error={errors.margin} testId="gate-margin" />
        </FormField>
        <p className="text-xs text-muted-foreground" data-testid="gate-suites">
          {gating === 0 ? t("quality.gate.noGatingSuite") : gating === 1 ? t("quality.gate.gatingSuitesOne") : t("quality.gate.gatingSuites", { count: gating })}
        </p>
        {!readOnly && (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="outline" size="sm" disabled={save.isPending} data-testid="gate-save">
              <Save aria-hidden />
              {save.isPending ? t("common.saving") : t("quality.gate.save")}
            </Button>
            {saved && (
              <span role="status" className="text-sm text-success">
                {t("quality.gate.saved")}
              </span>
            )}
          </div>
        )}
      </form>
    </Card>
  );
}
