import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en } from "./en";
import { fr } from "./fr";
import { createTranslator } from "./translate";
import { locales, type Dictionary, type Locale, type Translate } from "./types";

export type { Locale, Translate, TranslationKey } from "./types";
export { locales } from "./types";

export const dictionaries: Record<Locale, Dictionary> = { en, fr };
const STORAGE_KEY = "atelier.locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The locale explicitly chosen on this device, if any. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function browserLocale(languages: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]): Locale {
  for (const lang of languages) {
    const base = lang.toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return "en";
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Formats a date for the current locale. */
  formatDate: (date: Date | string | number) => string;
  /** Formats a day (no time) for the current locale. */
  formatDay: (date: Date | string | number) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => storedLocale() ?? browserLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18nValue>(() => {
    const tag = locale === "fr" ? "fr-FR" : "en-GB";
    const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" });
    const dayFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium" });
    return {
      locale,
      setLocale,
      t: createTranslator(dictionaries[locale], en),
      formatDate: (date) => dateFormat.format(new Date(date)),
      formatDay: (date) => dayFormat.format(new Date(date)),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
