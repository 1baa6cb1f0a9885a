/** An "@name" being typed: where its "@" is and the text after it. */
export interface Mention {
  start: number;
  query: string;
}

/**
 * The mention being typed just before the caret: an "@" at the start of the text or after a
 * space, followed by the beginning of a name (no space). Null when the caret is elsewhere, so an
 * e-mail address ("ada@acme.test") never opens the list.
 */
export function mentionAt(text: string, caret: number): Mention | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: before.length - query.length - 1, query };
}

/** The text with the mention removed (and one space around it), and where the caret goes. */
export function removeMention(text: string, mention: Mention, caret: number): { text: string; caret: number } {
  let before = text.slice(0, mention.start);
  let after = text.slice(caret);
  if (before.endsWith(" ") && (after.startsWith(" ") || after === "")) before = before.slice(0, -1);
  else if (before === "" && after.startsWith(" ")) after = after.slice(1);
  return { text: before + after, caret: before.length };
}

/** Lower case without accents, to compare names the way people type them. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/**
 * The assistants whose name matches what follows the "@": names starting with it first, then
 * those with a word starting with it, then those containing it; spaces in names are ignored.
 */
export function matchAssistants<T extends { name: string }>(assistants: readonly T[], query: string, limit = 8): T[] {
  const q = fold(query);
  if (!q) return assistants.slice(0, limit);
  const scored: { a: T; score: number; i: number }[] = [];
  assistants.forEach((a, i) => {
    const name = fold(a.name);
    const score = name.startsWith(q) ? 0 : name.split(/[\s\-_]+/).some((w) => w.startsWith(q)) ? 1 : name.replace(/\s+/g, "").includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ a, score, i });
  });
  return scored
    .sort((x, y) => x.score - y.score || x.i - y.i)
    .slice(0, limit)
    .map((s) => s.a);
}
