import { answerFromPassages, type SearchResult } from "@atelier/knowledge";
import type { ReplyEvent } from "./stream-reply";

/** The built-in engine's model name and label: selectable like any model. */
export const EXTRACTIVE_MODEL_NAME = "extractive";
export const EXTRACTIVE_MODEL_LABEL = "Built-in, no LLM — answers only from knowledge";

function abortError() {
  return Object.assign(new Error("The answer was stopped."), { name: "AbortError" });
}

/**
 * The built-in extractive engine as a reply stream: retrieves passages, selects the sentences
 * that answer the question and sends them with their citations — the same events as a model's
 * reply, so the chat does not care which engine answered. No model, no tokens, no cost; when
 * nothing scores high enough it says so in the question's language instead of guessing.
 */
export async function* extractiveReply(args: {
  question: string;
  retrieve: (question: string) => SearchResult[] | Promise<SearchResult[]>;
  signal: AbortSignal;
  maxSentences?: number;
}): AsyncGenerator<ReplyEvent> {
  const started = performance.now();
  if (args.signal.aborted) throw abortError();
  const passages = await args.retrieve(args.question);
  const answer = answerFromPassages(args.question, passages, { maxSentences: args.maxSentences ?? 2 });
  if (answer.citations.length) yield { type: "citations", citations: answer.citations };
  let firstTokenMs: number | null = null;
  // Sent in small pieces so the chat shows it like any streamed answer.
  for (const piece of answer.text.match(/\S+\s*/g) ?? [answer.text]) {
    if (args.signal.aborted) throw abortError();
    firstTokenMs ??= Math.round(performance.now() - started);
    yield { type: "token", text: piece };
  }
  yield {
    type: "done",
    usage: { inputTokens: 0, outputTokens: 0, tokensEstimated: false, latencyMs: Math.round(performance.now() - started), firstTokenMs },
  };
}
