import { Braces, Plus, X } from "lucide-react";
import { useRef } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Button } from "~/components/ui/button";
import { Input, Textarea } from "~/components/ui/input";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";
import { MAX_STARTERS } from "./assistant-values";
import { GroupError, SectionCard, type SectionProps } from "./editor-section";

const SUGGESTED_EMOJIS = ["🤖", "⚖️", "📄", "💼", "🧾", "📊", "🩺", "🛡️", "🎓", "✍️", "🔎", "💡", "🧑‍💼", "🛠️", "🏦", "🌍"];

/** Profile: emoji avatar, name and description. */
export function ProfileSection({ values, set, errors, readOnly, autoFocus }: SectionProps & { autoFocus?: boolean }) {
  const t = useT();
  const text = (key: "name" | "description" | "emoji") => ({
    ...describedBy(`assistant-${key}`, { error: errors[key] }),
    value: values[key],
    disabled: readOnly,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  return (
    <SectionCard id="profile" title={t("studio.sections.profile")}>
      <div className="grid gap-5 sm:grid-cols-[7rem_1fr]">
        <FormField id="assistant-emoji" label={t("studio.emoji")} error={errors.emoji}>
          <Input {...text("emoji")} className="text-center text-xl" maxLength={16} data-testid="assistant-emoji" />
        </FormField>
        <FormField id="assistant-name" label={t("studio.name")} error={errors.name}>
          <Input {...text("name")} placeholder={t("studio.namePlaceholder")} autoFocus={autoFocus} maxLength={80} data-testid="assistant-name" />
        </FormField>
      </div>
      {!readOnly && (
        <fieldset className="-mt-2 flex flex-wrap gap-1">
          <legend className="sr-only">{t("studio.emojiSuggestions")}</legend>
          {SUGGESTED_EMOJIS.map((e) => (
            <button
              key={e}
              type="button"
              onClick={() => set("emoji", e)}
              aria-label={t("studio.useEmoji", { emoji: e })}
              aria-pressed={values.emoji === e}
              className={cn(
                "flex size-8 items-center justify-center rounded-md text-lg transition-colors hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                values.emoji === e && "bg-primary/10 ring-1 ring-primary/40",
              )}
            >
              {e}
            </button>
          ))}
        </fieldset>
      )}
      <FormField id="assistant-description" label={t("studio.description")} error={errors.description} optional>
        <Input {...text("description")} placeholder={t("studio.descriptionPlaceholder")} maxLength={500} data-testid="assistant-description" />
      </FormField>
    </SectionCard>
  );
}

export const promptVariables = ["user.name", "user.email", "today", "assistant.name", "workspace.name"] as const;
type PromptVariable = (typeof promptVariables)[number];
const variableKeys = {
  "user.name": "userName",
  "user.email": "userEmail",
  today: "today",
  "assistant.name": "assistantName",
  "workspace.name": "workspaceName",
} as const satisfies Record<PromptVariable, string>;

/** Instructions, with buttons that insert a variable where the cursor is. */
export function InstructionsSection({ values, set, errors, readOnly }: SectionProps) {
  const t = useT();
  const ref = useRef<HTMLTextAreaElement>(null);

  function insert(variable: PromptVariable) {
    const el = ref.current;
    const token = `{{${variable}}}`;
    const current = values.instructions;
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? start;
    set("instructions", current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <SectionCard id="instructions" title={t("studio.sections.instructions")} description={t("studio.instructionsHelp")}>
      <FormField id="assistant-instructions" label={t("studio.instructions")} error={errors.instructions}>
        <Textarea
          {...describedBy("assistant-instructions", { error: errors.instructions, help: true })}
          ref={ref}
          value={values.instructions}
          disabled={readOnly}
          onChange={(e) => set("instructions", e.target.value)}
          rows={12}
          placeholder={t("studio.instructionsPlaceholder")}
          className="font-mono text-[0.85rem]"
          data-testid="assistant-instructions"
        />
      </FormField>
      <div id="assistant-instructions-help" className="flex flex-col gap-2 rounded-md bg-muted/50 p-3">
        <p className="flex items-center gap-1.5 text-xs font-medium">
          <Braces className="size-3.5" aria-hidden />
          {t("studio.variables.title")}
        </p>
        <p className="text-xs text-muted-foreground">{t("studio.variables.help")}</p>
        <ul className="flex flex-wrap gap-2">
          {promptVariables.map((v) => (
            <li key={v}>
              <button
                type="button"
                onClick={() => insert(v)}
                disabled={readOnly}
                title={t(`studio.variables.${variableKeys[v]}`)}
                aria-label={t("studio.variables.insert", { variable: `{{${v}}}`, meaning: t(`studio.variables.${variableKeys[v]}`) })}
                className="inline-flex items-center gap-1.5 rounded-md border bg-card px-2 py-1 font-mono text-xs transition-colors hover:border-primary/50 hover:bg-primary/5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-60"
                data-testid="insert-variable"
                data-variable={v}
              >
                <Plus className="size-3 text-muted-foreground" aria-hidden />
                {`{{${v}}}`}
                <span className="hidden font-sans text-muted-foreground sm:inline">· {t(`studio.variables.${variableKeys[v]}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </SectionCard>
  );
}

/** Conversation starters: suggested first questions shown in the chat (up to six). */
export function StartersSection({ values, set, errors, readOnly }: SectionProps) {
  const t = useT();
  const starters = values.starters;
  const update = (index: number, text: string) => set("starters", starters.map((s, i) => (i === index ? text : s)));
  return (
    <SectionCard
      id="starters"
      title={t("studio.sections.starters")}
      description={t("studio.starters.help", { max: MAX_STARTERS })}
      actions={
        !readOnly && (
          <Button variant="outline" size="sm" onClick={() => set("starters", [...starters, ""])} disabled={starters.length >= MAX_STARTERS} data-testid="starter-add">
            <Plus aria-hidden />
            {t("studio.starters.add")}
          </Button>
        )
      }
    >
      {starters.length === 0 ? (
        <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">{t("studio.starters.empty")}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {starters.map((s, i) => (
            <li key={i} className="flex flex-col gap-1">
              <div className="flex items-center gap-2">
                <span className="w-5 shrink-0 text-right text-xs tabular-nums text-muted-foreground" aria-hidden>
                  {i + 1}.
                </span>
                <Input
                  {...describedBy(`assistant-starters-${i}`, { error: errors[`starters.${i}`] })}
                  value={s}
                  disabled={readOnly}
                  maxLength={200}
                  onChange={(e) => update(i, e.target.value)}
                  placeholder={t("studio.starters.placeholder")}
                  aria-label={t("studio.starters.label", { number: i + 1 })}
                  data-testid="starter-input"
                />
                {!readOnly && (
                  <Button variant="ghost" size="icon" onClick={() => set("starters", starters.filter((_, j) => j !== i))} aria-label={t("studio.starters.remove", { number: i + 1 })}>
                    <X aria-hidden />
                  </Button>
                )}
              </div>
              {errors[`starters.${i}`] && (
                <p id={`assistant-starters-${i}-error`} role="alert" data-testid="field-error" className="pl-7 text-xs font-medium text-destructive">
                  {errors[`starters.${i}`]}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <GroupError message={errors.starters} />
    </SectionCard>
  );
}
