import { modelInput, sovereigntyLabels, updateModelInput, type Sovereignty } from "@atelier/validators";
import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { describedBy, FormField } from "~/components/form-field";
import { SovereigntyBadge } from "~/components/sovereignty-badge";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect } from "~/components/ui/input";
import { Switch } from "~/components/ui/switch";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC, type ProviderModel, type ProviderRow } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import { useErrors } from "~/lib/use-errors";
import { modelValuesChanged, modelValuesOf, toAddModelInput, toUpdateModelInput, type ModelValues } from "./model-forms";
import { useInvalidateModels } from "./use-invalidate-models";

const capabilities = ["chat", "tools", "embeddings"] as const;

/** The models of one provider, each row editable in place and saved on its own. */
export function ProviderModels({ provider }: { provider: ProviderRow }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ProviderModel | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const remove = useMutation(
    trpc.models.deleteModel.mutationOptions({
      onMutate: () => setDeleteError(null),
      onSuccess: () => invalidate(),
      onError: (error) => setDeleteError(errors.message(error)),
    }),
  );

  return (
    <div className="flex flex-col gap-3 border-t bg-muted/20 px-5 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h5 className="text-sm font-semibold">{t("admin.models.table.title", { count: provider.models.length })}</h5>
        <Button variant="ghost" size="sm" onClick={() => setAdding(true)} data-testid="model-add">
          <Plus aria-hidden />
          {t("admin.models.table.addManually")}
        </Button>
      </div>
      <FormError message={deleteError} />
      {provider.models.length === 0 ? (
        <p className="rounded-md border border-dashed bg-card px-4 py-6 text-center text-sm text-muted-foreground" data-testid="models-empty">
          {t("admin.models.table.empty")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border bg-card">
          <table className="w-full min-w-[52rem] text-sm">
            <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.model")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.capabilities")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.context")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.prices")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.sovereignty")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3">{t("admin.models.table.enabled")}</th>
                <th scope="col" className="px-2 py-2 font-medium first:pl-3"><span className="sr-only">{t("common.actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {provider.models.map((m) => (
                <ModelRow key={m.id} model={m} provider={provider} onDelete={() => setDeleting(m)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <AddModelDialog provider={provider} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("admin.models.table.deleteTitle", { name: deleting?.displayName ?? "" })}
        description={t("admin.models.table.deleteBody")}
        confirmLabel={t("common.delete")}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        testId="confirm-delete-model"
      />
    </div>
  );
}

function CapabilityToggles({ values, onChange, idPrefix }: { values: Pick<ModelValues, "chat" | "tools" | "embeddings">; onChange: (key: (typeof capabilities)[number], value: boolean) => void; idPrefix: string }) {
  const t = useT();
  return (
    <div className="flex flex-wrap gap-1.5">
      {capabilities.map((c) => (
        <label
          key={c}
          htmlFor={`${idPrefix}-${c}`}
          className="flex cursor-pointer items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs hover:bg-muted has-[:checked]:border-primary/50 has-[:checked]:bg-primary/10 has-[:checked]:text-primary"
        >
          <input id={`${idPrefix}-${c}`} type="checkbox" className="size-3.5 accent-[var(--color-primary)]" checked={values[c]} onChange={(e) => onChange(c, e.target.checked)} data-testid={`model-${c}`} />
          {t(`admin.models.capabilities.${c}`)}
        </label>
      ))}
    </div>
  );
}

function CellError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} role="alert" data-testid="field-error" className="mt-1 max-w-48 text-xs font-medium text-destructive">
      {message}
    </p>
  );
}

function ModelRow({ model, provider, onDelete }: { model: ProviderModel; provider: ProviderRow; onDelete: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const saved = modelValuesOf(model);
  const [values, setValues] = useState(saved);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<string | null>(null);
  const rowRef = useRef<HTMLTableRowElement>(null);
  // When the saved model changes (another row saved, a test added fields), follow it unless edited.
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    setValues(JSON.parse(savedKey) as ModelValues);
  }, [savedKey]);
  const dirty = modelValuesChanged(values, saved);

  const update = useMutation(
    trpc.models.updateModel.mutationOptions({
      onMutate: () => setRowError(null),
      onSuccess: async () => {
        setFieldErrors({});
        await invalidate();
      },
      onError: (error) => {
        const fields = errors.fields(error);
        setFieldErrors(fields);
        setRowError(Object.keys(fields).length ? null : errors.message(error));
      },
    }),
  );
  const set = <K extends keyof ModelValues>(key: K, value: ModelValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setFieldErrors(({ [key]: _edited, ...others }) => others);
  };
  function save() {
    const { input, issues } = toUpdateModelInput(model.id, values);
    const parsed = updateModelInput.safeParse(input);
    const all = [...issues, ...(parsed.success ? [] : parsed.error.issues.filter((i) => !issues.some((n) => n.path[0] === i.path[0])))];
    if (all.length) {
      setFieldErrors(errors.issues(all));
      requestAnimationFrame(() => rowRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setFieldErrors({});
    update.mutate(input);
  }
  const id = `model-${model.id}`;
  const field = (key: "displayName" | "contextWindow" | "inputPricePerMTokEur" | "outputPricePerMTokEur", label: string) => ({
    ...describedBy(`${id}-${key}`, { error: fieldErrors[key] }),
    "aria-label": label,
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    onKeyDown: (e: { key: string; preventDefault: () => void }) => {
      if (e.key === "Enter") {
        e.preventDefault();
        save();
      }
    },
  });

  return (
    <>
      <tr ref={rowRef} data-testid="model-row" data-model={model.name} className={cn("align-top", !values.enabled && "text-muted-foreground")}>
        <td className="px-2 py-2.5 first:pl-3">
          <Input {...field("displayName", t("admin.models.table.displayNameOf", { name: model.name }))} className="h-8 min-w-36" data-testid="model-display-name" />
          <CellError id={`${id}-displayName`} message={fieldErrors.displayName} />
          <p className="mt-1 max-w-44 truncate font-mono text-[0.7rem] text-muted-foreground" title={model.name}>
            {model.name}
          </p>
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <CapabilityToggles idPrefix={id} values={values} onChange={(key, value) => set(key, value)} />
          <CellError id={`${id}-chat`} message={fieldErrors.chat ?? fieldErrors.embeddings ?? fieldErrors.tools} />
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <Input {...field("contextWindow", t("admin.models.table.context"))} type="number" inputMode="numeric" min="256" className="h-8 w-20" data-testid="model-context" />
          <CellError id={`${id}-contextWindow`} message={fieldErrors.contextWindow} />
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <div className="flex items-center gap-1.5">
            <div className="flex flex-col gap-0.5">
              <span className="text-[0.7rem] text-muted-foreground">{t("admin.models.table.input")}</span>
              <Input {...field("inputPricePerMTokEur", t("admin.models.table.inputPrice"))} inputMode="decimal" className="h-8 w-16" data-testid="model-input-price" />
            </div>
            <div className="flex flex-col gap-0.5">
              <span className="text-[0.7rem] text-muted-foreground">{t("admin.models.table.output")}</span>
              <Input {...field("outputPricePerMTokEur", t("admin.models.table.outputPrice"))} inputMode="decimal" className="h-8 w-16" data-testid="model-output-price" />
            </div>
          </div>
          <CellError id={`${id}-inputPricePerMTokEur`} message={fieldErrors.inputPricePerMTokEur} />
          <CellError id={`${id}-outputPricePerMTokEur`} message={fieldErrors.outputPricePerMTokEur} />
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <NativeSelect
            value={values.sovereignty}
            onChange={(e) => set("sovereignty", e.target.value as Sovereignty | "")}
            aria-label={t("admin.models.table.sovereigntyOf", { name: model.displayName })}
            className="h-8 w-44 px-2 text-xs"
            data-testid="model-sovereignty"
          >
            <option value="">{t("admin.models.table.inherit")}</option>
            {sovereigntyLabels.map((s) => (
              <option key={s} value={s}>
                {t(`sovereignty.${s}`)}
              </option>
            ))}
          </NativeSelect>
          <div className="mt-1.5">
            <SovereigntyBadge sovereignty={values.sovereignty || provider.sovereignty} />
          </div>
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <Switch checked={values.enabled} onCheckedChange={(enabled) => set("enabled", enabled)} aria-label={t("admin.models.table.enabledOf", { name: model.displayName })} className="mt-1.5" data-testid="model-enabled" />
        </td>
        <td className="px-2 py-2.5 first:pl-3">
          <div className="flex items-center justify-end gap-1">
            <Button size="sm" variant={dirty ? "default" : "outline"} onClick={save} disabled={!dirty || update.isPending} data-testid="model-save">
              {update.isPending ? t("common.saving") : t("common.save")}
            </Button>
            <Button size="icon" variant="ghost" className="size-8 text-muted-foreground hover:text-destructive" onClick={onDelete} aria-label={t("admin.models.table.deleteOf", { name: model.displayName })} data-testid="model-delete">
              <Trash2 aria-hidden />
            </Button>
          </div>
        </td>
      </tr>
      {rowError && (
        <tr>
          <td colSpan={7} className="px-3 pb-2.5">
            <FormError message={rowError} />
          </td>
        </tr>
      )}
    </>
  );
}

function AddModelDialog({ provider, onClose }: { provider: ProviderRow; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const [name, setName] = useState("");
  const [values, setValues] = useState<ModelValues>({
    displayName: "",
    chat: true,
    tools: false,
    embeddings: false,
    contextWindow: "8192",
    inputPricePerMTokEur: "0",
    outputPricePerMTokEur: "0",
    sovereignty: "",
    enabled: true,
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const add = useMutation(
    trpc.models.addModel.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
      onError: (error) => {
        setFieldErrors(errors.fields(error));
        setFormError(errors.message(error));
        focusFirstInvalid(formRef.current);
      },
    }),
  );
  const set = <K extends keyof ModelValues>(key: K, value: ModelValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { input, issues } = toAddModelInput(provider.id, name, values);
    const parsed = modelInput.safeParse(input);
    const all = [...issues, ...(parsed.success ? [] : parsed.error.issues.filter((i) => !issues.some((n) => n.path[0] === i.path[0])))];
    if (all.length) {
      setFieldErrors(errors.issues(all));
      return focusFirstInvalid(formRef.current);
    }
    setFieldErrors({});
    add.mutate(input);
  }
  const text = (key: "displayName" | "contextWindow" | "inputPricePerMTokEur" | "outputPricePerMTokEur", help = false) => ({
    ...describedBy(`new-model-${key}`, { error: fieldErrors[key], help }),
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("admin.models.add.title", { provider: provider.name })}</DialogTitle>
            <DialogDescription>{t("admin.models.add.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <FormField id="new-model-name" label={t("admin.models.add.name")} error={fieldErrors.name} help={t("admin.models.add.nameHelp")}>
            <Input
              {...describedBy("new-model-name", { error: fieldErrors.name, help: true })}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
              spellCheck={false}
              className="font-mono"
              placeholder={provider.kind === "local_gguf" ? "/srv/models/mistral-7b-instruct.Q4_K_M.gguf" : "mistral-small-latest"}
              data-testid="new-model-name"
            />
          </FormField>
          <FormField id="new-model-displayName" label={t("admin.models.add.displayName")} error={fieldErrors.displayName} optional>
            <Input {...text("displayName")} data-testid="new-model-display-name" />
          </FormField>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium">{t("admin.models.table.capabilities")}</legend>
            <CapabilityToggles idPrefix="new-model" values={values} onChange={(key, value) => set(key, value)} />
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField id="new-model-contextWindow" label={t("admin.models.table.context")} error={fieldErrors.contextWindow}>
              <Input {...text("contextWindow")} type="number" inputMode="numeric" min="256" />
            </FormField>
            <FormField id="new-model-inputPricePerMTokEur" label={t("admin.models.table.inputPrice")} error={fieldErrors.inputPricePerMTokEur}>
              <Input {...text("inputPricePerMTokEur")} inputMode="decimal" />
            </FormField>
            <FormField id="new-model-outputPricePerMTokEur" label={t("admin.models.table.outputPrice")} error={fieldErrors.outputPricePerMTokEur}>
              <Input {...text("outputPricePerMTokEur")} inputMode="decimal" />
            </FormField>
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={add.isPending} data-testid="new-model-save">
              {add.isPending ? t("common.saving") : t("admin.models.add.submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The built-in engine's model: nothing to configure (no context, no price, no deletion), only
 * the switch that makes it available to assistants or not.
 */
export function BuiltinModels({ provider }: { provider: ProviderRow }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateModels();
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(
    trpc.models.updateModel.mutationOptions({
      onMutate: () => setError(null),
      onSuccess: () => invalidate(),
      onError: (e) => setError(errors.message(e)),
    }),
  );
  return (
    <div className="flex flex-col gap-3 border-t bg-muted/20 px-5 py-4">
      <FormError message={error} />
      <ul className="divide-y rounded-md border bg-card">
        {provider.models.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-3 px-3 py-2.5 text-sm" data-testid="model-row" data-model={m.name}>
            <span className="min-w-0 flex-1 font-medium">{t("knowledge.builtinModel")}</span>
            <span className="rounded-full border px-2 py-0.5 text-xs text-muted-foreground">{t("admin.models.capabilities.chat")}</span>
            <SovereigntyBadge sovereignty={m.effectiveSovereignty} />
            <Switch
              checked={m.enabled}
              disabled={update.isPending}
              onCheckedChange={(enabled) => update.mutate({ id: m.id, enabled })}
              aria-label={t("admin.models.table.enabledOf", { name: t("knowledge.builtinModel") })}
              data-testid="model-enabled"
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
