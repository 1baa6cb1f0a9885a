function isSpace(code: number): boolean {
  return code <= 32 || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x3000;
}

/** ASCII punctuation and symbols; other non-ASCII characters count as letters (close enough). */
function isPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

/**
 * Cheap word-piece estimate of a model's token count: a word costs one token per started
 * 6 characters (sub-word splits of long words), a punctuation sign costs one. Within ~15 %
 * of BPE counts on French and English prose, which is all a chunk budget needs. A single
 * pass over the characters, no allocation: it runs on every block and chunk.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let wordLength = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code) || isPunctuation(code)) {
      if (wordLength > 0) tokens += Math.ceil(wordLength / 6);
      wordLength = 0;
      if (!isSpace(code)) tokens++;
    } else wordLength++;
  }
  if (wordLength > 0) tokens += Math.ceil(wordLength / 6);
  return tokens;
}
