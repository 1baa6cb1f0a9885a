/** Lower case without accents, so "resume" finds "Résumé". */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The assistants whose name, description or owner contains every word of the query (in any
 * order, ignoring case and accents); all of them for an empty query.
 */
export function searchAssistants<T extends { name: string; description: string; ownerName: string }>(assistants: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...assistants];
  return assistants.filter((a) => {
    const haystack = fold(`${a.name} ${a.description} ${a.ownerName}`);
    return words.every((w) => haystack.includes(w));
  });
}
