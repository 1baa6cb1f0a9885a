import type { en } from "./en";

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language must fill completely. */
export type Dictionary = Widen<typeof en>;

type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every dotted key of the dictionary, e.g. "chat.send" or "errors.app.auth.required". */
export type TranslationKey = Paths<Dictionary>;
export type TranslationParams = Record<string, string | number>;
export type Translate = (key: TranslationKey, params?: TranslationParams) => string;

export const locales = ["en", "fr"] as const;
export type Locale = (typeof locales)[number];
