import { Loader2 } from "lucide-react";
import type { ComponentProps } from "react";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}

export function Spinner({ className, label }: { className?: string; label?: string }) {
  const t = useT();
  return (
    <span role="status" className={cn("inline-flex items-center gap-2 text-sm text-muted-foreground", className)}>
      <Loader2 className="size-4 animate-spin" aria-hidden />
      <span className={label ? undefined : "sr-only"}>{label ?? t("common.loading")}</span>
    </span>
  );
}

/** A full-area loading indicator for pages. */
export function PageLoading() {
  return (
    <div className="flex h-full min-h-40 items-center justify-center">
      <Spinner />
    </div>
  );
}
