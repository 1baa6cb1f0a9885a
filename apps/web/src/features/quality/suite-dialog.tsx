import { evalSuiteInput } from "@atelier/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect, Textarea } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useFormErrors } from "~/lib/use-form-errors";
import { qualityPath } from "./quality-shell";
import { type ScheduleKey, scheduleChoices, scheduleKeyOf } from "./rates";

export interface SuiteFields {
  id: string;
  name: string;
  description: string;
  gatesPublish: boolean;
  scheduleMinutes: number | null;
}

/** "New suite" (then its page opens) and the suite's settings: name, description, gates Publish, schedule. */
export function SuiteDialog({ assistantId, suite, onClose }: { assistantId: string; suite?: SuiteFields; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const [name, setName] = useState(suite?.name ?? "");
  const [description, setDescription] = useState(suite?.description ?? "");
  const [gatesPublish, setGatesPublish] = useState(suite?.gatesPublish ?? true);
  const [schedule, setSchedule] = useState<ScheduleKey>(scheduleKeyOf(suite?.scheduleMinutes ?? null));
  const scheduleMinutes = schedule === "custom" ? (suite?.scheduleMinutes ?? null) : scheduleChoices.find((c) => c.key === schedule)!.minutes;

  const create = useMutation(
    trpc.evaluation.createSuite.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.overview.queryKey({ assistantId }) });
        onClose();
        navigate(qualityPath(assistantId, `/suites/${id}`));
      },
      onError: form.onError,
    }),
  );
  const update = useMutation(
    trpc.evaluation.updateSuite.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        onClose();
      },
      onError: form.onError,
    }),
  );
  const pending = create.isPending || update.isPending;
  const error = form.fieldErrors;

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent>
        <form
          noValidate
          className="flex flex-col gap-5"
          data-testid="suite-form"
          onSubmit={(e) =>
            form.submit(e, evalSuiteInput, { name, description, gatesPublish, scheduleMinutes }, (data) =>
              suite ? update.mutate({ id: suite.id, ...data }) : create.mutate({ assistantId, ...data }),
            )
          }
        >
          <DialogHeader>
            <DialogTitle>{suite ? t("quality.suiteDialog.editTitle") : t("quality.suiteDialog.createTitle")}</DialogTitle>
            <DialogDescription>{t("quality.suiteDialog.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={form.formError} />
          <FormField id="suite-name" label={t("quality.suiteDialog.name")} error={error.name}>
            <Input
              {...describedBy("suite-name", { error: error.name })}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={120}
              placeholder={t("quality.suiteDialog.namePlaceholder")}
              autoFocus
              data-testid="suite-name"
            />
          </FormField>
          <FormField id="suite-description" label={t("quality.suiteDialog.description")} optional error={error.description}>
            <Textarea
              {...describedBy("suite-description", { error: error.description })}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              rows={2}
              maxLength={1000}
              data-testid="suite-description"
            />
          </FormField>
          <div className="flex items-start gap-2.5">
            <input
              id="suite-gates"
              type="checkbox"
              className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
              checked={gatesPublish}
              onChange={(e) => setGatesPublish(e.target.checked)}
              aria-describedby="suite-gates-help"
              data-testid="suite-gates"
            />
            <div className="flex flex-col gap-1">
              <label htmlFor="suite-gates" className="text-sm font-medium leading-none">
                {t("quality.suiteDialog.gatesPublish")}
              </label>
              <p id="suite-gates-help" className="text-xs text-muted-foreground">
                {t("quality.suiteDialog.gatesPublishHelp")}
              </p>
            </div>
          </div>
          <FormField id="suite-schedule" label={t("quality.suiteDialog.schedule")} error={error.scheduleMinutes} help={t("quality.suiteDialog.scheduleHelp")}>
            <NativeSelect
              {...describedBy("suite-schedule", { error: error.scheduleMinutes, help: true })}
              value={schedule}
              onChange={(e) => setSchedule(e.target.value as ScheduleKey)}
              data-testid="suite-schedule"
            >
              {scheduleChoices.map((c) => (
                <option key={c.key} value={c.key}>
                  {t(`quality.schedule.${c.key}`)}
                </option>
              ))}
              {schedule === "custom" && <option value="custom">{t("quality.schedule.custom", { minutes: suite?.scheduleMinutes ?? 0 })}</option>}
            </NativeSelect>
          </FormField>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending} data-testid="suite-submit">
              {pending ? t("common.saving") : suite ? t("common.save") : t("quality.suiteDialog.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
