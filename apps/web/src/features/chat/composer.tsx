import { ArrowUp, Square } from "lucide-react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

/**
 * Message input. Enter sends, Shift+Enter adds a line. While an answer streams the Send button
 * becomes Stop. The text is cleared only when sending succeeded.
 */
export function Composer({
  onSend,
  onStop,
  streaming,
  disabled,
  maxChars,
  error,
  placeholder,
}: {
  /** Resolves true when the message was accepted. */
  onSend: (text: string) => Promise<boolean>;
  onStop?: () => void;
  streaming: boolean;
  disabled?: boolean;
  maxChars: number | undefined;
  error?: string | null;
  placeholder?: string;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const tooLong = maxChars !== undefined && text.length > maxChars;
  const nearLimit = maxChars !== undefined && text.length > maxChars * 0.8;
  const canSend = !disabled && !streaming && !sending && text.trim().length > 0 && !tooLong;

  async function send() {
    if (!canSend) return;
    setSending(true);
    try {
      if (await onSend(text)) setText("");
    } finally {
      setSending(false);
      requestAnimationFrame(() => ref.current?.focus());
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <div className={cn("flex items-end gap-2 rounded-xl border bg-card p-2 shadow-sm focus-within:ring-2 focus-within:ring-ring", tooLong && "border-destructive")}>
        <label htmlFor={id} className="sr-only">
          {t("chat.inputLabel")}
        </label>
        <Textarea
          id={id}
          ref={ref}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder ?? t("chat.placeholder")}
          disabled={disabled || streaming}
          rows={1}
          aria-invalid={tooLong || undefined}
          aria-describedby={nearLimit ? `${id}-count` : undefined}
          className="max-h-60 min-h-10 flex-1 resize-none border-0 bg-transparent shadow-none [field-sizing:content] focus-visible:ring-0"
          data-testid="chat-input"
        />
        {streaming ? (
          <Button variant="outline" onClick={onStop} aria-label={t("chat.stop")} data-testid="chat-stop" className="border-foreground/20">
            <Square className="fill-current" aria-hidden />
            <span className="hidden sm:inline">{t("chat.stop")}</span>
          </Button>
        ) : (
          <Button onClick={() => void send()} disabled={!canSend} aria-label={t("chat.send")} data-testid="chat-send">
            <ArrowUp aria-hidden />
            <span className="hidden sm:inline">{sending ? t("chat.sending") : t("chat.send")}</span>
          </Button>
        )}
      </div>
      {nearLimit && maxChars !== undefined && (
        <p id={`${id}-count`} aria-live="polite" className={cn("text-right text-xs", tooLong ? "font-medium text-destructive" : "text-muted-foreground")} data-testid="chat-counter">
          {tooLong ? t("chat.tooLong", { count: text.length, max: maxChars }) : `${text.length} / ${maxChars}`}
        </p>
      )}
    </div>
  );
}
