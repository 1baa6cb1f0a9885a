import { modelSettingsInput } from "@atelier/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus, Server } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { NativeSelect } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { Switch } from "~/components/ui/switch";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC, type ProviderRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { ModelUsageCard } from "./model-usage-card";
import { ProviderCard } from "./provider-card";
import { ProviderDialog } from "./provider-dialog";
import { useInvalidateModels } from "./use-invalidate-models";

export function ModelsPage() {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const providers = useQuery(trpc.models.providers.queryOptions());
  const [adding, setAdding] = useState(false);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold">{t("admin.models.title")}</h2>
        <p className="text-sm text-muted-foreground">{t("admin.models.subtitle")}</p>
      </div>
      {providers.isPending ? (
        <Skeleton className="h-48" />
      ) : providers.isError ? (
        <Alert variant="destructive">{errors.message(providers.error)}</Alert>
      ) : (
        <>
          <ModelDefaultsCard providers={providers.data} />
          <section className="flex flex-col gap-4" aria-labelledby="providers-title">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div>
                <h3 id="providers-title" className="font-semibold">
                  {t("admin.models.providers.title")}
                </h3>
                <p className="text-sm text-muted-foreground">{t("admin.models.providers.subtitle")}</p>
              </div>
              <Button onClick={() => setAdding(true)} data-testid="provider-add">
                <Plus aria-hidden />
                {t("admin.models.providers.add")}
              </Button>
            </div>
            {providers.data.length === 0 ? (
              <EmptyState icon={Server} title={t("admin.models.providers.emptyTitle")}>
                {t("admin.models.providers.emptyBody")}
              </EmptyState>
            ) : (
              providers.data.map((p) => <ProviderCard key={p.id} provider={p} />)
            )}
          </section>
          <ModelUsageCard />
        </>
      )}
      {adding && <ProviderDialog onClose={() => setAdding(false)} />}
    </div>
  );
}

type Settings = { defaultChatModelId: string; defaultEmbeddingModelId: string; defaultJudgeModelId: string; forbidExternalModels: boolean };

function ModelDefaultsCard({ providers }: { providers: ProviderRow[] }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const settings = useQuery(trpc.models.settings.queryOptions());
  const [values, setValues] = useState<Settings | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (settings.data && !values) {
      setValues({
        defaultChatModelId: settings.data.defaultChatModelId ?? "",
        defaultEmbeddingModelId: settings.data.defaultEmbeddingModelId ?? "",
        defaultJudgeModelId: settings.data.defaultJudgeModelId ?? "",
        forbidExternalModels: settings.data.forbidExternalModels,
      });
    }
  }, [settings.data, values]);

  const save = useMutation(
    trpc.models.updateSettings.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await invalidate();
      },
      onError: (error) => {
        setFieldErrors(errors.fields(error));
        setFormError(errors.message(error));
        focusFirstInvalid(formRef.current);
      },
    }),
  );

  if (settings.isPending || !values) return settings.isError ? <Alert variant="destructive">{errors.message(settings.error)}</Alert> : <Skeleton className="h-56" />;

  const all = providers.flatMap((p) =>
    p.models.map((m) => ({ ...m, displayName: p.kind === "builtin" ? t("knowledge.builtinModel") : m.displayName, providerName: p.name, usable: m.enabled && p.enabled })),
  );
  const blocked = (m: (typeof all)[number]) => values.forbidExternalModels && m.effectiveSovereignty === "external";
  const option = (m: (typeof all)[number]) => (
    <option key={m.id} value={m.id} disabled={blocked(m)}>
      {m.displayName} — {m.providerName}
      {!m.usable ? ` (${t("admin.models.defaults.disabledSuffix")})` : blocked(m) ? ` (${t("admin.models.defaults.externalSuffix")})` : ""}
    </option>
  );
  const chatModels = all.filter((m) => m.chat);
  const embeddingModels = all.filter((m) => m.embeddings);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setSaved(false);
    setValues((v) => (v ? { ...v, [key]: value } : v));
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!values) return;
    setFormError(null);
    const input = {
      defaultChatModelId: values.defaultChatModelId || null,
      defaultEmbeddingModelId: values.defaultEmbeddingModelId || null,
      defaultJudgeModelId: values.defaultJudgeModelId || null,
      forbidExternalModels: values.forbidExternalModels,
    };
    const parsed = modelSettingsInput.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(errors.issues(parsed.error.issues));
      return focusFirstInvalid(formRef.current);
    }
    setFieldErrors({});
    save.mutate(parsed.data);
  }

  const select = (key: "defaultChatModelId" | "defaultEmbeddingModelId" | "defaultJudgeModelId", testId: string | undefined, options: typeof all, help: boolean) => (
    <NativeSelect
      {...describedBy(`settings-${key}`, { error: fieldErrors[key], help })}
      value={values[key]}
      onChange={(e) => set(key, e.target.value)}
      data-testid={testId}
    >
      <option value="">{t("admin.models.defaults.none")}</option>
      {options.map(option)}
    </NativeSelect>
  );

  return (
    <Card className="p-5 sm:p-6">
      <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5">
        <div>
          <h3 className="font-semibold">{t("admin.models.defaults.title")}</h3>
          <p className="text-sm text-muted-foreground">{t("admin.models.defaults.subtitle")}</p>
        </div>
        <FormError message={formError} />
        <div className="grid gap-5 md:grid-cols-3">
          <FormField id="settings-defaultChatModelId" label={t("admin.models.defaults.chat")} error={fieldErrors.defaultChatModelId} help={t("admin.models.defaults.chatHelp")}>
            {select("defaultChatModelId", "default-chat-model", chatModels, true)}
          </FormField>
          <FormField
            id="settings-defaultEmbeddingModelId"
            label={t("admin.models.defaults.embeddings")}
            error={fieldErrors.defaultEmbeddingModelId}
            help={embeddingModels.length === 0 ? t("admin.models.defaults.noEmbeddings") : t("admin.models.defaults.embeddingsHelp")}
          >
            {select("defaultEmbeddingModelId", "default-embedding-model", embeddingModels, true)}
          </FormField>
          <FormField id="settings-defaultJudgeModelId" label={t("admin.models.defaults.judge")} error={fieldErrors.defaultJudgeModelId} help={t("admin.models.defaults.judgeHelp")}>
            {select("defaultJudgeModelId", "default-judge-model", chatModels, true)}
          </FormField>
        </div>
        <div className="flex items-start gap-3 rounded-md border bg-muted/40 p-4">
          <Switch
            id="forbid-external"
            checked={values.forbidExternalModels}
            onCheckedChange={(checked) => set("forbidExternalModels", checked)}
            aria-describedby="forbid-external-help"
            className="mt-0.5"
            data-testid="forbid-external"
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="forbid-external" className="cursor-pointer text-sm font-medium">
              {t("admin.models.defaults.forbidExternal")}
            </label>
            <p id="forbid-external-help" className="text-xs text-muted-foreground">
              {t("admin.models.defaults.forbidExternalHelp")}
            </p>
            {fieldErrors.forbidExternalModels && (
              <p role="alert" data-testid="field-error" className="text-xs font-medium text-destructive">
                {fieldErrors.forbidExternalModels}
              </p>
            )}
          </div>
        </div>
        <div className="flex items-center justify-end gap-3">
          {saved && !save.isPending && (
            <span role="status" className="text-sm text-success">
              {t("admin.models.defaults.saved")}
            </span>
          )}
          <Button type="submit" disabled={save.isPending} data-testid="settings-save">
            {save.isPending ? t("common.saving") : t("common.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
