import { useMemo } from "react";
import { dictionaries, useI18n } from "~/i18n";
import { appCodeMessage, errorMessage, fieldErrorsOf, issuesToFieldErrors } from "./errors";

/** Error helpers bound to the current language. */
export function useErrors() {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const dict = dictionaries[locale];
    return {
      message: (error: unknown) => errorMessage(error, t, dict),
      fields: (error: unknown) => fieldErrorsOf(error, dict),
      issues: (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => issuesToFieldErrors(issues, dict),
      appCode: (code: string | null | undefined) => appCodeMessage(code, t, dict),
    };
  }, [locale, t]);
}
