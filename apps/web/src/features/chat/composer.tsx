import { ArrowUp, Square } from "lucide-react";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";
import { AssistantPickerButton, MentionList, type PickableAssistant } from "./assistant-picker";
import { matchAssistants, mentionAt, removeMention } from "./mention";

/**
 * Message input. Enter sends, Shift+Enter adds a line. While an answer streams the Send button
 * becomes Stop. The text is cleared only when sending succeeded. With `assistants`, the toolbar
 * shows who the next message goes to, and typing "@" picks another assistant.
 */
export function Composer({
  onSend,
  onStop,
  streaming,
  disabled,
  maxChars,
  error,
  placeholder,
  assistants,
  assistantId,
  onAssistantChange,
  tools,
  above,
}: {
  /** Resolves true when the message was accepted. */
  onSend: (text: string) => Promise<boolean>;
  onStop?: () => void;
  streaming: boolean;
  disabled?: boolean;
  maxChars: number | undefined;
  error?: string | null;
  placeholder?: string;
  assistants?: PickableAssistant[];
  assistantId?: string | null;
  onAssistantChange?: (id: string) => void;
  /** Buttons at the start of the toolbar (the paperclip). */
  tools?: ReactNode;
  /** Above the text (attachment chips). */
  above?: ReactNode;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [sending, setSending] = useState(false);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const tooLong = maxChars !== undefined && text.length > maxChars;
  const nearLimit = maxChars !== undefined && text.length > maxChars * 0.8;
  const selected = assistants?.find((a) => a.id === assistantId);
  const needsAssistant = !!assistants && !selected;
  const canSend = !disabled && !streaming && !sending && text.trim().length > 0 && !tooLong && !needsAssistant;

  const typed = assistants && onAssistantChange ? mentionAt(text, caret) : null;
  const mention = typed && typed.start !== dismissedAt ? typed : null;
  const options = mention && assistants ? matchAssistants(assistants, mention.query) : [];
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  async function send() {
    if (!canSend) return;
    setSending(true);
    try {
      if (await onSend(text)) {
        setText("");
        setCaret(0);
      }
    } finally {
      setSending(false);
      requestAnimationFrame(() => ref.current?.focus());
    }
  }

  function pick(assistant: PickableAssistant) {
    if (!mention) return;
    const next = removeMention(text, mention, caret);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    onAssistantChange?.(assistant.id);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention) {
      if (e.key === "Escape") {
        e.preventDefault();
        setDismissedAt(mention.start);
        return;
      }
      if (options.length > 0) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          const step = e.key === "ArrowDown" ? 1 : -1;
          setActive((activeIndex + step + options.length) % options.length);
          return;
        }
        if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
          e.preventDefault();
          const option = options[activeIndex];
          if (option) pick(option);
          return;
        }
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  const listId = `${id}-mentions`;
  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <div
        className={cn(
          "relative flex flex-col rounded-xl border bg-card p-2 shadow-sm focus-within:ring-2 focus-within:ring-ring",
          tooLong && "border-destructive",
        )}
      >
        {mention && <MentionList id={listId} options={options} active={activeIndex} query={mention.query} onPick={pick} onHover={setActive} />}
        {above}
        <label htmlFor={id} className="sr-only">
          {t("chat.inputLabel")}
        </label>
        <Textarea
          id={id}
          ref={ref}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => mention && setDismissedAt(mention.start)}
          onFocus={() => setDismissedAt(null)}
          placeholder={placeholder ?? (selected ? t("chat.placeholderTo", { name: selected.name }) : t("chat.placeholder"))}
          disabled={disabled || streaming}
          rows={1}
          role={assistants ? "combobox" : undefined}
          aria-autocomplete={assistants ? "list" : undefined}
          aria-expanded={assistants ? !!mention && options.length > 0 : undefined}
          aria-controls={mention && options.length > 0 ? listId : undefined}
          aria-activedescendant={mention && options.length > 0 ? `${listId}-${activeIndex}` : undefined}
          aria-invalid={tooLong || undefined}
          aria-describedby={nearLimit ? `${id}-count` : undefined}
          className="max-h-60 min-h-10 resize-none border-0 bg-transparent px-2 shadow-none [field-sizing:content] focus-visible:ring-0"
          data-testid="chat-input"
        />
        <div className="flex min-w-0 items-center gap-1 pt-1">
          {tools}
          {assistants && onAssistantChange && <AssistantPickerButton assistants={assistants} value={assistantId ?? null} onChange={onAssistantChange} disabled={streaming} />}
          <span className="ml-auto hidden truncate px-2 text-xs text-muted-foreground md:inline">{t("chat.enterHint")}</span>
          {streaming ? (
            <Button key="stop" variant="outline" size="sm" onClick={onStop} aria-label={t("chat.stop")} data-testid="chat-stop" className="ml-auto h-8 border-foreground/20 md:ml-0">
              <Square className="fill-current" aria-hidden />
              <span className="hidden sm:inline">{t("chat.stop")}</span>
            </Button>
          ) : (
            <Button key="send" size="sm" onClick={() => void send()} disabled={!canSend} aria-label={t("chat.send")} data-testid="chat-send" className="ml-auto h-8 md:ml-0">
              <ArrowUp aria-hidden />
              <span className="hidden sm:inline">{sending ? t("chat.sending") : t("chat.send")}</span>
            </Button>
          )}
        </div>
      </div>
      {needsAssistant && assistants.length > 0 && (
        <p className="text-xs text-amber-800" data-testid="composer-needs-assistant">
          {t("chat.needsAssistant")}
        </p>
      )}
      {nearLimit && maxChars !== undefined && (
        <p id={`${id}-count`} aria-live="polite" className={cn("text-right text-xs", tooLong ? "font-medium text-destructive" : "text-muted-foreground")} data-testid="chat-counter">
          {tooLong ? t("chat.tooLong", { count: text.length, max: maxChars }) : `${text.length} / ${maxChars}`}
        </p>
      )}
    </div>
  );
}
