import type { ReactNode } from "react";
import { useT } from "~/i18n";
import { Label } from "./ui/label";

/** Accessibility attributes tying an input to its help text and error. */
export function describedBy(id: string, opts: { error?: string | null; help?: ReactNode }) {
  const ids = [opts.help ? `${id}-help` : null, opts.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": opts.error ? true : undefined, "aria-describedby": ids || undefined } as const;
}

export function FormField({
  id,
  label,
  error,
  help,
  optional,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  error?: string | null;
  help?: ReactNode;
  optional?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const t = useT();
  return (
    <div className={className ?? "flex flex-col gap-1.5"}>
      <Label htmlFor={id}>
        {label}
        {optional && <span className="ml-1 font-normal text-muted-foreground">({t("common.optional")})</span>}
      </Label>
      {children}
      {help && (
        <p id={`${id}-help`} className="text-xs text-muted-foreground">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} data-testid="field-error" role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
