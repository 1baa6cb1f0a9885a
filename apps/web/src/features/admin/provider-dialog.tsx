import { providerInput, providerKinds, sovereigntyLabels, updateProviderInput, type Sovereignty } from "@atelier/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect } from "~/components/ui/input";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC, type ProviderRow } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import { useErrors } from "~/lib/use-errors";
import { defaultProviderValues, toCreateProviderInput, toUpdateProviderInput, type KeyAction, type ProviderKind, type ProviderValues } from "./model-forms";
import { useInvalidateModels } from "./use-invalidate-models";

function valuesOf(p: ProviderRow): ProviderValues {
  return {
    // The built-in engine is never edited here (it has no dialog); the narrowing keeps the form's kinds.
    kind: p.kind === "builtin" ? "openai_compatible" : p.kind,
    name: p.name,
    baseUrl: p.baseUrl ?? "",
    path: p.path ?? "",
    apiKey: "",
    keyAction: p.apiKeyMasked ? "keep" : "replace",
    sovereignty: p.sovereignty,
    firstTokenTimeoutSeconds: String(p.firstTokenTimeoutSeconds),
    totalTimeoutSeconds: String(p.totalTimeoutSeconds),
    maxRetries: String(p.maxRetries),
  };
}

/** Adds a provider (kind first, prefilled from its preset) or edits one; the key is never shown back. */
export function ProviderDialog({ provider, onClose }: { provider?: ProviderRow; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const presets = useQuery(trpc.models.presets.queryOptions());
  const [values, setValues] = useState<ProviderValues>(() => (provider ? valuesOf(provider) : { ...defaultProviderValues }));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const editing = !!provider;
  const local = values.kind === "local_gguf";
  const preset = presets.data?.[values.kind];

  const onSuccess = async () => {
    await invalidate();
    onClose();
  };
  const onError = (error: unknown) => {
    setFieldErrors(errors.fields(error));
    setFormError(errors.message(error));
    focusFirstInvalid(formRef.current);
  };
  const create = useMutation(trpc.models.createProvider.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.models.updateProvider.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  const set = <K extends keyof ProviderValues>(key: K, value: ProviderValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  function pickKind(kind: ProviderKind) {
    setValues((v) => {
      const before = presets.data?.[v.kind];
      const next = presets.data?.[kind];
      // Replace the URL only if the admin has not typed their own.
      const baseUrl = !v.baseUrl || v.baseUrl === before?.baseUrl ? (next?.baseUrl ?? "") : v.baseUrl;
      return { ...v, kind, baseUrl, sovereignty: (next?.sovereignty as Sovereignty | undefined) ?? v.sovereignty };
    });
    setFieldErrors({});
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { input, issues } = provider ? toUpdateProviderInput(provider.id, values) : toCreateProviderInput(values);
    const parsed = provider ? updateProviderInput.safeParse(input) : providerInput.safeParse(input);
    const all = [...issues, ...(parsed.success ? [] : parsed.error.issues.filter((i) => !issues.some((n) => n.path[0] === i.path[0])))];
    if (all.length) {
      setFieldErrors(errors.issues(all));
      return focusFirstInvalid(formRef.current);
    }
    setFieldErrors({});
    if (provider) update.mutate(input as Parameters<typeof update.mutate>[0]);
    else create.mutate(input as Parameters<typeof create.mutate>[0]);
  }

  const text = (key: "name" | "baseUrl" | "path" | "apiKey" | "firstTokenTimeoutSeconds" | "totalTimeoutSeconds" | "maxRetries", help = false) => ({
    ...describedBy(`provider-${key}`, { error: fieldErrors[key], help }),
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const showKeyInput = !local && (!provider?.apiKeyMasked || values.keyAction === "replace");

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5">
          <DialogHeader>
            <DialogTitle>{editing ? t("admin.models.dialog.editTitle", { name: provider.name }) : t("admin.models.dialog.addTitle")}</DialogTitle>
            <DialogDescription>{t("admin.models.dialog.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <fieldset className="flex flex-col gap-2" data-testid="provider-kind" disabled={editing}>
            <legend className="mb-1.5 text-sm font-medium">{t("admin.models.dialog.kind")}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {providerKinds.map((kind) => (
                <label
                  key={kind}
                  className={cn(
                    "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm hover:bg-muted has-[:checked]:border-primary/60 has-[:checked]:bg-primary/5",
                    editing && "cursor-default opacity-70 hover:bg-transparent",
                  )}
                >
                  <input type="radio" name="provider-kind" value={kind} checked={values.kind === kind} onChange={() => pickKind(kind)} className="size-4 accent-[var(--color-primary)]" />
                  {t(`admin.models.kinds.${kind}`)}
                </label>
              ))}
            </div>
            {preset && <p className="text-xs text-muted-foreground">{t(`admin.models.kindDocs.${values.kind}`)}</p>}
          </fieldset>
          <FormField id="provider-name" label={t("admin.models.dialog.name")} error={fieldErrors.name}>
            <Input {...text("name")} placeholder={t("admin.models.dialog.namePlaceholder")} autoFocus={!editing} data-testid="provider-name" />
          </FormField>
          {local ? (
            <FormField id="provider-path" label={t("admin.models.dialog.path")} error={fieldErrors.path} help={t("admin.models.dialog.pathHelp")}>
              <Input {...text("path", true)} placeholder="/srv/models" spellCheck={false} className="font-mono" data-testid="provider-path" />
            </FormField>
          ) : (
            <FormField id="provider-baseUrl" label={t("admin.models.dialog.url")} error={fieldErrors.baseUrl} help={t("admin.models.dialog.urlHelp")}>
              <Input {...text("baseUrl", true)} type="url" placeholder="http://vllm.internal:8000/v1" spellCheck={false} className="font-mono" data-testid="provider-url" />
            </FormField>
          )}
          {!local && (
            <div className="flex flex-col gap-2">
              {provider?.apiKeyMasked ? (
                <fieldset className="flex flex-col gap-2">
                  <legend className="mb-1.5 text-sm font-medium">{t("admin.models.dialog.apiKey")}</legend>
                  <p className="text-sm">
                    {t("admin.models.dialog.currentKey")} <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{provider.apiKeyMasked}</code>
                  </p>
                  <div className="flex flex-wrap gap-2" role="radiogroup">
                    {(["keep", "replace", "remove"] as KeyAction[]).map((action) => (
                      <label key={action} className="flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm hover:bg-muted has-[:checked]:border-primary/60 has-[:checked]:bg-primary/5">
                        <input
                          type="radio"
                          name="provider-key-action"
                          value={action}
                          checked={values.keyAction === action}
                          onChange={() => set("keyAction", action)}
                          className="size-4 accent-[var(--color-primary)]"
                          data-testid={`provider-key-${action}`}
                        />
                        {t(`admin.models.dialog.keyActions.${action}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ) : null}
              {showKeyInput && (
                <FormField
                  id="provider-apiKey"
                  label={provider?.apiKeyMasked ? t("admin.models.dialog.newKey") : t("admin.models.dialog.apiKey")}
                  error={fieldErrors.apiKey}
                  help={preset?.needsKey ? t("admin.models.dialog.keyRequired") : t("admin.models.dialog.keyOptional")}
                >
                  <Input {...text("apiKey", true)} type="password" autoComplete="new-password" spellCheck={false} data-testid="provider-key" />
                </FormField>
              )}
            </div>
          )}
          <FormField id="provider-sovereignty" label={t("admin.models.dialog.sovereignty")} error={fieldErrors.sovereignty} help={t(`sovereigntyHelp.${values.sovereignty}`)}>
            <NativeSelect
              {...describedBy("provider-sovereignty", { error: fieldErrors.sovereignty, help: true })}
              value={values.sovereignty}
              onChange={(e) => set("sovereignty", e.target.value as Sovereignty)}
              data-testid="provider-sovereignty"
            >
              {sovereigntyLabels.map((s) => (
                <option key={s} value={s}>
                  {t(`sovereignty.${s}`)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium">{t("admin.models.dialog.limits")}</legend>
            <div className="grid gap-4 sm:grid-cols-3">
              <FormField id="provider-firstTokenTimeoutSeconds" label={t("admin.models.dialog.firstToken")} error={fieldErrors.firstTokenTimeoutSeconds}>
                <Input {...text("firstTokenTimeoutSeconds")} type="number" inputMode="numeric" min="1" max="3600" data-testid="provider-first-token-timeout" />
              </FormField>
              <FormField id="provider-totalTimeoutSeconds" label={t("admin.models.dialog.total")} error={fieldErrors.totalTimeoutSeconds}>
                <Input {...text("totalTimeoutSeconds")} type="number" inputMode="numeric" min="1" max="7200" data-testid="provider-total-timeout" />
              </FormField>
              <FormField id="provider-maxRetries" label={t("admin.models.dialog.retries")} error={fieldErrors.maxRetries}>
                <Input {...text("maxRetries")} type="number" inputMode="numeric" min="0" max="10" data-testid="provider-retries" />
              </FormField>
            </div>
            <p className="text-xs text-muted-foreground">{t("admin.models.dialog.limitsHelp")}</p>
          </fieldset>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending} data-testid="provider-save">
              {pending ? t("common.saving") : editing ? t("common.save") : t("admin.models.dialog.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
