import { useQuery } from "@tanstack/react-query";
import { describedBy, FormField } from "~/components/form-field";
import { SovereigntyBadge } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Input, NativeSelect } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { formatCount, formatPricePerMTok } from "~/lib/format";
import { useTRPC, type UsableModel } from "~/lib/trpc";
import { SectionCard, type SectionProps } from "./editor-section";

/** The model the form's choice answers with: the picked one, or the workspace default. */
export function useSelectedModel(modelId: string): UsableModel | undefined {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.usable.queryOptions());
  return modelId ? models.data?.find((m) => m.id === modelId) : models.data?.find((m) => m.isDefault);
}

/**
 * Model: which model answers (from the usable ones), where it runs, and its sampling settings;
 * the built-in engine has no temperature nor length. Warns before saving when a confidential
 * source is attached and the model does not run on premises (the server refuses it on save).
 */
export function ModelSection({
  values,
  set,
  errors,
  readOnly,
  initialModelName,
  sensitiveSources,
}: SectionProps & { initialModelName?: string; sensitiveSources: string[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const models = useQuery(trpc.models.usable.queryOptions());
  const selected = useSelectedModel(values.modelId);
  const defaultEntry = models.data?.find((m) => m.isDefault);
  const defaultName = defaultEntry ? (defaultEntry.providerKind === "builtin" ? t("knowledge.builtinModel") : defaultEntry.displayName) : null;
  const builtin = selected?.providerKind === "builtin";
  const text = (key: "temperature" | "maxOutputTokens") => ({
    ...describedBy(`assistant-${key}`, { error: errors[key], help: true }),
    value: values[key],
    disabled: readOnly,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const exposesSensitive = !!selected && selected.sovereignty !== "on_premises" && sensitiveSources.length > 0;

  return (
    <SectionCard id="model" title={t("studio.modelSection")} description={t("studio.modelHelp")}>
      <FormField id="assistant-modelId" label={t("studio.model")} error={errors.modelId}>
        <NativeSelect
          {...describedBy("assistant-modelId", { error: errors.modelId })}
          value={values.modelId}
          disabled={readOnly}
          onChange={(e) => set("modelId", e.target.value)}
          data-testid="assistant-model"
        >
          <option value="">{defaultName ? t("studio.modelDefaultOption", { model: defaultName }) : t("studio.modelDefaultNone")}</option>
          {(models.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.providerKind === "builtin" ? t("knowledge.builtinModel") : `${m.displayName} — ${m.providerName}`}
            </option>
          ))}
          {/* A model no longer usable stays visible so saving does not silently change it. */}
          {values.modelId && models.data && !models.data.some((m) => m.id === values.modelId) && <option value={values.modelId}>{initialModelName ?? values.modelId}</option>}
        </NativeSelect>
        {selected && <ModelFacts model={selected} />}
      </FormField>
      {exposesSensitive && (
        <Alert variant="warning" title={t("studio.sensitiveModelTitle")} data-testid="sensitive-model-warning">
          {t("studio.sensitiveModelBody", { sources: sensitiveSources.join(", ") })}
        </Alert>
      )}
      {builtin ? (
        <p className="rounded-md bg-muted/50 p-3 text-sm text-muted-foreground" data-testid="builtin-model-note">
          {t("studio.builtinModelNote")}
        </p>
      ) : (
        <div className="grid gap-5 sm:grid-cols-2">
          <FormField id="assistant-temperature" label={t("studio.temperature")} error={errors.temperature} help={t("studio.temperatureHelp")}>
            <Input {...text("temperature")} type="number" inputMode="decimal" step="0.1" min="0" max="2" data-testid="assistant-temperature" />
          </FormField>
          <FormField id="assistant-maxOutputTokens" label={t("studio.maxTokens")} error={errors.maxOutputTokens} help={t("studio.maxTokensHelp")}>
            <Input {...text("maxOutputTokens")} type="number" inputMode="numeric" step="1" min="16" max="32768" data-testid="assistant-max-tokens" />
          </FormField>
        </div>
      )}
    </SectionCard>
  );
}

/** Where the chosen model runs and what it costs, next to the model select. */
function ModelFacts({ model }: { model: UsableModel }) {
  const { t, locale } = useI18n();
  const price = (n: number) => formatPricePerMTok(n, locale);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground" data-testid="assistant-model-facts">
      <SovereigntyBadge sovereignty={model.sovereignty} />
      {/* The built-in engine has no price and no context window: it is not a language model. */}
      {model.providerKind !== "builtin" && (
        <>
          <span>{t("studio.modelPrices", { input: price(model.inputPricePerMTokEur), output: price(model.outputPricePerMTokEur) })}</span>
          <span>{t("studio.modelContext", { tokens: formatCount(model.contextWindow, locale) })}</span>
        </>
      )}
    </div>
  );
}
