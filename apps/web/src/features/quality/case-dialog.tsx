import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { useI18n } from "~/i18n";
import { focusFirstInvalid } from "~/lib/focus-invalid";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { CaseFields, useCaseForm } from "./case-fields";
import { emptyCase, valuesOfCase } from "./case-values";
import type { CaseRow } from "./types";

/** "Add case" and "Edit": the case's fields, checked with the shared schema before sending. */
export function CaseDialog({ suiteId, editing, onClose, onSaved }: { suiteId: string; editing?: CaseRow; onClose: () => void; onSaved: (message: string) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useCaseForm(editing ? valuesOfCase(editing) : emptyCase);
  const [formError, setFormError] = useState<string | null>(null);
  const onError = (e: unknown) => {
    form.onServerError(e);
    setFormError(errors.message(e));
    focusFirstInvalid(formRef.current);
  };
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
    onSaved(editing ? t("quality.cases.updated") : t("quality.cases.added"));
    onClose();
  };
  const create = useMutation(trpc.evaluation.createCase.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.evaluation.updateCase.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className="max-w-2xl">
        <form
          ref={formRef}
          noValidate
          className="flex flex-col gap-5"
          data-testid="case-form"
          onSubmit={(e) => {
            e.preventDefault();
            setFormError(null);
            const input = form.validate();
            if (!input) {
              focusFirstInvalid(formRef.current);
              return;
            }
            if (editing) update.mutate({ id: editing.id, case: input });
            else create.mutate({ suiteId, case: input });
          }}
        >
          <DialogHeader>
            <DialogTitle>{editing ? t("quality.caseForm.editTitle") : t("quality.caseForm.createTitle")}</DialogTitle>
            <DialogDescription>{t("quality.caseForm.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <CaseFields idPrefix="case" values={form.values} errors={form.errors} onChange={form.onChange} autoFocus />
          <DialogFooter>
            <Button variant="ghost" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending} data-testid="case-submit">
              {pending ? t("common.saving") : editing ? t("common.save") : t("quality.caseForm.add")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
