import { useMutation } from "@tanstack/react-query";
import { Pencil, PlugZap, Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { SovereigntyBadge } from "~/components/sovereignty-badge";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Spinner } from "~/components/ui/skeleton";
import { Switch } from "~/components/ui/switch";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC, type ProviderRow, type ProviderTestResult } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { ProviderDialog } from "./provider-dialog";
import { BuiltinModels, ProviderModels } from "./provider-models";
import { useInvalidateModels } from "./use-invalidate-models";

export function ProviderCard({ provider }: { provider: ProviderRow }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const managed = provider.managedBy !== "admin";
  // Atelier's own engine: shown for what it is, nothing to test, edit or delete.
  const builtin = provider.kind === "builtin";
  const onError = (error: unknown) => setActionError(errors.message(error));

  const test = useMutation(
    trpc.models.testProvider.mutationOptions({
      onMutate: () => {
        setActionError(null);
        setResult(null);
      },
      onSuccess: async (data) => {
        setResult(data);
        await invalidate();
      },
      onError,
    }),
  );
  const update = useMutation(trpc.models.updateProvider.mutationOptions({ onMutate: () => setActionError(null), onSuccess: () => invalidate(), onError }));
  const remove = useMutation(trpc.models.deleteProvider.mutationOptions({ onMutate: () => setActionError(null), onSuccess: () => invalidate(), onError }));

  const location = provider.kind === "local_gguf" ? provider.path : provider.baseUrl;
  return (
    <Card data-testid="provider-card" data-provider={provider.name} className={provider.enabled ? "flex flex-col" : "flex flex-col opacity-90"}>
      <div className="flex flex-col gap-4 p-5">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="truncate font-semibold">{provider.name}</h4>
              <Badge variant="outline">{t(`admin.models.kinds.${provider.kind}`)}</Badge>
              <SovereigntyBadge sovereignty={provider.sovereignty} />
              {!provider.enabled && <Badge variant="secondary">{t("admin.models.providers.disabled")}</Badge>}
            </div>
            {managed && <p className="mt-1 text-xs text-muted-foreground">{t(`admin.models.providers.managed.${provider.managedBy}`)}</p>}
          </div>
          {!builtin && (
            <div className="flex shrink-0 flex-wrap items-center gap-2">
              <Button variant="outline" size="sm" onClick={() => test.mutate({ id: provider.id })} disabled={test.isPending} data-testid="provider-test">
                <PlugZap aria-hidden />
                {t("admin.models.providers.test")}
              </Button>
              {!managed && (
                <>
                  <Button variant="outline" size="sm" onClick={() => setEditing(true)} data-testid="provider-edit">
                    <Pencil aria-hidden />
                    {t("common.edit")}
                  </Button>
                  <Button
                    variant="outline"
                    size="sm"
                    className="text-destructive hover:text-destructive"
                    onClick={() => setDeleting(true)}
                    disabled={remove.isPending}
                    data-testid="provider-delete"
                  >
                    <Trash2 aria-hidden />
                    {t("common.delete")}
                  </Button>
                </>
              )}
            </div>
          )}
        </div>
        {!builtin && (
          <dl className="grid gap-3 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto]">
            <div className="min-w-0 rounded-md border bg-muted/40 px-3 py-2">
              <dt className="text-xs text-muted-foreground">{provider.kind === "local_gguf" ? t("admin.models.providers.path") : t("admin.models.providers.url")}</dt>
              <dd className="mt-0.5 truncate font-mono text-[0.8rem]" title={location ?? undefined}>
                {location ?? "—"}
              </dd>
            </div>
            <div className="min-w-0 rounded-md border bg-muted/40 px-3 py-2">
              <dt className="text-xs text-muted-foreground">{t("admin.models.providers.apiKey")}</dt>
              <dd className="mt-0.5 truncate font-mono text-[0.8rem]">{provider.apiKeyMasked ?? <span className="font-sans text-muted-foreground">{t("admin.models.providers.noKey")}</span>}</dd>
            </div>
            <div className="flex items-center gap-2 rounded-md border bg-muted/40 px-3 py-2">
              <Switch
                id={`provider-enabled-${provider.id}`}
                checked={provider.enabled}
                disabled={managed || update.isPending}
                onCheckedChange={(enabled) => update.mutate({ id: provider.id, enabled })}
                aria-label={t("admin.models.providers.enabledLabel", { name: provider.name })}
              />
              <label htmlFor={`provider-enabled-${provider.id}`} className="text-xs text-muted-foreground">
                {t("admin.models.providers.enabledShort")}
              </label>
            </div>
          </dl>
        )}
        <FormError message={actionError} />
        <div aria-live="polite" className="empty:hidden">
          {test.isPending ? (
            <Spinner label={t("admin.models.test.running")} />
          ) : result ? (
            <TestResult result={result} />
          ) : null}
        </div>
      </div>
      {builtin ? <BuiltinModels provider={provider} /> : <ProviderModels provider={provider} />}
      {editing && <ProviderDialog provider={provider} onClose={() => setEditing(false)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("admin.models.providers.deleteTitle", { name: provider.name })}
        description={t("admin.models.providers.deleteBody")}
        confirmLabel={t("common.delete")}
        onConfirm={() => remove.mutate({ id: provider.id })}
      />
    </Card>
  );
}

/** The outcome of "Test connection": what was found and added, or the server's sentence verbatim. */
function TestResult({ result }: { result: ProviderTestResult }) {
  const { t, locale } = useI18n();
  const latency = t("admin.models.test.latency", { ms: formatCount(result.latencyMs, locale) });
  if (!result.ok) {
    return (
      <Alert variant="destructive" title={t(`admin.models.test.codes.${result.code}`)} data-testid="provider-test-result" data-ok="false">
        <p className="break-words">{result.message}</p>
        <p className="mt-1 text-xs opacity-80">{latency}</p>
      </Alert>
    );
  }
  const found = result.models.length;
  return (
    <Alert variant="success" title={t("admin.models.test.okTitle")} data-testid="provider-test-result" data-ok="true">
      <p>
        {t(found === 1 ? "admin.models.test.foundOne" : "admin.models.test.found", { count: formatCount(found, locale) })}
        {", "}
        {t("admin.models.test.added", { count: formatCount(result.added.length, locale) })} · {latency}
      </p>
      {result.missing.length > 0 && <p className="mt-1 text-xs">{t("admin.models.test.missing", { names: result.missing.join(", ") })}</p>}
    </Alert>
  );
}
