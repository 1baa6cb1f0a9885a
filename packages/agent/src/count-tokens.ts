import { getEncoding, type Tiktoken } from "js-tiktoken";

let encoder: Tiktoken | null = null;

/**
 * Token count with the cl100k tokenizer (bundled with js-tiktoken, no download), used when a
 * provider reports no usage. An estimate for non-OpenAI models, flagged as such where stored.
 */
export function countTokens(text: string): number {
  if (!text) return 0;
  encoder ??= getEncoding("cl100k_base");
  return encoder.encode(text, "all").length;
}
