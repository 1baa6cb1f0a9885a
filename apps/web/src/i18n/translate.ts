import type { Dictionary, Translate, TranslationParams } from "./types";

type Tree = { [key: string]: string | Tree };

/**
 * Finds a dotted key in a nested dictionary. Keys may themselves contain dots
 * (e.g. "errors.app.auth.required"), so the longest direct match wins at each level.
 */
export function lookup(tree: Tree, key: string): string | undefined {
  const direct = tree[key];
  if (typeof direct === "string") return direct;
  let dot = key.indexOf(".");
  while (dot !== -1) {
    const child = tree[key.slice(0, dot)];
    if (child && typeof child === "object") {
      const found = lookup(child, key.slice(dot + 1));
      if (found !== undefined) return found;
    }
    dot = key.indexOf(".", dot + 1);
  }
  return undefined;
}

/** Replaces `{name}` with `params.name`; unknown parameters are left as written. */
export function interpolate(template: string, params?: TranslationParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** A translator for one dictionary, falling back to another (English) and then to the key. */
export function createTranslator(dict: Dictionary, fallback?: Dictionary): Translate {
  return (key, params) => {
    const template = lookup(dict as unknown as Tree, key) ?? (fallback ? lookup(fallback as unknown as Tree, key) : undefined) ?? key;
    return interpolate(template, params);
  };
}

/** Whether a (possibly unknown at compile time) key exists, for codes coming from the server. */
export function hasKey(dict: Dictionary, key: string): boolean {
  return lookup(dict as unknown as Tree, key) !== undefined;
}

/** Every leaf key of a dictionary, dotted; used to check that translations are complete. */
export function leafKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : leafKeys(v as object, `${prefix}${k}.`)));
}
