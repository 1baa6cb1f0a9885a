import { ChevronDown } from "lucide-react";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuRadioGroup, DropdownMenuRadioItem, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

/** What the picker and the @mention list show of an assistant. */
export interface PickableAssistant {
  id: string;
  name: string;
  emoji: string;
  description: string;
}

/** The assistant the next message goes to, in the composer's toolbar. */
export function AssistantPickerButton({
  assistants,
  value,
  onChange,
  disabled,
}: {
  assistants: PickableAssistant[];
  value: string | null;
  onChange: (id: string) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const selected = assistants.find((a) => a.id === value);
  const label = selected ? t("chat.nextAssistant", { name: selected.name }) : t("chat.chooseAssistant");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className={cn("h-8 min-w-0 max-w-56 gap-1.5 px-2", !selected && "text-amber-800")}
          disabled={disabled || assistants.length === 0}
          aria-label={label}
          title={label}
          data-testid="composer-assistant"
          data-assistant={selected?.name ?? ""}
        >
          <span aria-hidden>{selected?.emoji ?? "🤖"}</span>
          <span className="truncate">{selected?.name ?? t("chat.chooseAssistant")}</span>
          <ChevronDown className="opacity-60" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" side="top" className="max-h-80 w-72 overflow-y-auto">
        <DropdownMenuLabel>{t("chat.nextAssistantTitle")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={value ?? ""} onValueChange={onChange}>
          {assistants.map((a) => (
            <DropdownMenuRadioItem key={a.id} value={a.id} data-testid="composer-assistant-option">
              <span aria-hidden>{a.emoji}</span>
              <span className="min-w-0 truncate">{a.name}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The assistants matching an "@name" being typed; the textarea keeps the focus and drives it. */
export function MentionList({
  id,
  options,
  active,
  query,
  onPick,
  onHover,
}: {
  id: string;
  options: PickableAssistant[];
  active: number;
  query: string;
  onPick: (assistant: PickableAssistant) => void;
  onHover: (index: number) => void;
}) {
  const t = useT();
  return (
    <div className="absolute inset-x-0 bottom-full z-20 mb-2 overflow-hidden rounded-lg border bg-card shadow-lg" data-testid="mention-list">
      <p className="border-b px-3 py-1.5 text-xs font-medium text-muted-foreground">{t("chat.mentionTitle")}</p>
      {options.length === 0 ? (
        <p className="px-3 py-2 text-sm text-muted-foreground">{t("chat.mentionEmpty", { query })}</p>
      ) : (
        <div id={id} role="listbox" aria-label={t("chat.mentionTitle")} className="max-h-64 overflow-y-auto p-1">
          {options.map((a, i) => (
            <div
              key={a.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              className={cn("flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm", i === active && "bg-muted")}
              onMouseDown={(e) => {
                // Keep the focus in the textarea.
                e.preventDefault();
                onPick(a);
              }}
              onMouseEnter={() => onHover(i)}
              data-testid="mention-option"
            >
              <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-muted" aria-hidden>
                {a.emoji}
              </span>
              <span className="min-w-0">
                <span className="block truncate font-medium">{a.name}</span>
                {a.description && <span className="block truncate text-xs text-muted-foreground">{a.description}</span>}
              </span>
            </div>
          ))}
        </div>
      )}
      <p className="hidden border-t px-3 py-1 text-[0.7rem] text-muted-foreground sm:block">{t("chat.mentionHint")}</p>
    </div>
  );
}
