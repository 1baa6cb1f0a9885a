import { CircleCheck, X } from "lucide-react";
import { useEffect, useState } from "react";
import { useT } from "~/i18n";

/**
 * A short confirmation at the bottom of the screen ("2 imported, 1 row skipped") that goes away
 * by itself after a few seconds; announced to screen readers.
 */
export function useNotice() {
  const t = useT();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);
  const notice = (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex justify-center sm:inset-x-auto sm:right-6 sm:bottom-6">
      {message && (
        <div role="status" className="pointer-events-auto flex max-w-md items-start gap-3 rounded-lg border bg-card p-3 pr-2 text-sm shadow-lg" data-testid="toast">
          <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
          <p className="min-w-0 flex-1">{message}</p>
          <button type="button" onClick={() => setMessage(null)} className="rounded-sm p-0.5 text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <X className="size-4" aria-hidden />
            <span className="sr-only">{t("common.close")}</span>
          </button>
        </div>
      )}
    </div>
  );
  return { notice, show: setMessage };
}
