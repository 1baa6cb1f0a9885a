import { httpActionConfig } from "@atelier/validators";
import { useQuery } from "@tanstack/react-query";
import { KeyRound, ShieldQuestion, Upload } from "lucide-react";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input, NativeSelect, Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { authTypes, httpActionIssues, newActionId, toToolsInput, type HttpActionValues } from "./assistant-values";
import { asksBeforeRunning, outlineOpenApi } from "./openapi-outline";
import { SecretDialog } from "./secret-dialog";

const MAX_SPEC_BYTES = 500_000;

const emptyAction = (): HttpActionValues => ({ id: newActionId(), name: "", specText: "", baseUrl: "", operationIds: [], authType: "none", authName: "", secretId: "" });

/**
 * Adds or edits an HTTP action: an OpenAPI specification pasted or uploaded, the operations to
 * expose (listed by a quick reading in the browser; the server reads the specification fully
 * when the assistant runs), the base URL and how to authenticate.
 */
export function HttpActionDialog({ action, onClose, onSave }: { action?: HttpActionValues; onClose: () => void; onSave: (action: HttpActionValues) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const [values, setValues] = useState<HttpActionValues>(() => action ?? emptyAction());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [creatingSecret, setCreatingSecret] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const secrets = useQuery(trpc.secrets.list.queryOptions());
  const outline = useMemo(() => outlineOpenApi(values.specText), [values.specText]);
  const missing = values.operationIds.filter((id) => !outline.operations.some((o) => o.operationId === id));

  const set = <K extends keyof HttpActionValues>(key: K, value: HttpActionValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // The error of a field, under the name the schema gives it.
    const field = { authName: "auth.name", secretId: "auth.secretId", authType: "auth" }[key as string] ?? key;
    setFieldErrors((all) => Object.fromEntries(Object.entries(all).filter(([f]) => f !== field && !f.startsWith(`${field}.`))));
  };

  function setSpec(text: string) {
    set("specText", text);
    const title = outlineOpenApi(text).title;
    if (title && !values.name.trim()) setValues((v) => ({ ...v, specText: text, name: title.slice(0, 80) }));
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_SPEC_BYTES) {
      setFieldErrors((all) => ({ ...all, specText: t("studio.http.specTooLarge") }));
      return;
    }
    setSpec(await file.text());
  }

  const toggleOperation = (id: string, on: boolean) => set("operationIds", on ? [...values.operationIds, id] : values.operationIds.filter((o) => o !== id));

  function submit(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    setFormError(null);
    const input = toToolsInput({ knowledgeSearch: false, calculator: false, currentDatetime: false, sqlQuery: false, httpActions: [values] }).httpActions?.[0];
    const parsed = httpActionConfig.safeParse(input);
    // The sentences written for the form come first: only the first error of a field is shown.
    const issues = [...httpActionIssues(values, 0).map((i) => ({ ...i, path: i.path.slice(3) })), ...(parsed.success ? [] : parsed.error.issues)];
    if (issues.length) {
      setFieldErrors(errors.issues(issues));
      setFormError(t("studio.fixErrors"));
      focusFirstInvalid(formRef.current);
      return;
    }
    onSave({ ...values, name: values.name.trim(), baseUrl: values.baseUrl.trim(), authName: values.authName.trim() });
  }

  const secretOptions = secrets.data ?? [];
  const foreignSecret = values.secretId && secrets.data && !secrets.data.some((s) => s.id === values.secretId);

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        {/* A form of its own: the dialog is portalled out of the assistant's form, but events still bubble through React. */}
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid="http-action-form">
          <DialogHeader>
            <DialogTitle>{action ? t("studio.http.editTitle", { name: action.name }) : t("studio.http.addTitle")}</DialogTitle>
            <DialogDescription>{t("studio.http.dialogBody")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />

          <FormField id="http-name" label={t("studio.http.name")} error={fieldErrors.name}>
            <Input {...describedBy("http-name", { error: fieldErrors.name })} value={values.name} maxLength={80} onChange={(e) => set("name", e.target.value)} placeholder={t("studio.http.namePlaceholder")} data-testid="http-action-name" />
          </FormField>

          <FormField
            id="http-spec"
            label={t("studio.http.spec")}
            error={fieldErrors.specText}
            help={t("studio.http.specHelp")}
          >
            <Textarea
              {...describedBy("http-spec", { error: fieldErrors.specText, help: true })}
              value={values.specText}
              onChange={(e) => setSpec(e.target.value)}
              rows={8}
              spellCheck={false}
              placeholder={"openapi: 3.0.3\ninfo:\n  title: …\npaths:\n  /…:"}
              className="font-mono text-xs"
              data-testid="http-action-spec"
            />
            <div>
              <Button variant="outline" size="sm" onClick={() => fileRef.current?.click()}>
                <Upload aria-hidden />
                {t("studio.http.upload")}
              </Button>
              <input
                ref={fileRef}
                type="file"
                accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
                className="sr-only"
                tabIndex={-1}
                aria-hidden
                onChange={(e) => {
                  void upload(e.target.files?.[0]);
                  e.target.value = "";
                }}
                data-testid="http-action-file"
              />
            </div>
          </FormField>

          <fieldset className="flex flex-col gap-2" data-testid="http-action-operations" aria-describedby={fieldErrors.operationIds ? "http-operations-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">{t("studio.http.pickOperations")}</legend>
            {values.specText.trim() === "" ? (
              <p className="text-xs text-muted-foreground">{t("studio.http.pasteFirst")}</p>
            ) : outline.operations.length === 0 ? (
              <Alert variant="warning">{t(`studio.http.outline.${outline.problem ?? "no_paths"}`)}</Alert>
            ) : (
              <ul className="flex max-h-64 flex-col divide-y overflow-y-auto rounded-md border">
                {outline.operations.map((o) => (
                  <li key={o.operationId}>
                    <label className="flex cursor-pointer items-start gap-3 p-2.5 text-sm hover:bg-muted/50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring" data-testid="http-operation" data-operation={o.operationId}>
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
                        checked={values.operationIds.includes(o.operationId)}
                        onChange={(e) => toggleOperation(o.operationId, e.target.checked)}
                      />
                      <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                        <span className="flex min-w-0 flex-wrap items-center gap-2">
                          <Badge variant={asksBeforeRunning(o.method) ? "warning" : "secondary"} className="font-mono">
                            {o.method}
                          </Badge>
                          <span className="min-w-0 break-all font-mono text-xs">{o.path}</span>
                        </span>
                        <span className="text-xs text-muted-foreground">
                          {o.summary ? `${o.summary} · ` : ""}
                          <span className="font-mono">{o.operationId}</span>
                        </span>
                        {asksBeforeRunning(o.method) && (
                          <span className="flex items-center gap-1 text-xs font-medium text-amber-800" data-testid="http-operation-asks">
                            <ShieldQuestion className="size-3.5" aria-hidden />
                            {t("studio.http.asks")}
                          </span>
                        )}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {missing.length > 0 && (
              <Alert variant="warning">
                {t("studio.http.missingOperations", { operations: missing.join(", ") })}{" "}
                <button type="button" className="font-medium underline underline-offset-2" onClick={() => set("operationIds", values.operationIds.filter((id) => !missing.includes(id)))}>
                  {t("studio.http.dropMissing")}
                </button>
              </Alert>
            )}
            {fieldErrors.operationIds && (
              <p id="http-operations-error" role="alert" data-testid="field-error" className="text-xs font-medium text-destructive">
                {fieldErrors.operationIds}
              </p>
            )}
          </fieldset>

          <FormField
            id="http-baseUrl"
            label={t("studio.http.baseUrl")}
            error={fieldErrors.baseUrl}
            optional
            help={outline.servers[0] ? t("studio.http.baseUrlDefault", { url: outline.servers[0] }) : t("studio.http.baseUrlRequired")}
          >
            <Input
              {...describedBy("http-baseUrl", { error: fieldErrors.baseUrl, help: true })}
              value={values.baseUrl}
              type="url"
              inputMode="url"
              onChange={(e) => set("baseUrl", e.target.value)}
              placeholder={outline.servers[0] ?? "https://api.example.com/v1"}
              data-testid="http-action-base-url"
            />
          </FormField>

          <div className="grid gap-5 sm:grid-cols-2">
            <FormField id="http-auth" label={t("studio.http.authLabel")}>
              <NativeSelect id="http-auth" value={values.authType} onChange={(e) => set("authType", e.target.value as HttpActionValues["authType"])} data-testid="http-action-auth">
                {authTypes.map((type) => (
                  <option key={type} value={type}>
                    {t(`studio.http.auth.${type}`)}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            {(values.authType === "header" || values.authType === "query") && (
              <FormField id="http-authName" label={values.authType === "header" ? t("studio.http.headerName") : t("studio.http.queryName")} error={fieldErrors["auth.name"]}>
                <Input
                  {...describedBy("http-authName", { error: fieldErrors["auth.name"] })}
                  value={values.authName}
                  onChange={(e) => set("authName", e.target.value)}
                  placeholder={values.authType === "header" ? "X-API-Key" : "api_key"}
                  className="font-mono"
                  data-testid="http-action-auth-name"
                />
              </FormField>
            )}
          </div>
          {values.authType !== "none" && (
            <FormField id="http-secret" label={t("studio.http.secret")} error={fieldErrors["auth.secretId"]} help={t("studio.http.secretHelp")}>
              <div className="flex flex-col gap-2 sm:flex-row">
                <NativeSelect
                  {...describedBy("http-secret", { error: fieldErrors["auth.secretId"], help: true })}
                  value={values.secretId}
                  onChange={(e) => set("secretId", e.target.value)}
                  className="sm:flex-1"
                  data-testid="http-action-secret"
                >
                  <option value="">{secrets.isPending ? t("common.loading") : t("studio.http.chooseSecret")}</option>
                  {secretOptions.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.masked})
                    </option>
                  ))}
                  {foreignSecret && <option value={values.secretId}>{t("studio.http.otherEditorSecret")}</option>}
                </NativeSelect>
                <Button variant="outline" onClick={() => setCreatingSecret(true)} data-testid="http-action-new-secret">
                  <KeyRound aria-hidden />
                  {t("studio.secret.new")}
                </Button>
              </div>
              {secrets.isError && <p className="text-xs text-destructive">{errors.message(secrets.error)}</p>}
            </FormField>
          )}

          <DialogFooter>
            <Button variant="ghost" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" data-testid="http-action-save">
              {action ? t("studio.http.update") : t("studio.http.addButton")}
            </Button>
          </DialogFooter>
        </form>
        {creatingSecret && (
          <SecretDialog
            onClose={() => setCreatingSecret(false)}
            onCreated={(id) => {
              set("secretId", id);
              setCreatingSecret(false);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
