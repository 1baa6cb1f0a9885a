import { knowledgeStrictnessLevels } from "@atelier/validators";
import { useQuery } from "@tanstack/react-query";
import { Library } from "lucide-react";
import { Link } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { SensitivityBadge } from "~/features/knowledge/badges";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { GroupError, SectionCard, type SectionProps } from "./editor-section";

/** The data sources this user may attach (members cannot list them, and never edit assistants). */
export function useAttachableSources() {
  const trpc = useTRPC();
  const user = useUser();
  return useQuery(trpc.knowledge.sources.queryOptions(undefined, { enabled: user.role !== "member" }));
}

/**
 * Knowledge: which data sources the assistant answers from, how many passages it reads for
 * each question and how strictly it sticks to them.
 */
export function KnowledgeSection({
  values,
  set,
  errors,
  readOnly,
  hiddenCount,
  builtinEngine,
  hint,
}: SectionProps & { hiddenCount: number; builtinEngine: boolean; hint?: string }) {
  const { t, locale } = useI18n();
  const errorsOf = useErrors();
  const user = useUser();
  const sources = useAttachableSources();
  const selected = values.sourceIds;
  const toggle = (id: string, on: boolean) => set("sourceIds", on ? [...selected, id] : selected.filter((s) => s !== id));
  const list = sources.data ?? [];
  // A source attached earlier and now out of the list (deleted meanwhile) is not shown nor kept.
  const selectedVisible = selected.filter((id) => list.some((s) => s.id === id));

  return (
    <SectionCard id="knowledge" title={t("studio.knowledgeSection")} description={t("studio.sourcesHelp")}>
      {hint && !readOnly && (
        <Alert variant="info" title={t("studio.templates.hintTitle")} data-testid="template-knowledge-hint">
          {hint}
        </Alert>
      )}
      {/* Members cannot list data sources (Knowledge is for builders); they never edit assistants either. */}
      {user.role !== "member" && (
        <fieldset className="flex flex-col gap-2" data-testid="assistant-sources" aria-describedby={errors.sourceIds ? "assistant-sources-error" : undefined}>
          <legend className="mb-1 text-sm font-medium">{t("studio.sources")}</legend>
          {sources.isPending ? (
            <Skeleton className="h-20" />
          ) : sources.isError ? (
            <Alert variant="destructive">{errorsOf.message(sources.error)}</Alert>
          ) : list.length === 0 ? (
            <div className="flex flex-col items-start gap-2 rounded-md border border-dashed p-4 text-sm text-muted-foreground">
              <p>{t("studio.noSources")}</p>
              <Button asChild variant="outline" size="sm">
                <Link to="/knowledge">
                  <Library aria-hidden />
                  {t("studio.openKnowledge")}
                </Link>
              </Button>
            </div>
          ) : (
            <ul className="grid gap-2 sm:grid-cols-2">
              {list.map((s) => {
                const checked = selectedVisible.includes(s.id);
                return (
                  <li key={s.id}>
                    <label
                      className="flex h-full cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors hover:bg-muted/50 has-[:checked]:border-primary/50 has-[:checked]:bg-primary/5 has-[:disabled]:cursor-default has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                      data-testid="assistant-source-option"
                      data-source={s.name}
                    >
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
                        checked={checked}
                        disabled={readOnly}
                        onChange={(e) => toggle(s.id, e.target.checked)}
                      />
                      <span className="flex min-w-0 flex-1 flex-col gap-1">
                        <span className="truncate font-medium">{s.name}</span>
                        <span className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                          <SensitivityBadge sensitivity={s.sensitivity} />
                          <span>
                            {s.documentCount === 1 ? t("studio.sourceDocumentsOne") : t("studio.sourceDocuments", { count: formatCount(s.documentCount, locale) })}
                          </span>
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {hiddenCount > 0 && (
            <p className="text-xs text-muted-foreground" data-testid="assistant-hidden-sources">
              {hiddenCount === 1 ? t("studio.hiddenSourcesOne") : t("studio.hiddenSources", { count: hiddenCount })}
            </p>
          )}
          <GroupError id="assistant-sources-error" message={errors.sourceIds} />
        </fieldset>
      )}
      {builtinEngine && selectedVisible.length === 0 && hiddenCount === 0 && (
        <Alert variant="warning" data-testid="builtin-needs-sources">
          {t("studio.builtinNeedsSources")}
        </Alert>
      )}

      <div className="flex flex-col gap-5 border-t pt-5">
        <FormField id="assistant-knowledgePassages" label={t("studio.passages.label")} error={errors.knowledgePassages} help={t("studio.passages.help")}>
          <Input
            {...describedBy("assistant-knowledgePassages", { error: errors.knowledgePassages, help: true })}
            type="number"
            inputMode="numeric"
            min="0"
            max="20"
            step="1"
            value={values.knowledgePassages}
            disabled={readOnly}
            onChange={(e) => set("knowledgePassages", e.target.value)}
            className="max-w-32"
            data-testid="assistant-passages"
          />
        </FormField>
        <fieldset className="flex flex-col gap-2" data-testid="assistant-strictness">
          <legend className="mb-1.5 text-sm font-medium">{t("studio.strictness.label")}</legend>
          <div className="flex flex-col gap-2">
            {knowledgeStrictnessLevels.map((level) => (
              <label
                key={level}
                className="flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors hover:bg-muted/50 has-[:checked]:border-primary/50 has-[:checked]:bg-primary/5 has-[:disabled]:cursor-default has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                data-testid={`strictness-${level}`}
              >
                <input
                  type="radio"
                  name="assistant-strictness"
                  className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
                  checked={values.knowledgeStrictness === level}
                  disabled={readOnly}
                  onChange={() => set("knowledgeStrictness", level)}
                />
                <span className="flex min-w-0 flex-col gap-0.5">
                  <span className="font-medium">{t(`studio.strictness.${level}`)}</span>
                  <span className="text-xs text-muted-foreground">{t(`studio.strictness.${level}Help`)}</span>
                </span>
              </label>
            ))}
          </div>
          <GroupError message={errors.knowledgeStrictness} />
        </fieldset>
      </div>
    </SectionCard>
  );
}
