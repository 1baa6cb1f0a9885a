import { useQuery } from "@tanstack/react-query";
import { MessageSquareText } from "lucide-react";
import { useT } from "~/i18n";
import { useTRPC } from "~/lib/trpc";

/** The assistant's conversation starters (set in the Studio), each sent as the first message on click. */
export function Starters({ assistantId, onPick, disabled }: { assistantId: string; onPick: (text: string) => void; disabled?: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const assistant = useQuery(trpc.assistants.byId.queryOptions({ id: assistantId }));
  const starters = (assistant.data?.starters ?? []).filter((s) => s.trim());
  if (starters.length === 0) return null;
  return (
    <section className="flex flex-col gap-2" aria-label={t("chat.starters")}>
      <h3 className="text-center text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("chat.starters")}</h3>
      <ul className="grid gap-2 sm:grid-cols-2">
        {starters.map((s) => (
          <li key={s}>
            <button
              type="button"
              onClick={() => onPick(s)}
              disabled={disabled}
              className="flex h-full w-full items-start gap-2 rounded-lg border bg-card px-3 py-2.5 text-left text-sm shadow-sm transition hover:border-primary/40 hover:bg-primary/5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
              data-testid="starter"
            >
              <MessageSquareText className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
              <span>{s}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
