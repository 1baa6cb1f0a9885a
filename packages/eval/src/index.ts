export { answerTokens, foldAnswerAccents, normalizeAnswer } from "./normalize";
export {
  containsReference,
  correctAbstention,
  exactMatch,
  isAbstention,
  sourceHitAtK,
  tokenF1,
  tokenF1Against,
} from "./deterministic-scorers";
export { type RateInterval, wilsonInterval } from "./wilson";
export {
  type CorrectnessInput,
  type GroundednessInput,
  judge,
  JUDGE_PROMPTS,
  JUDGE_VERDICTS,
  JudgeError,
  type JudgeInputs,
  type JudgeKind,
  type JudgeOptions,
  type JudgePrompt,
  type JudgeResult,
  type JudgeVerdict,
  type JudgeVote,
  parseJudgeOutput,
  type RelevanceInput,
} from "./judge";
export {
  type CaseGrade,
  CORRECT_ANSWER_DEFINITION,
  DETERMINISTIC_F1_THRESHOLD,
  deterministicGrade,
  type GradedCase,
  type GradedPassage,
  gradeCase,
  type GradeOptions,
  type JudgeGrade,
} from "./grade-case";
export { percentile, type RunCaseOutcome, type RunSummary, summarizeRun } from "./summarize-run";
export {
  type CaseFileFormat,
  type CaseLanguage,
  casesToCsv,
  casesToJsonl,
  detectCaseFormat,
  type EvalCaseInput,
  MAX_CASES_PER_FILE,
  type ParsedCaseFile,
  type ParsedCaseRow,
  parseCaseFile,
  validateCaseInput,
} from "./case-files";
