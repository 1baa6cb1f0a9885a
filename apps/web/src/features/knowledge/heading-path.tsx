import { ChevronRight } from "lucide-react";
import { cn } from "~/lib/utils";

/** The headings above a passage: "A › B › C". */
export function HeadingPath({ path, className }: { path: readonly string[]; className?: string }) {
  if (path.length === 0) return null;
  return (
    <span className={cn("inline-flex min-w-0 flex-wrap items-center gap-x-1 text-xs text-muted-foreground", className)} data-testid="heading-path">
      {path.map((heading, i) => (
        <span key={i} className="inline-flex items-center gap-1">
          {i > 0 && <ChevronRight className="size-3 shrink-0" aria-label="›" />}
          <span className="break-words">{heading}</span>
        </span>
      ))}
    </span>
  );
}
