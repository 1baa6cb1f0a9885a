import { createSourceInput, sensitivities, sourceKinds, updateSourceInput, type Sensitivity, type SourceKind } from "@atelier/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect, Textarea } from "~/components/ui/input";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC, type SourceDetail } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { kindIcons, SensitivityBadge } from "./badges";
import { emptySource, sourceFieldError, syncIntervals, toCreateSourceInput, toUpdateSourceInput, valuesOfSource, type SourceValues } from "./source-form";

/**
 * "New source" (kind first, then its fields) and "Edit" (same fields, the kind fixed). Validated
 * with the shared schema before sending; the server's field errors are shown beside the fields.
 */
export function SourceDialog({ source, onClose }: { source?: SourceDetail; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const user = useUser();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.knowledge.settings.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const isAdmin = user.role === "admin";
  const editing = !!source;
  const [values, setValues] = useState<SourceValues>(() => (source ? valuesOfSource(source) : emptySource));
  const [teamTouched, setTeamTouched] = useState(editing);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const teamOptions = teams.data ?? [];
  // A builder must pick one of their teams: preselect it when there is only one.
  const teamId = !teamTouched && !isAdmin && teamOptions.length === 1 ? teamOptions[0]!.id : values.teamId;
  const foldersEnabled = settings.data?.folderSourcesEnabled ?? false;

  const onError = (error: unknown) => {
    setFieldErrors(errors.fields(error));
    setFormError(errors.message(error));
    focusFirstInvalid(formRef.current);
  };
  const create = useMutation(
    trpc.knowledge.createSource.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.sources.queryKey() });
        onClose();
        navigate(`/knowledge/sources/${id}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.knowledge.updateSource.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
        onClose();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  const set = <K extends keyof SourceValues>(key: K, value: SourceValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    const remaining = Object.keys(fieldErrors).filter((field) => field !== key && field !== `config.${key}`);
    setFieldErrors(Object.fromEntries(remaining.map((field) => [field, fieldErrors[field]!])));
    // "Please correct the highlighted fields" goes once nothing is highlighted any more.
    if (remaining.length === 0 && Object.keys(fieldErrors).length > 0) setFormError(null);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const current = { ...values, teamId };
    const issues: { path: readonly PropertyKey[]; message: string }[] = [];
    if (!isAdmin && !current.teamId && !(editing && source?.teamId === null)) issues.push({ path: ["teamId"], message: "Choose a team you belong to" });
    const input = source ? toUpdateSourceInput(source.id, current) : toCreateSourceInput(current);
    const parsed = source ? updateSourceInput.safeParse(input) : createSourceInput.safeParse(input);
    if (!parsed.success) issues.push(...parsed.error.issues);
    if (issues.length) {
      setFieldErrors(errors.issues(issues));
      setFormError(t("knowledge.dialog.fixErrors"));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFieldErrors({});
    if (source) update.mutate(toUpdateSourceInput(source.id, current));
    else create.mutate(toCreateSourceInput(current));
  }

  const error = (field: Parameters<typeof sourceFieldError>[1]) => sourceFieldError(fieldErrors, field);
  const text = (key: "name" | "description" | "path" | "url" | "maxDepth" | "maxPages", help = false) => ({
    ...describedBy(`source-${key}`, { error: error(key), help }),
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const intervalKnown = syncIntervals.some((i) => i.value === values.interval);

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl">
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid="source-form">
          <DialogHeader>
            <DialogTitle>{source ? t("knowledge.dialog.editTitle", { name: source.name }) : t("knowledge.dialog.createTitle")}</DialogTitle>
            <DialogDescription>{source ? t("knowledge.dialog.kindFixed") : t("knowledge.dialog.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />

          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium">{t("knowledge.dialog.kind")}</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {sourceKinds.map((kind) => (
                <KindOption
                  key={kind}
                  kind={kind}
                  checked={values.kind === kind}
                  disabled={(editing && values.kind !== kind) || (kind === "folder" && !foldersEnabled && values.kind !== "folder")}
                  onSelect={() => set("kind", kind)}
                />
              ))}
            </div>
            <p className="text-xs text-muted-foreground">{t(`knowledge.kindHelp.${values.kind}`)}</p>
            {!editing && settings.data && !foldersEnabled && (
              <p className="text-xs text-muted-foreground" data-testid="folders-disabled">
                {t("knowledge.dialog.foldersDisabled")}
              </p>
            )}
          </fieldset>

          <FormField id="source-name" label={t("knowledge.dialog.name")} error={error("name")}>
            <Input {...text("name")} placeholder={t("knowledge.dialog.namePlaceholder")} maxLength={120} autoFocus data-testid="source-name" />
          </FormField>
          <FormField id="source-description" label={t("knowledge.dialog.description")} error={error("description")} optional>
            <Textarea {...text("description")} rows={2} placeholder={t("knowledge.dialog.descriptionPlaceholder")} className="min-h-14" data-testid="source-description" />
          </FormField>

          {values.kind === "folder" && (
            <FormField
              id="source-path"
              label={t("knowledge.dialog.folderPath")}
              error={error("path")}
              help={
                <>
                  {t("knowledge.dialog.folderPathHelp")}
                  {isAdmin && settings.data && settings.data.folderRoots.length > 0 && (
                    <span className="mt-0.5 block font-mono">{t("knowledge.dialog.allowedRoots", { roots: settings.data.folderRoots.join(", ") })}</span>
                  )}
                </>
              }
            >
              <Input {...text("path", true)} placeholder={t("knowledge.dialog.folderPathPlaceholder")} spellCheck={false} className="font-mono" data-testid="source-path" />
            </FormField>
          )}
          {values.kind === "website" && (
            <>
              <FormField id="source-url" label={t("knowledge.dialog.url")} error={error("url")} help={t("knowledge.dialog.urlHelp")}>
                <Input {...text("url", true)} type="url" inputMode="url" placeholder={t("knowledge.dialog.urlPlaceholder")} spellCheck={false} data-testid="source-url" />
              </FormField>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField id="source-maxDepth" label={t("knowledge.dialog.maxDepth")} error={error("maxDepth")} help={t("knowledge.dialog.maxDepthHelp")}>
                  <Input {...text("maxDepth", true)} type="number" inputMode="numeric" min="0" max="10" data-testid="source-max-depth" />
                </FormField>
                <FormField id="source-maxPages" label={t("knowledge.dialog.maxPages")} error={error("maxPages")} help={t("knowledge.dialog.maxPagesHelp")}>
                  <Input {...text("maxPages", true)} type="number" inputMode="numeric" min="1" max="5000" data-testid="source-max-pages" />
                </FormField>
              </div>
            </>
          )}

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              id="source-teamId"
              label={t("knowledge.dialog.team")}
              error={error("teamId")}
              help={!isAdmin && teamOptions.length === 0 && !teams.isPending ? t("knowledge.dialog.noTeams") : t("knowledge.dialog.teamHelp")}
            >
              <NativeSelect
                {...describedBy("source-teamId", { error: error("teamId"), help: true })}
                value={teamId}
                onChange={(e) => {
                  setTeamTouched(true);
                  set("teamId", e.target.value);
                }}
                data-testid="source-team"
              >
                {isAdmin || source?.teamId === null ? (
                  <option value="">{t("knowledge.wholeWorkspace")}</option>
                ) : (
                  <option value="" disabled>
                    {t("knowledge.dialog.chooseTeam")}
                  </option>
                )}
                {teamOptions.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
                {source?.teamId && !teamOptions.some((team) => team.id === source.teamId) && <option value={source.teamId}>{source.teamName ?? source.teamId}</option>}
              </NativeSelect>
            </FormField>
            {values.kind !== "upload" && (
              <FormField id="source-syncIntervalMinutes" label={t("knowledge.dialog.interval")} error={error("syncIntervalMinutes")}>
                <NativeSelect
                  {...describedBy("source-syncIntervalMinutes", { error: error("syncIntervalMinutes") })}
                  value={values.interval}
                  onChange={(e) => set("interval", e.target.value)}
                  data-testid="source-interval"
                >
                  {syncIntervals.map((i) => (
                    <option key={i.key} value={i.value}>
                      {t(`knowledge.dialog.intervals.${i.key}`)}
                    </option>
                  ))}
                  {!intervalKnown && <option value={values.interval}>{t("knowledge.dialog.intervals.custom", { minutes: values.interval })}</option>}
                </NativeSelect>
              </FormField>
            )}
          </div>

          <fieldset className="flex flex-col gap-2" data-testid="source-sensitivity">
            <legend className="mb-1.5 text-sm font-medium">{t("knowledge.dialog.sensitivity")}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {sensitivities.map((s) => (
                <SensitivityOption key={s} sensitivity={s} checked={values.sensitivity === s} onSelect={() => set("sensitivity", s)} />
              ))}
            </div>
            {error("sensitivity") && (
              <p role="alert" data-testid="field-error" className="text-xs font-medium text-destructive">
                {error("sensitivity")}
              </p>
            )}
          </fieldset>

          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending} data-testid="source-submit">
              {pending ? (source ? t("common.saving") : t("knowledge.dialog.creating")) : source ? t("common.save") : t("knowledge.dialog.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const optionClasses =
  "flex cursor-pointer gap-2.5 rounded-md border bg-card p-3 text-sm transition-colors hover:bg-muted/60 has-[:checked]:border-primary has-[:checked]:bg-primary/5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50";

function KindOption({ kind, checked, disabled, onSelect }: { kind: SourceKind; checked: boolean; disabled: boolean; onSelect: () => void }) {
  const t = useT();
  const Icon = kindIcons[kind];
  return (
    <label className={cn(optionClasses, "items-center")} data-testid={`source-kind-${kind}`}>
      <input type="radio" name="source-kind" value={kind} checked={checked} disabled={disabled} onChange={onSelect} className="sr-only" />
      <Icon className={cn("size-4 shrink-0", checked ? "text-primary" : "text-muted-foreground")} aria-hidden />
      <span className="font-medium">{t(`knowledge.kinds.${kind}`)}</span>
    </label>
  );
}

function SensitivityOption({ sensitivity, checked, onSelect }: { sensitivity: Sensitivity; checked: boolean; onSelect: () => void }) {
  const t = useT();
  return (
    <label className={cn(optionClasses, "flex-col gap-1.5")} data-testid={`source-sensitivity-${sensitivity}`}>
      <input type="radio" name="source-sensitivity" value={sensitivity} checked={checked} onChange={onSelect} className="sr-only" />
      <span className="self-start">
        <SensitivityBadge sensitivity={sensitivity} />
      </span>
      <span className="text-xs text-muted-foreground">{t(`knowledge.sensitivityHelp.${sensitivity}`)}</span>
    </label>
  );
}
