import { useState, type FormEvent } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";

/** "Publish": freezes the draft into version n, with an optional note saying what changed. */
export function PublishDialog({
  nextNumber,
  dirty,
  pending,
  error,
  onPublish,
  onClose,
}: {
  nextNumber: number;
  /** Unsaved changes are saved before publishing. */
  dirty: boolean;
  pending: boolean;
  error: string | null;
  onPublish: (note: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [note, setNote] = useState("");
  const tooLong = note.trim().length > 500;
  function submit(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    if (!tooLong) onPublish(note.trim());
  }
  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent>
        <form onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid="publish-form">
          <DialogHeader>
            <DialogTitle>{t("studio.publish.title", { number: nextNumber })}</DialogTitle>
            <DialogDescription>{t("studio.publish.body")}</DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <FormField id="publish-note" label={t("studio.publish.note")} optional error={tooLong ? t("fieldMessages.Use at most 500 characters") : undefined} help={t("studio.publish.noteHelp")}>
            <Textarea
              {...describedBy("publish-note", { error: tooLong ? "x" : undefined, help: true })}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              rows={3}
              placeholder={t("studio.publish.notePlaceholder")}
              autoFocus
              data-testid="publish-note"
            />
          </FormField>
          {dirty && <p className="text-sm text-muted-foreground">{t("studio.publish.savesFirst")}</p>}
          <DialogFooter>
            <Button variant="ghost" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={pending || tooLong} data-testid="publish-confirm">
              {pending ? t("studio.publish.publishing") : t("studio.publish.confirm", { number: nextNumber })}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
