import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input } from "~/components/ui/input";
import { useT } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";

/** The same rules as `secrets.create` (its schema lives in the router, not in the shared validators). */
function secretIssues(name: string, value: string) {
  const issues: { path: string[]; message: string }[] = [];
  if (!name.trim()) issues.push({ path: ["name"], message: "Name the secret" });
  if (value.length < 4) issues.push({ path: ["value"], message: "At least 4 characters" });
  if (value.length > 4000) issues.push({ path: ["value"], message: "Use at most 4,000 characters" });
  return issues;
}

/**
 * A new secret for an HTTP action (an API key, a token). The value is typed masked, sent once,
 * stored encrypted and never shown again: the list shows its last four characters only.
 */
export function SecretDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation(
    trpc.secrets.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
        onCreated(id);
      },
      onError: (error) => {
        setFieldErrors(errors.fields(error));
        setFormError(errors.message(error));
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    // This form sits inside the action's form in the React tree: its submit must not reach it.
    e.stopPropagation();
    setFormError(null);
    const issues = secretIssues(name, value);
    if (issues.length) {
      setFieldErrors(errors.issues(issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFieldErrors({});
    create.mutate({ name: name.trim(), value });
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid="secret-form">
          <DialogHeader>
            <DialogTitle>{t("studio.secret.title")}</DialogTitle>
            <DialogDescription>{t("studio.secret.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <FormField id="secret-name" label={t("studio.secret.name")} error={fieldErrors.name}>
            <Input {...describedBy("secret-name", { error: fieldErrors.name })} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder={t("studio.secret.namePlaceholder")} autoFocus data-testid="secret-name" />
          </FormField>
          <FormField id="secret-value" label={t("studio.secret.value")} error={fieldErrors.value} help={t("studio.secret.valueHelp")}>
            <Input
              {...describedBy("secret-value", { error: fieldErrors.value, help: true })}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              data-testid="secret-value"
            />
          </FormField>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={create.isPending} data-testid="secret-save">
              {create.isPending ? t("common.saving") : t("studio.secret.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
