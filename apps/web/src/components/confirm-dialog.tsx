import type { ReactNode } from "react";
import { FormError } from "~/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "~/components/ui/alert-dialog";
import { useT } from "~/i18n";

export interface ConfirmDialogProps {
  /** Controlled open state; leave out together with `onOpenChange` when a `trigger` opens the dialog. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The element that opens the dialog (rendered through AlertDialogTrigger asChild). */
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: ReactNode;
  /** Shown on the confirm button instead of `confirmLabel` while `pending`. */
  pendingLabel?: ReactNode;
  /** Disables the confirm button. */
  pending?: boolean;
  /** The mutation's error sentence. Pass it (even as null) to render a FormError inside the dialog. */
  error?: string | null;
  /**
   * Keep the dialog open after confirming, so the mutation's pending state and error show inside it;
   * the caller closes it on success. Without it the dialog closes as soon as the user confirms.
   */
  stayOpen?: boolean;
  onConfirm: () => void;
  testId?: string;
}

/** A destructive yes/no question: title, description, Cancel and a confirm button. */
export function ConfirmDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  confirmLabel,
  pendingLabel,
  pending = false,
  error,
  stayOpen = false,
  onConfirm,
  testId = "confirm-delete",
}: ConfirmDialogProps) {
  const t = useT();
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {trigger && <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>}
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {error !== undefined && <FormError message={error} />}
        <AlertDialogFooter>
          <AlertDialogCancel>{t("common.cancel")}</AlertDialogCancel>
          <AlertDialogAction
            onClick={(e) => {
              if (stayOpen) e.preventDefault();
              onConfirm();
            }}
            disabled={pending}
            data-testid={testId}
          >
            {pending && pendingLabel ? pendingLabel : confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
