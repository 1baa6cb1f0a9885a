import type { BaseChatModel, ModelTarget } from "@atelier/agent";
import type { Language } from "@atelier/knowledge";
import { containsReference, exactMatch, isAbstention, sourceHitAtK, tokenF1 } from "./deterministic-scorers";
import { judge, type JudgeKind, type JudgeResult } from "./judge";
import { normalizeAnswer } from "./normalize";

/** A test case as a run sees it. */
export interface GradedCase {
  question: string;
  /** "" when the assistant should say it does not know. */
  referenceAnswer: string;
  expectAbstention: boolean;
  /** Document titles or file names; matched against the passages' titles and locations. */
  expectedSources: readonly string[];
  language: Language | null;
}

/** A passage the answer was given or cited. */
export interface GradedPassage {
  documentId: string;
  title: string;
  /** Path or URL of the document. */
  location: string;
  excerpt: string;
}

export interface JudgeGrade {
  verdict: string;
  passed: boolean;
  rationale: string;
  votes: { verdict: string; rationale: string }[];
}

export interface CaseGrade {
  exactMatch: number;
  tokenF1: number;
  containsReference: number;
  /** null when the case names no expected source. */
  sourceHitAt5: number | null;
  abstained: boolean;
  /** 1 when the answer declines exactly when it should; null for an answerable case. */
  correctAbstention: number | null;
  correctness: JudgeGrade | null;
  groundedness: JudgeGrade | null;
  relevance: JudgeGrade | null;
  /** Which rule decided `correct`. */
  decidedBy: "judge" | "deterministic";
  correct: boolean;
  /** Tokens the judge's calls used (zero without a judge). */
  judgeUsage: { inputTokens: number; outputTokens: number; calls: number };
}

/** Token F1 from which a reworded answer counts as correct without a judge. */
export const DETERMINISTIC_F1_THRESHOLD = 0.6;

/**
 * The definition of a correct answer shown next to every correct-answer rate. With a judge: its
 * majority verdict on correctness against the reference is "correct" ("partial" is not). Without:
 * for an answerable case, the answer does not decline and contains the reference answer (after
 * SQuAD normalisation) or has a token F1 of at least 0.6 with it; for an unanswerable case, the
 * answer says it does not know.
 */
export const CORRECT_ANSWER_DEFINITION = {
  judge: "The judge model's majority verdict, comparing the answer with the reference answer, is « correct » (« partial » does not count). For a question the documents do not answer, the assistant must say it does not know.",
  deterministic: `The answer contains the reference answer (ignoring case, accents, punctuation and articles) or shares at least ${DETERMINISTIC_F1_THRESHOLD * 100} % of its words (token F1), without saying it does not know. For a question the documents do not answer, the answer must say it does not know.`,
} as const;

function simpleName(value: string): string {
  const last = value.split(/[\\/]/).pop() ?? value;
  return last.trim().toLowerCase();
}

/** The expected source a passage belongs to, or its document id when it matches none. */
function passageKey(passage: GradedPassage, expected: readonly string[]): string {
  const title = passage.title.trim().toLowerCase();
  const file = simpleName(passage.location);
  for (const name of expected) {
    const wanted = name.trim().toLowerCase();
    const wantedFile = simpleName(name);
    if (wanted === title || wanted === file || wantedFile === file || wanted === passage.documentId) return name;
  }
  return `doc:${passage.documentId}`;
}

/** The scores that need no model. */
export function deterministicGrade(testCase: GradedCase, answer: string, passages: readonly GradedPassage[]): Omit<CaseGrade, "correctness" | "groundedness" | "relevance" | "decidedBy" | "correct" | "judgeUsage"> & { correct: boolean } {
  const language = testCase.language ?? undefined;
  // Reference markers ([1]) are not words of the answer.
  const text = answer.replace(/\[\d+\]/g, " ");
  const abstained = isAbstention(text);
  const references = testCase.referenceAnswer.trim() ? [testCase.referenceAnswer] : [];
  const em = references.length ? exactMatch(text, references, language) : 0;
  const f1 = references.length ? tokenF1(text, references, language) : 0;
  const contained = references.length ? containsReference(text, references, language) : 0;
  const keys: string[] = [];
  for (const p of passages) {
    const key = passageKey(p, testCase.expectedSources);
    if (!keys.includes(key)) keys.push(key);
  }
  const sourceHitAt5 = testCase.expectedSources.length ? sourceHitAtK(keys, testCase.expectedSources, 5) : null;
  const correct = testCase.expectAbstention
    ? abstained
    : !abstained && normalizeAnswer(text, language) !== "" && (contained === 1 || f1 >= DETERMINISTIC_F1_THRESHOLD);
  return {
    exactMatch: em,
    tokenF1: f1,
    containsReference: contained,
    sourceHitAt5,
    abstained,
    correctAbstention: testCase.expectAbstention ? (abstained ? 1 : 0) : null,
    correct,
  };
}

function judgeGrade(result: JudgeResult<JudgeKind>): JudgeGrade {
  return {
    verdict: result.verdict,
    passed: result.passed,
    rationale: result.rationale,
    votes: result.votes.map((v) => ({ verdict: v.verdict, rationale: v.rationale })),
  };
}

export interface GradeOptions {
  /** The judge; absent: deterministic scorers only. */
  judgeModel?: BaseChatModel | null;
  votes?: number;
  target?: Partial<ModelTarget>;
  signal?: AbortSignal;
}

/**
 * Grades one answer: every deterministic scorer, then, with a judge model, correctness against
 * the reference, groundedness in the passages (when there are passages and the answer does not
 * decline) and relevance. The judge decides `correct` when there is one.
 */
export async function gradeCase(testCase: GradedCase, answer: string, passages: readonly GradedPassage[], options: GradeOptions = {}): Promise<CaseGrade> {
  const base = deterministicGrade(testCase, answer, passages);
  if (!options.judgeModel) {
    return { ...base, correctness: null, groundedness: null, relevance: null, decidedBy: "deterministic", judgeUsage: { inputTokens: 0, outputTokens: 0, calls: 0 } };
  }
  const judgeOptions = { model: options.judgeModel, votes: options.votes, target: options.target, signal: options.signal };
  const correctness = await judge(
    "correctness",
    { question: testCase.question, answer, references: testCase.expectAbstention ? [] : [testCase.referenceAnswer], shouldAbstain: testCase.expectAbstention },
    judgeOptions,
  );
  const groundedness =
    passages.length > 0 && !base.abstained ? await judge("groundedness", { answer, passages: passages.map((p) => p.excerpt) }, judgeOptions) : null;
  const relevance = await judge("relevance", { question: testCase.question, answer }, judgeOptions);
  const judged = [correctness, groundedness, relevance].filter((r) => r !== null);
  return {
    ...base,
    correctness: judgeGrade(correctness),
    groundedness: groundedness ? judgeGrade(groundedness) : null,
    relevance: judgeGrade(relevance),
    decidedBy: "judge",
    correct: correctness.verdict === "correct",
    judgeUsage: {
      inputTokens: judged.reduce((a, r) => a + r.usage.inputTokens, 0),
      outputTokens: judged.reduce((a, r) => a + r.usage.outputTokens, 0),
      calls: judged.reduce((a, r) => a + r.usage.calls, 0),
    },
  };
}
