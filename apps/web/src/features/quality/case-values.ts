import type { EvalCaseFieldsInput } from "@atelier/validators";

/** What the case form edits, as the strings of its fields. */
export interface CaseValues {
  question: string;
  referenceAnswer: string;
  expectAbstention: boolean;
  /** Comma- or newline-separated. */
  expectedSources: string;
  /** Comma- or newline-separated. */
  tags: string;
  /** "" = not set. */
  language: "" | "en" | "fr";
}

export const emptyCase: CaseValues = { question: "", referenceAnswer: "", expectAbstention: false, expectedSources: "", tags: "", language: "" };

/** "a, b\nc" → ["a", "b", "c"]: trimmed, empty items dropped, duplicates (ignoring case) once. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of text.split(/[,\n\r]+/)) {
    const value = item.trim();
    if (!value || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push(value);
  }
  return out;
}

export function joinList(items: readonly string[]): string {
  return items.join(", ");
}

/** A stored case back into the form's fields. */
export function valuesOfCase(c: { question: string; referenceAnswer: string; expectAbstention: boolean; expectedSources: string[]; tags: string[]; language: "en" | "fr" | null }): CaseValues {
  return {
    question: c.question,
    referenceAnswer: c.referenceAnswer,
    expectAbstention: c.expectAbstention,
    expectedSources: joinList(c.expectedSources),
    tags: joinList(c.tags),
    language: c.language ?? "",
  };
}

/** The form's fields as the API's case (to validate with `evalCaseFields`, then send). */
export function toCaseInput(values: CaseValues): EvalCaseFieldsInput {
  return {
    question: values.question,
    // The reference field is disabled when the assistant should say it does not know: what it held does not count.
    referenceAnswer: values.expectAbstention ? "" : values.referenceAnswer,
    expectAbstention: values.expectAbstention,
    expectedSources: splitList(values.expectedSources),
    tags: splitList(values.tags),
    language: values.language || null,
  };
}

export type CaseField = keyof CaseValues;

/**
 * The error of one field among the form's errors, whatever their path: "tags.2" (an item of the
 * list, from the zod schema) and "case.question" (from the server) both belong to their field.
 */
export function caseFieldError(errors: Record<string, string>, field: CaseField): string | undefined {
  for (const [path, message] of Object.entries(errors)) {
    const parts = path.split(".");
    const at = parts[0] === "case" ? parts[1] : parts[0];
    if (at === field) return message;
  }
  return undefined;
}

/** The form's errors once a field changed: that field's error goes (and ticking "should say it does not know" settles the reference's). */
export function withoutFieldError(errors: Record<string, string>, changed: CaseField): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const parts = path.split(".");
    const at = parts[0] === "case" ? parts[1] : parts[0];
    if (at === changed || (changed === "expectAbstention" && at === "referenceAnswer")) continue;
    out[path] = message;
  }
  return out;
}

/** Lower case without accents, for searching. */
export function searchKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** Cases whose question, reference, sources or tags contain every word of the query. */
export function searchCases<T extends { question: string; referenceAnswer: string; expectedSources: string[]; tags: string[] }>(cases: readonly T[], query: string): T[] {
  const words = searchKey(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...cases];
  return cases.filter((c) => {
    const text = searchKey([c.question, c.referenceAnswer, ...c.expectedSources, ...c.tags].join(" "));
    return words.every((w) => text.includes(w));
  });
}
