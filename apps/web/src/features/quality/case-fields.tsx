import { evalCaseFields, type EvalCaseFieldsInput } from "@atelier/validators";
import { useState } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Badge } from "~/components/ui/badge";
import { NativeSelect, Textarea } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { useErrors } from "~/lib/use-errors";
import type { CaseRow } from "./types";
import { type CaseField, type CaseValues, caseFieldError, toCaseInput, withoutFieldError } from "./case-values";

/**
 * The fields of a test case: question, reference answer (disabled when the assistant should say it
 * does not know), expected sources and tags (comma- or newline-separated) and language. `idPrefix`
 * keeps ids unique when several cases are edited on one page.
 */
export function CaseFields({
  idPrefix,
  values,
  errors,
  onChange,
  autoFocus = false,
}: {
  idPrefix: string;
  values: CaseValues;
  errors: Record<string, string>;
  onChange: <K extends CaseField>(key: K, value: CaseValues[K]) => void;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const id = (field: CaseField) => `${idPrefix}-${field}`;
  const error = (field: CaseField) => caseFieldError(errors, field);
  return (
    <div className="flex flex-col gap-4">
      <FormField id={id("question")} label={t("quality.caseForm.question")} error={error("question")}>
        <Textarea
          {...describedBy(id("question"), { error: error("question") })}
          value={values.question}
          onChange={(e) => onChange("question", e.target.value)}
          rows={2}
          maxLength={4000}
          autoFocus={autoFocus}
          data-testid="case-question"
        />
      </FormField>
      <div className="flex items-start gap-2.5">
        <input
          id={id("expectAbstention")}
          type="checkbox"
          className="mt-0.5 size-4 shrink-0 accent-[var(--color-primary)]"
          checked={values.expectAbstention}
          onChange={(e) => onChange("expectAbstention", e.target.checked)}
          aria-describedby={`${id("expectAbstention")}-help`}
          data-testid="case-abstention"
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={id("expectAbstention")} className="text-sm font-medium leading-none">
            {t("quality.caseForm.abstention")}
          </label>
          <p id={`${id("expectAbstention")}-help`} className="text-xs text-muted-foreground">
            {t("quality.caseForm.abstentionHelp")}
          </p>
        </div>
      </div>
      <FormField id={id("referenceAnswer")} label={t("quality.caseForm.reference")} error={error("referenceAnswer")} help={values.expectAbstention ? t("quality.caseForm.referenceDisabled") : t("quality.caseForm.referenceHelp")}>
        <Textarea
          {...describedBy(id("referenceAnswer"), { error: error("referenceAnswer"), help: true })}
          value={values.expectAbstention ? "" : values.referenceAnswer}
          onChange={(e) => onChange("referenceAnswer", e.target.value)}
          disabled={values.expectAbstention}
          rows={3}
          maxLength={8000}
          data-testid="case-reference"
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={id("expectedSources")} label={t("quality.caseForm.sources")} optional error={error("expectedSources")} help={t("quality.caseForm.sourcesHelp")}>
          <Textarea
            {...describedBy(id("expectedSources"), { error: error("expectedSources"), help: true })}
            value={values.expectedSources}
            onChange={(e) => onChange("expectedSources", e.target.value)}
            rows={2}
            className="min-h-0"
            data-testid="case-sources"
          />
        </FormField>
        <FormField id={id("tags")} label={t("quality.caseForm.tags")} optional error={error("tags")} help={t("quality.caseForm.tagsHelp")}>
          <Textarea
            {...describedBy(id("tags"), { error: error("tags"), help: true })}
            value={values.tags}
            onChange={(e) => onChange("tags", e.target.value)}
            rows={2}
            className="min-h-0"
            data-testid="case-tags"
          />
        </FormField>
      </div>
      <FormField id={id("language")} label={t("quality.caseForm.language")} error={error("language")} className="flex flex-col gap-1.5 sm:w-56">
        <NativeSelect
          {...describedBy(id("language"), { error: error("language") })}
          value={values.language}
          onChange={(e) => onChange("language", e.target.value as CaseValues["language"])}
          data-testid="case-language"
        >
          <option value="">{t("quality.caseForm.languageAny")}</option>
          <option value="en">{t("languages.en")}</option>
          <option value="fr">{t("languages.fr")}</option>
        </NativeSelect>
      </FormField>
    </div>
  );
}

/** A case form's state: its values, and field errors from the shared schema or the server, cleared as fields change. */
export function useCaseForm(initial: CaseValues) {
  const errorsOf = useErrors();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    values,
    errors,
    onChange: <K extends CaseField>(key: K, value: CaseValues[K]) => {
      setValues((v) => ({ ...v, [key]: value }));
      setErrors((e) => withoutFieldError(e, key));
    },
    /** The case to send, or null (and the errors shown) when the shared schema refuses it. */
    validate: (): EvalCaseFieldsInput | null => {
      const input = toCaseInput(values);
      const parsed = evalCaseFields.safeParse(input);
      if (!parsed.success) {
        setErrors(errorsOf.issues(parsed.error.issues));
        return null;
      }
      setErrors({});
      return input;
    },
    onServerError: (error: unknown) => setErrors(errorsOf.fields(error)),
  };
}

type CaseOrigin = CaseRow["origin"];

const ORIGIN_VARIANTS = { manual: "outline", import: "outline", seed: "outline", feedback: "warning", trace: "warning", generated: "info", review: "outline" } as const;

/** Where a case came from: written by hand, imported, from feedback or a trace, generated, shipped. */
export function OriginBadge({ origin }: { origin: CaseOrigin }) {
  const { t } = useI18n();
  return (
    <Badge variant={ORIGIN_VARIANTS[origin]} data-testid="case-origin">
      {t(`quality.origin.${origin}`)}
    </Badge>
  );
}
