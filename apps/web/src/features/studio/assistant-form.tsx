import { createAssistantInput, updateAssistantInput, visibilities, type Visibility } from "@atelier/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Library, MessagesSquare, Trash2 } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Input, NativeSelect, Textarea } from "~/components/ui/input";
import { SovereigntyBadge } from "~/components/sovereignty-badge";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { SensitivityBadge } from "~/features/knowledge/badges";
import { useI18n, useT } from "~/i18n";
import { formatCount, formatPricePerMTok } from "~/lib/format";
import { useTRPC, type UsableModel } from "~/lib/trpc";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useErrors } from "~/lib/use-errors";

export interface AssistantValues {
  name: string;
  description: string;
  emoji: string;
  instructions: string;
  /** "" = the workspace default. */
  modelId: string;
  temperature: string;
  maxOutputTokens: string;
  visibility: Visibility;
  teamId: string;
  /** Data sources the assistant answers from (only those the user may see). */
  sourceIds: string[];
}

export const emptyAssistant: AssistantValues = {
  name: "",
  description: "",
  emoji: "🤖",
  instructions: "",
  modelId: "",
  temperature: "0.3",
  maxOutputTokens: "1024",
  visibility: "private",
  teamId: "",
  sourceIds: [],
};

/** Form strings to the API input; empty numbers become NaN so the schema reports them. */
export function toAssistantInput(v: AssistantValues) {
  const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.replace(",", ".")));
  return {
    name: v.name,
    description: v.description,
    emoji: v.emoji,
    instructions: v.instructions,
    modelId: v.modelId || null,
    temperature: num(v.temperature),
    maxOutputTokens: num(v.maxOutputTokens),
    visibility: v.visibility,
    teamId: v.visibility === "team" ? v.teamId || null : null,
    sourceIds: v.sourceIds,
  };
}

const SUGGESTED_EMOJIS = ["🤖", "⚖️", "📄", "💼", "🧾", "📊", "🩺", "🛡️", "🎓", "✍️", "🔎", "💡"];

export function AssistantForm({
  id,
  initial,
  initialModelName,
  hiddenSourceCount = 0,
  readOnly = false,
}: {
  id?: string;
  initial: AssistantValues;
  initialModelName?: string;
  /** Sources attached by others that this user cannot see; they stay attached. */
  hiddenSourceCount?: number;
  readOnly?: boolean;
}) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const workspace = useQuery(trpc.workspace.info.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const models = useQuery(trpc.models.usable.queryOptions());

  const onSaved = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
    navigate("/studio");
  };
  const onError = (error: unknown) => {
    setFieldErrors(errors.fields(error));
    setFormError(errors.message(error));
    focusFirstInvalid(formRef.current);
  };
  const create = useMutation(trpc.assistants.create.mutationOptions({ onSuccess: onSaved, onError }));
  const update = useMutation(trpc.assistants.update.mutationOptions({ onSuccess: onSaved, onError }));
  const remove = useMutation(trpc.assistants.delete.mutationOptions({ onSuccess: onSaved, onError }));
  const pending = create.isPending || update.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const input = toAssistantInput(values);
    const parsed = id ? updateAssistantInput.safeParse({ ...input, id }) : createAssistantInput.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(errors.issues(parsed.error.issues));
      setFormError(t("studio.fixErrors"));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFieldErrors({});
    if (id) update.mutate({ ...input, id });
    else create.mutate(input);
  }

  const set = <K extends keyof AssistantValues>(key: K, value: AssistantValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: Exclude<keyof AssistantValues, "visibility" | "modelId" | "teamId" | "sourceIds">, help?: boolean) => ({
    ...describedBy(`assistant-${key}`, { error: fieldErrors[key], help }),
    value: values[key],
    disabled: readOnly,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });

  const defaultEntry = models.data?.find((m) => m.isDefault);
  const defaultModel = defaultEntry?.providerKind === "builtin" ? t("knowledge.builtinModel") : workspace.data?.model.model;
  const selectedModel = values.modelId ? models.data?.find((m) => m.id === values.modelId) : models.data?.find((m) => m.isDefault);
  const teamOptions = teams.data ?? [];

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-6">
      <FormError message={formError} />
      <Card className="flex flex-col gap-5 p-5 sm:p-6">
        <div className="grid gap-5 sm:grid-cols-[7rem_1fr]">
          <FormField id="assistant-emoji" label={t("studio.emoji")} error={fieldErrors.emoji}>
            <Input {...text("emoji")} className="text-center text-xl" maxLength={16} list="assistant-emoji-suggestions" data-testid="assistant-emoji" />
            <datalist id="assistant-emoji-suggestions">
              {SUGGESTED_EMOJIS.map((e) => (
                <option key={e} value={e} />
              ))}
            </datalist>
          </FormField>
          <FormField id="assistant-name" label={t("studio.name")} error={fieldErrors.name}>
            <Input {...text("name")} placeholder={t("studio.namePlaceholder")} autoFocus={!id} data-testid="assistant-name" />
          </FormField>
        </div>
        <FormField id="assistant-description" label={t("studio.description")} error={fieldErrors.description} optional>
          <Input {...text("description")} placeholder={t("studio.descriptionPlaceholder")} data-testid="assistant-description" />
        </FormField>
        <FormField id="assistant-instructions" label={t("studio.instructions")} error={fieldErrors.instructions} help={t("studio.instructionsHelp")}>
          <Textarea {...text("instructions", true)} rows={10} placeholder={t("studio.instructionsPlaceholder")} className="font-mono text-[0.85rem]" data-testid="assistant-instructions" />
        </FormField>
      </Card>

      <Card className="flex flex-col gap-5 p-5 sm:p-6">
        <h2 className="font-semibold">{t("studio.modelSection")}</h2>
        <FormField id="assistant-modelId" label={t("studio.model")} error={fieldErrors.modelId} help={t("studio.modelHelp")}>
          <NativeSelect
            {...describedBy("assistant-modelId", { error: fieldErrors.modelId, help: true })}
            value={values.modelId}
            disabled={readOnly}
            onChange={(e) => set("modelId", e.target.value)}
            data-testid="assistant-model"
          >
            <option value="">{defaultModel ? t("studio.modelDefaultOption", { model: defaultModel }) : t("studio.modelDefaultNone")}</option>
            {(models.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.providerKind === "builtin" ? t("knowledge.builtinModel") : `${m.displayName} — ${m.providerName}`}
              </option>
            ))}
            {/* A model no longer usable stays visible so saving does not silently change it. */}
            {values.modelId && models.data && !models.data.some((m) => m.id === values.modelId) && <option value={values.modelId}>{initialModelName ?? values.modelId}</option>}
          </NativeSelect>
          {selectedModel && <ModelFacts model={selectedModel} />}
        </FormField>
        <div className="grid gap-5 sm:grid-cols-2">
          <FormField id="assistant-temperature" label={t("studio.temperature")} error={fieldErrors.temperature} help={t("studio.temperatureHelp")}>
            <Input {...text("temperature", true)} type="number" inputMode="decimal" step="0.1" min="0" max="2" data-testid="assistant-temperature" />
          </FormField>
          <FormField id="assistant-maxOutputTokens" label={t("studio.maxTokens")} error={fieldErrors.maxOutputTokens} help={t("studio.maxTokensHelp")}>
            <Input {...text("maxOutputTokens", true)} type="number" inputMode="numeric" step="1" min="16" max="32768" data-testid="assistant-max-tokens" />
          </FormField>
        </div>
      </Card>

      <KnowledgeSection
        selected={values.sourceIds}
        onChange={(sourceIds) => set("sourceIds", sourceIds)}
        hiddenCount={hiddenSourceCount}
        builtinEngine={selectedModel?.providerKind === "builtin"}
        error={fieldErrors.sourceIds}
        readOnly={readOnly}
      />

      <Card className="flex flex-col gap-5 p-5 sm:p-6">
        <h2 className="font-semibold">{t("studio.sharing")}</h2>
        <div className="grid gap-5 sm:grid-cols-2">
          <FormField id="assistant-visibility" label={t("studio.visibility")} error={fieldErrors.visibility} help={t(`visibilityHelp.${values.visibility}`)}>
            <NativeSelect
              {...describedBy("assistant-visibility", { error: fieldErrors.visibility, help: true })}
              value={values.visibility}
              disabled={readOnly}
              onChange={(e) => set("visibility", e.target.value as Visibility)}
              data-testid="assistant-visibility"
            >
              {visibilities.map((v) => (
                <option key={v} value={v}>
                  {t(`visibility.${v}`)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {values.visibility === "team" && (
            <FormField id="assistant-teamId" label={t("studio.team")} error={fieldErrors.teamId} help={teamOptions.length === 0 && !teams.isPending ? t("studio.noTeams") : undefined}>
              <NativeSelect
                {...describedBy("assistant-teamId", { error: fieldErrors.teamId, help: teamOptions.length === 0 })}
                value={values.teamId}
                disabled={readOnly}
                onChange={(e) => set("teamId", e.target.value)}
                data-testid="assistant-team"
              >
                <option value="">{t("studio.chooseTeam")}</option>
                {teamOptions.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          )}
        </div>
      </Card>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex gap-2">
          {id && !readOnly && <DeleteAssistant name={initial.name} pending={remove.isPending} onConfirm={() => remove.mutate({ id })} />}
          {id && (
            <Button asChild variant="outline">
              <Link to={`/chat?assistant=${id}`}>
                <MessagesSquare aria-hidden />
                {t("studio.chatWithIt")}
              </Link>
            </Button>
          )}
        </div>
        <div className="flex gap-2">
          <Button asChild variant="ghost">
            <Link to="/studio">{t("common.cancel")}</Link>
          </Button>
          {!readOnly && (
            <Button type="submit" disabled={pending} data-testid="assistant-save">
              {pending ? t("common.saving") : id ? t("common.save") : t("studio.create")}
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}

function DeleteAssistant({ name, pending, onConfirm }: { name: string; pending: boolean; onConfirm: () => void }) {
  const t = useT();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive" disabled={pending} data-testid="assistant-delete">
          <Trash2 aria-hidden />
          {pending ? t("common.deleting") : t("common.delete")}
        </Button>
      }
      title={t("studio.deleteTitle", { name })}
      description={t("studio.deleteBody")}
      confirmLabel={t("common.delete")}
      onConfirm={onConfirm}
    />
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

/** The "Knowledge" section: which data sources the assistant answers from. */
function KnowledgeSection({
  selected,
  onChange,
  hiddenCount,
  builtinEngine,
  error,
  readOnly,
}: {
  selected: string[];
  onChange: (ids: string[]) => void;
  hiddenCount: number;
  builtinEngine: boolean;
  error?: string;
  readOnly: boolean;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const user = useUser();
  // Members cannot list data sources (Knowledge is for builders); they never edit assistants either.
  const sources = useQuery(trpc.knowledge.sources.queryOptions(undefined, { enabled: user.role !== "member" }));
  if (user.role === "member") return null;
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  const list = sources.data ?? [];
  // A source attached earlier and now out of the list (deleted meanwhile) is not shown nor kept.
  const selectedVisible = selected.filter((id) => list.some((s) => s.id === id));
  return (
    <Card className="flex flex-col gap-4 p-5 sm:p-6">
      <div>
        <h2 className="font-semibold">{t("studio.knowledgeSection")}</h2>
      </div>
      <fieldset className="flex flex-col gap-2" data-testid="assistant-sources" aria-describedby="assistant-sources-help">
        <legend className="mb-1 text-sm font-medium">{t("studio.sources")}</legend>
        <p id="assistant-sources-help" className="mb-1 text-xs text-muted-foreground">
          {t("studio.sourcesHelp")}
        </p>
        {sources.isPending ? (
          <Skeleton className="h-20" />
        ) : sources.isError ? (
          <Alert variant="destructive">{errors.message(sources.error)}</Alert>
        ) : list.length === 0 ? (
          <div className="flex flex-col items-start gap-2 rounded-md border border-dashed p-4 text-sm text-muted-foreground">
            <p>{t("studio.noSources")}</p>
            <Button asChild variant="outline" size="sm">
              <Link to="/knowledge">
                <Library aria-hidden />
                {t("studio.openKnowledge")}
              </Link>
            </Button>
          </div>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2">
            {list.map((s) => {
              const checked = selectedVisible.includes(s.id);
              return (
                <li key={s.id}>
                  <label
                    className="flex h-full cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors hover:bg-muted/50 has-[:checked]:border-primary/50 has-[:checked]:bg-primary/5 has-[:disabled]:cursor-default has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                    data-testid="assistant-source-option"
                    data-source={s.name}
                  >
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
                      checked={checked}
                      disabled={readOnly}
                      onChange={(e) => toggle(s.id, e.target.checked)}
                    />
                    <span className="flex min-w-0 flex-1 flex-col gap-1">
                      <span className="truncate font-medium">{s.name}</span>
                      <span className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                        <SensitivityBadge sensitivity={s.sensitivity} />
                        <span>
                          {s.documentCount === 1 ? t("studio.sourceDocumentsOne") : t("studio.sourceDocuments", { count: formatCount(s.documentCount, locale) })}
                        </span>
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {hiddenCount > 0 && (
          <p className="text-xs text-muted-foreground" data-testid="assistant-hidden-sources">
            {hiddenCount === 1 ? t("studio.hiddenSourcesOne") : t("studio.hiddenSources", { count: hiddenCount })}
          </p>
        )}
        {error && (
          <p role="alert" data-testid="field-error" className="text-xs font-medium text-destructive">
            {error}
          </p>
        )}
      </fieldset>
      {builtinEngine && selectedVisible.length === 0 && hiddenCount === 0 && (
        <Alert variant="warning" data-testid="builtin-needs-sources">
          {t("studio.builtinNeedsSources")}
        </Alert>
      )}
    </Card>
  );
}

export function ReadOnlyNotice() {
  const t = useT();
  return <Alert variant="info">{t("studio.readOnly")}</Alert>;
}
