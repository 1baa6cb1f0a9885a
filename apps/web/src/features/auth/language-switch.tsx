import { useMutation } from "@tanstack/react-query";
import { Languages } from "lucide-react";
import { dictionaries, locales, useI18n, type Locale } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useSessionQuery } from "./use-session";

/** Changes the language on this device and, when signed in, in the user's profile. */
export function useChangeLocale() {
  const { setLocale } = useI18n();
  const trpc = useTRPC();
  const session = useSessionQuery();
  const save = useMutation(trpc.auth.setLocale.mutationOptions());
  return (locale: Locale) => {
    setLocale(locale);
    if (session.data?.user) save.mutate({ locale });
  };
}

/** A compact language picker for the sign-in and setup pages. */
export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const change = useChangeLocale();
  return (
    <label className="inline-flex items-center gap-2 text-sm text-muted-foreground">
      <Languages className="size-4" aria-hidden />
      <span className="sr-only">{t("common.language")}</span>
      <select
        value={locale}
        onChange={(e) => change(e.target.value as Locale)}
        className="rounded-md border border-input bg-card px-2 py-1 text-sm text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        data-testid="language-switch"
      >
        {locales.map((l) => (
          <option key={l} value={l}>
            {dictionaries[l].languages[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
