import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Pencil, Plus, Trash2, Webhook } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { Switch } from "~/components/ui/switch";
import { formatRate } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { formatEur, formatRelativeTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { AlertRuleDialog } from "./alert-rule-dialog";
import type { AlertMetric, AlertRuleRow } from "./types";

/** A threshold or reading as people read it: a percentage for rates, euros for cost. */
function useMetricValue() {
  const { locale } = useI18n();
  return (metric: AlertMetric, value: number) => (metric === "cost_per_day" ? formatEur(value, locale) : formatRate(value, locale));
}

/** The assistant's alert rules: each with its current reading and last webhook delivery; create, edit, switch off, delete. */
export function AlertsCard({ assistantId }: { assistantId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const rules = useQuery(trpc.alerts.rules.queryOptions({ assistantId }));
  const [editing, setEditing] = useState<AlertRuleRow | "new" | null>(null);

  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" data-testid="alerts-card">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 className="flex items-center gap-2 font-semibold">
            <BellRing className="size-4 text-muted-foreground" aria-hidden />
            {t("monitoring.alerts.title")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.alerts.subtitle")}</p>
        </div>
        <Button variant="outline" size="sm" className="shrink-0 self-start" onClick={() => setEditing("new")} data-testid="new-alert">
          <Plus aria-hidden />
          {t("monitoring.alerts.new")}
        </Button>
      </div>
      {rules.isPending ? (
        <Skeleton className="h-24" />
      ) : rules.isError ? (
        <Alert variant="destructive">{errors.message(rules.error)}</Alert>
      ) : rules.data.rules.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="alerts-empty">
          {t("monitoring.alerts.empty")}
        </p>
      ) : (
        <ul className="flex flex-col divide-y rounded-md border">
          {rules.data.rules.map((rule) => (
            <RuleItem key={rule.id} assistantId={assistantId} rule={rule} onEdit={() => setEditing(rule)} />
          ))}
        </ul>
      )}
      {editing && <AlertRuleDialog assistantId={assistantId} rule={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function RuleItem({ assistantId, rule, onEdit }: { assistantId: string; rule: AlertRuleRow; onEdit: () => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const metricValue = useMetricValue();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey({ assistantId }) });
  const toggle = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errors.message(e)) }));
  const remove = useMutation(
    trpc.alerts.deleteRule.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setConfirm(false);
      },
      onError: (e) => setError(errors.message(e)),
    }),
  );
  const reading = rule.reading;
  const title = t(`monitoring.alerts.rule.${rule.metric}`, { threshold: metricValue(rule.metric, rule.threshold) });
  const delivery = rule.lastDelivery;

  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start" data-testid="alert-rule" data-metric={rule.metric} data-enabled={rule.enabled}>
      <div className="flex min-w-0 flex-1 flex-col gap-1.5 text-sm">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {title}
          {!rule.enabled ? (
            <Badge variant="secondary">{t("monitoring.alerts.off")}</Badge>
          ) : reading.value === null ? (
            <Badge variant="secondary">{t("monitoring.alerts.noData")}</Badge>
          ) : reading.crossed ? (
            <Badge variant="destructive" data-testid="alert-crossed">
              {t("monitoring.alerts.crossed")}
            </Badge>
          ) : (
            <Badge variant="success">{t("monitoring.alerts.ok")}</Badge>
          )}
        </p>
        <p className="text-muted-foreground" title={locale === "en" ? undefined : reading.summary} data-testid="alert-reading">
          {reading.value === null ? t(`monitoring.alerts.reading.none.${rule.metric}`) : t(`monitoring.alerts.reading.${rule.metric}`, { value: metricValue(rule.metric, reading.value) })}
        </p>
        {locale === "en" && reading.value !== null && <p className="text-xs text-muted-foreground">{reading.summary}</p>}
        {rule.webhookUrl && (
          <p className="flex min-w-0 flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            <Webhook className="size-3.5 shrink-0" aria-hidden />
            <span className="min-w-0 break-all font-mono">{rule.webhookUrl}</span>
            <span>·</span>
            {delivery ? (
              <span data-testid="alert-delivery" data-status={delivery.status}>
                {t(`monitoring.alerts.delivery.${delivery.status}`, { when: formatRelativeTime(delivery.createdAt, locale), attempts: delivery.attempts })}
                {delivery.lastError && delivery.status !== "delivered" && ` — ${delivery.lastError}`}
              </span>
            ) : (
              <span>{t("monitoring.alerts.delivery.never")}</span>
            )}
          </p>
        )}
        {error && <Alert variant="destructive">{error}</Alert>}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        <Switch
          checked={rule.enabled}
          disabled={toggle.isPending}
          onCheckedChange={(enabled) => {
            setError(null);
            toggle.mutate({ id: rule.id, enabled });
          }}
          aria-label={t("monitoring.alerts.toggle", { rule: title })}
          data-testid="alert-toggle"
        />
        <Button variant="ghost" size="icon" onClick={onEdit} aria-label={t("monitoring.alerts.edit", { rule: title })} data-testid="alert-edit">
          <Pencil aria-hidden />
        </Button>
        <ConfirmDialog
          open={confirm}
          onOpenChange={setConfirm}
          trigger={
            <Button variant="ghost" size="icon" aria-label={t("monitoring.alerts.delete", { rule: title })} data-testid="alert-delete">
              <Trash2 aria-hidden />
            </Button>
          }
          title={t("monitoring.alerts.deleteTitle")}
          description={t("monitoring.alerts.deleteBody", { rule: title })}
          confirmLabel={t("common.delete")}
          pendingLabel={t("common.deleting")}
          pending={remove.isPending}
          error={remove.isError ? errors.message(remove.error) : null}
          stayOpen
          onConfirm={() => remove.mutate({ id: rule.id })}
          testId="alert-confirm-delete"
        />
      </div>
    </li>
  );
}
