import type { ReactNode } from "react";
import { cn } from "~/lib/utils";

/** Buttons of which one is pressed (a period, a grouping, a layout), in a fieldset named for screen readers. */
export function Segmented<T extends string>({
  legend,
  options,
  value,
  onChange,
  testIdPrefix,
  className,
}: {
  legend: string;
  options: readonly { value: T; label: ReactNode }[];
  value: T;
  onChange: (value: T) => void;
  testIdPrefix: string;
  className?: string;
}) {
  return (
    <fieldset className={cn("flex flex-wrap gap-1 self-start rounded-lg border bg-muted/40 p-1", className)}>
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring [&_svg]:size-4",
            value === o.value ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
          )}
          data-testid={`${testIdPrefix}-${o.value}`}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
