import { createAssistantInput, updateAssistantInput } from "@atelier/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FlaskConical, MessagesSquare, Rocket, Save, Trash2 } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useBlocker, useNavigate } from "react-router";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogTitle } from "~/components/ui/dialog";
import { useI18n } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC, type AssistantDetail } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { httpActionIssues, sameValues, toAssistantInput, type AssistantValues } from "./assistant-values";
import { EditorHeader, useVersions, VersionStatus } from "./editor-header";
import { KnowledgeSection, useAttachableSources } from "./knowledge-section";
import { ModelSection, useSelectedModel } from "./model-section";
import { InstructionsSection, ProfileSection, StartersSection } from "./profile-sections";
import { PreviewPanel } from "./preview-panel";
import { PublishDialog, PublishedNotice, type PublishedInfo } from "./publish-dialog";
import { SharingSection } from "./sharing-section";
import { ToolsSection } from "./tools-section";

/** Wide enough for the form and the preview side by side. */
const WIDE = "(min-width: 1280px)";

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== "undefined" && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener("change", onChange);
    return () => list.removeEventListener("change", onChange);
  }, [query]);
  return matches;
}

/**
 * The assistant editor. A new assistant is created from scratch and the Studio list opens; an
 * existing one edits its draft, with a live preview of the saved draft and "Publish" to freeze
 * it into a version.
 */
export function AssistantEditor({
  assistant,
  initial,
  importWarnings,
  knowledgeHint,
}: {
  assistant?: AssistantDetail;
  initial: AssistantValues;
  /** What "Import YAML" could not bring over. */
  importWarnings?: string[];
  /** The documents the template it was created from suggests connecting. */
  knowledgeHint?: string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = assistant?.id;
  const readOnly = !!assistant && !assistant.canEdit;
  const canAdminister = !assistant || assistant.canAdminister;
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<PublishedInfo | null>(null);
  const wide = useMediaQuery(WIDE);
  const [previewOpen, setPreviewOpen] = useState(() => !!id && !readOnly && typeof window !== "undefined" && window.matchMedia(WIDE).matches);
  // The side panel becomes a full-screen sheet on narrow screens: it should not appear by surprise when the window shrinks.
  useEffect(() => {
    if (!wide) setPreviewOpen(false);
  }, [wide]);
  const formRef = useRef<HTMLFormElement>(null);
  const leaving = useRef(false);
  const dirty = !readOnly && !sameValues(values, saved);

  const versions = useVersions(id, !!id && !readOnly);
  const sources = useAttachableSources();
  const selectedModel = useSelectedModel(values.modelId);
  const builtinEngine = selectedModel?.providerKind === "builtin";
  const sensitiveSources = (sources.data ?? []).filter((s) => values.sourceIds.includes(s.id) && (s.sensitivity === "confidential" || s.sensitivity === "secret")).map((s) => s.name);

  const create = useMutation(trpc.assistants.create.mutationOptions());
  const update = useMutation(trpc.assistants.update.mutationOptions());
  const remove = useMutation(
    trpc.assistants.delete.mutationOptions({
      onSuccess: async () => {
        leaving.current = true;
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        navigate("/studio");
      },
      onError: (e) => setFormError(errors.message(e)),
    }),
  );
  const saving = create.isPending || update.isPending;

  // Unsaved changes: ask before leaving the editor or closing the tab.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const set: <K extends keyof AssistantValues>(key: K, value: AssistantValues[K]) => void = (key, value) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (Object.keys(fieldErrors).length === 0) return;
    const remaining = Object.fromEntries(Object.entries(fieldErrors).filter(([field]) => field !== key && !field.startsWith(`${key}.`)));
    setFieldErrors(remaining);
    // "Please correct the highlighted fields" goes once nothing is highlighted any more.
    if (Object.keys(remaining).length === 0) setFormError(null);
  };

  function showServerError(error: unknown) {
    const fields = errors.fields(error);
    // The sensitivity check names the source in English: say it in the user's language.
    if (errorInfo(error).appCode === "assistants.sensitivity") fields.modelId = t("studio.sensitiveModelError");
    setFieldErrors(fields);
    setFormError(errors.message(error));
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  }

  /** Validates with the shared schema, then creates or saves the draft; resolves whether it worked. */
  async function save(): Promise<boolean> {
    setFormError(null);
    const snapshot = values;
    const input = toAssistantInput(snapshot, { sharing: canAdminister });
    const parsed = id ? updateAssistantInput.safeParse({ ...input, id }) : createAssistantInput.safeParse(input);
    // The sentences written for the form come first: only the first error of a field is shown.
    const issues = [...snapshot.tools.httpActions.flatMap((h, i) => httpActionIssues(h, i)), ...(parsed.success ? [] : parsed.error.issues)];
    if (issues.length) {
      setFieldErrors(errors.issues(issues));
      setFormError(t("studio.fixErrors"));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return false;
    }
    setFieldErrors({});
    try {
      if (id) {
        await update.mutateAsync({ ...input, id });
        setSaved(snapshot);
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
      } else {
        await create.mutateAsync(input);
        leaving.current = true;
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        navigate("/studio");
      }
      return true;
    } catch (error) {
      showServerError(error);
      return false;
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void save();
  }

  /** Before Publish: unsaved changes are saved; when they cannot be, the dialog closes on the form's errors. */
  async function saveBeforePublish(): Promise<boolean> {
    if (!dirty) return true;
    const ok = await save();
    if (!ok) setPublishing(false);
    return ok;
  }

  const lastNumber = versions.data?.versions[0]?.number ?? 0;
  const preview = id && !readOnly && previewOpen && (
    <PreviewPanel
      assistantId={id}
      emoji={values.emoji}
      starters={values.starters}
      dirty={dirty}
      beforeSend={() => (dirty ? save() : Promise.resolve(true))}
      onClose={() => setPreviewOpen(false)}
      className={wide ? "h-full" : "h-full rounded-none border-0 shadow-none"}
    />
  );

  return (
    <>
      <EditorHeader
        assistantId={id}
        emoji={values.emoji}
        title={id ? values.name || assistant.name : t("studio.createTitle")}
        tab="settings"
        status={id && !readOnly ? <VersionStatus assistantId={id} dirty={dirty} /> : undefined}
        actions={
          readOnly ? undefined : id ? (
            <>
              <Button
                variant={previewOpen ? "secondary" : "outline"}
                onClick={() => setPreviewOpen((o) => !o)}
                aria-pressed={previewOpen}
                aria-label={t("studio.preview.button")}
                className="px-2.5 sm:px-4"
                data-testid="preview-toggle"
              >
                <FlaskConical aria-hidden />
                <span className="hidden sm:inline">{t("studio.preview.button")}</span>
              </Button>
              <Button variant="outline" onClick={() => void save()} disabled={saving || !dirty} data-testid="assistant-save">
                <Save aria-hidden />
                {saving ? t("common.saving") : dirty ? t("studio.saveDraft") : t("studio.savedDraft")}
              </Button>
              <Button
                onClick={() => setPublishing(true)}
                disabled={!versions.data || (!dirty && !versions.data.draftChanged)}
                title={versions.data && !dirty && !versions.data.draftChanged ? t("studio.publish.nothingNew") : undefined}
                data-testid="publish"
              >
                <Rocket aria-hidden />
                {t("studio.publish.button")}
              </Button>
            </>
          ) : undefined
        }
      />
      <div className="relative mx-auto flex w-full max-w-7xl items-start gap-6 px-4 py-6 sm:px-8">
        <form ref={formRef} onSubmit={submit} noValidate className="flex min-w-0 flex-1 flex-col gap-6" data-testid="assistant-form">
          {readOnly && <Alert variant="info">{t("studio.readOnly")}</Alert>}
          {importWarnings && importWarnings.length > 0 && (
            <Alert variant="warning" title={t("studio.import.warningsTitle")} data-testid="import-warnings">
              <ul className="list-disc pl-4">
                {importWarnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          )}
          {published && id && <PublishedNotice assistantId={id} info={published} />}
          {/* Announced when it appears; out of the flow (no empty gap) while there is none. */}
          <div aria-live="assertive" className={formError ? undefined : "absolute"}>
            {formError && <Alert variant="destructive">{formError}</Alert>}
          </div>
          <ProfileSection values={values} set={set} errors={fieldErrors} readOnly={readOnly} autoFocus={!id} />
          <InstructionsSection values={values} set={set} errors={fieldErrors} readOnly={readOnly} />
          <ModelSection
            values={values}
            set={set}
            errors={fieldErrors}
            readOnly={readOnly}
            initialModelName={assistant?.model?.displayName}
            sensitiveSources={sensitiveSources}
          />
          <KnowledgeSection
            values={values}
            set={set}
            errors={fieldErrors}
            readOnly={readOnly}
            hiddenCount={assistant?.hiddenSourceCount ?? 0}
            builtinEngine={builtinEngine}
            hint={knowledgeHint}
          />
          <ToolsSection
            values={values}
            set={set}
            errors={fieldErrors}
            readOnly={readOnly}
            builtinEngine={builtinEngine}
            modelSupportsTools={selectedModel?.tools ?? true}
            hasSources={values.sourceIds.length > 0 || (assistant?.hiddenSourceCount ?? 0) > 0}
          />
          <StartersSection values={values} set={set} errors={fieldErrors} readOnly={readOnly} />
          <SharingSection values={values} set={set} errors={fieldErrors} readOnly={readOnly} assistantId={id} canAdminister={canAdminister} />

          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="flex gap-2">
              {id && canAdminister && !readOnly && (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" className="text-destructive hover:text-destructive" disabled={remove.isPending} data-testid="assistant-delete">
                      <Trash2 aria-hidden />
                      {remove.isPending ? t("common.deleting") : t("common.delete")}
                    </Button>
                  }
                  title={t("studio.deleteTitle", { name: assistant.name })}
                  description={t("studio.deleteBody")}
                  confirmLabel={t("common.delete")}
                  onConfirm={() => remove.mutate({ id })}
                />
              )}
              {id && (
                <Button asChild variant="outline">
                  <Link to={`/chat/new?assistant=${id}`}>
                    <MessagesSquare aria-hidden />
                    {t("studio.chatWithIt")}
                  </Link>
                </Button>
              )}
            </div>
            {!readOnly && (
              <div className="flex gap-2">
                <Button asChild variant="ghost">
                  <Link to="/studio">{t("common.cancel")}</Link>
                </Button>
                <Button type="submit" disabled={saving || (!!id && !dirty)} data-testid={id ? "assistant-save-bottom" : "assistant-save"}>
                  {saving ? t("common.saving") : id ? t("studio.saveDraft") : t("studio.create")}
                </Button>
              </div>
            )}
          </div>
        </form>
        {preview && wide && <aside className="sticky top-36 h-[calc(100dvh-10.5rem)] w-[24rem] shrink-0">{preview}</aside>}
      </div>

      {preview && !wide && (
        <Dialog open onOpenChange={(open) => !open && setPreviewOpen(false)}>
          <DialogContent className="inset-0 left-0 top-0 h-dvh max-h-none w-full max-w-none translate-x-0 translate-y-0 gap-0 rounded-none border-0 p-0 sm:inset-y-0 sm:left-auto sm:right-0 sm:w-[28rem] sm:border-l [&>button:last-child]:hidden">
            <DialogTitle className="sr-only">{t("studio.preview.title")}</DialogTitle>
            {preview}
          </DialogContent>
        </Dialog>
      )}

      {publishing && id && (
        <PublishDialog
          assistantId={id}
          nextNumber={lastNumber + 1}
          dirty={dirty}
          saving={saving}
          beforePublish={saveBeforePublish}
          onPublished={(info) => {
            setPublished(info);
            setPublishing(false);
          }}
          onClose={() => setPublishing(false)}
        />
      )}

      <ConfirmDialog
        open={blocker.state === "blocked"}
        onOpenChange={(open) => !open && blocker.state === "blocked" && blocker.reset()}
        title={t("studio.leave.title")}
        description={t("studio.leave.body")}
        confirmLabel={t("studio.leave.confirm")}
        onConfirm={() => blocker.state === "blocked" && blocker.proceed()}
        testId="leave-confirm"
      />
    </>
  );
}
