import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "~/components/ui/button";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

/** Puts text on the clipboard; falls back to a hidden selection where the Clipboard API is missing (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions): try the old way.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** "Copy", then "Copied" for two seconds. */
export function CopyButton({ text, className, testId = "message-copy", iconOnly = false }: { text: string; className?: string; testId?: string; iconOnly?: boolean }) {
  const t = useT();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const label = state === "copied" ? t("chat.actions.copied") : state === "failed" ? t("chat.actions.copyFailed") : t("chat.actions.copy");
  return (
    <Button
      variant="ghost"
      size={iconOnly ? "icon" : "sm"}
      className={cn(iconOnly ? "size-8" : "h-8 gap-1.5 px-2", "text-muted-foreground", state === "copied" && "text-success", className)}
      onClick={async () => setState((await copyText(text)) ? "copied" : "failed")}
      aria-label={label}
      title={label}
      data-testid={testId}
      data-state={state}
    >
      {state === "copied" ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span className={iconOnly ? "sr-only" : "sr-only sm:not-sr-only"} aria-live="polite">
        {label}
      </span>
    </Button>
  );
}
