import { openAICompatibleModel, ProviderError } from "@atelier/agent";
import { type FakeOpenAI, startFakeOpenAI } from "@atelier/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUDGE_PROMPTS, judge, JudgeError, parseJudgeOutput } from "./judge";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["judge-model"] });
});
afterAll(() => fake.close());

const model = () => openAICompatibleModel({ baseUrl: fake.url, model: "judge-model", temperature: 0.7, maxOutputTokens: 300 });
const verdict = (v: string, rationale: string) => JSON.stringify({ verdict: v, rationale });
const broncos = { question: "Which team won Super Bowl 50?", references: ["Denver Broncos"], answer: "The Denver Broncos won it." };

/** The chat requests this test made. */
function requestsSince(count: number) {
  return fake.requests.slice(count).filter((r) => r.path.endsWith("/chat/completions"));
}

describe("judge through an OpenAI-compatible server", () => {
  it("asks the model three times with the versioned prompt and reads the rationale", async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { reply: verdict("correct", "The answer names the Denver Broncos, as the reference does.") },
      { reply: verdict("correct", "Same team.") },
      { reply: verdict("correct", "Matches.") },
    );
    const result = await judge("correctness", broncos, { model: model() });
    expect(result).toEqual({
      kind: "correctness",
      verdict: "correct",
      passed: true,
      rationale: "The answer names the Denver Broncos, as the reference does.",
      votes: [
        { verdict: "correct", rationale: "The answer names the Denver Broncos, as the reference does.", raw: verdict("correct", "The answer names the Denver Broncos, as the reference does.") },
        { verdict: "correct", rationale: "Same team.", raw: verdict("correct", "Same team.") },
        { verdict: "correct", rationale: "Matches.", raw: verdict("correct", "Matches.") },
      ],
      invalidVotes: 0,
      promptVersion: "correctness-v1",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), calls: 3 },
    });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    const requests = requestsSince(before);
    expect(requests).toHaveLength(3);
    const [system, user] = requests[0]!.body.messages;
    expect(system).toEqual({ role: "system", content: JUDGE_PROMPTS.correctness.system });
    expect(user.role).toBe("user");
    expect(user.content).toBe(JUDGE_PROMPTS.correctness.user(broncos));
    expect(user.content).toContain("<question>\nWhich team won Super Bowl 50?\n</question>");
    expect(user.content).toContain("<reference_answer>\nDenver Broncos\n</reference_answer>");
    expect(user.content).toContain("<candidate_answer>\nThe Denver Broncos won it.\n</candidate_answer>");
    // The caller's temperature, untouched.
    expect(requests[0]!.body.temperature).toBe(0.7);
  });

  it("reads JSON wrapped in a ```json fence with text around it, verdict in any case", async () => {
    fake.enqueue({ reply: 'Here is my assessment.\n```json\n{"verdict": "Incorrect", "rationale": "It names the Carolina Panthers."}\n```\nHope this helps.' });
    const result = await judge("correctness", { ...broncos, answer: "The Carolina Panthers." }, { model: model(), votes: 1 });
    expect(result.verdict).toBe("incorrect");
    expect(result.passed).toBe(false);
    expect(result.rationale).toBe("It names the Carolina Panthers.");
  });

  it("keeps malformed votes as invalid, with their raw text, and decides on the others", async () => {
    fake.enqueue({ reply: "The answer is correct." }, { reply: verdict("partial", "Only the team's city.") }, { reply: "{verdict: correct}" });
    const result = await judge("correctness", { ...broncos, answer: "Denver." }, { model: model() });
    expect(result.verdict).toBe("partial");
    expect(result.passed).toBe(false);
    expect(result.invalidVotes).toBe(2);
    expect(result.votes.map((v) => v.verdict)).toEqual(["invalid", "partial", "invalid"]);
    expect(result.votes[0]).toEqual({ verdict: "invalid", rationale: "", raw: "The answer is correct." });
    expect(result.votes[2]!.raw).toBe("{verdict: correct}");
  });

  it("takes the 2-of-3 majority, with the rationale of the winning side", async () => {
    fake.enqueue(
      { reply: verdict("incorrect", "Wrong team.") },
      { reply: verdict("correct", "Right team.") },
      { reply: verdict("correct", "Also right.") },
    );
    const result = await judge("correctness", broncos, { model: model() });
    expect(result.verdict).toBe("correct");
    expect(result.rationale).toBe("Right team.");
    expect(result.votes.map((v) => v.verdict)).toEqual(["incorrect", "correct", "correct"]);
  });

  it("breaks a tie towards the more severe verdict", async () => {
    fake.enqueue({ reply: verdict("correct", "Right.") }, { reply: verdict("incorrect", "Wrong.") });
    const twoWay = await judge("correctness", broncos, { model: model(), votes: 2 });
    expect(twoWay.verdict).toBe("incorrect");
    expect(twoWay.rationale).toBe("Wrong.");

    // A tie between the two valid votes of three: partial beats correct.
    fake.enqueue({ reply: verdict("correct", "Right.") }, { reply: "no idea" }, { reply: verdict("partial", "Half.") });
    expect((await judge("correctness", broncos, { model: model() })).verdict).toBe("partial");

    fake.enqueue({ reply: verdict("grounded", "a") }, { reply: verdict("ungrounded", "b") }, { reply: verdict("partially grounded", "c") });
    const threeWay = await judge("groundedness", { answer: "It opened in 1789.", passages: ["The château opened in 1682."] }, { model: model() });
    expect(threeWay.verdict).toBe("ungrounded");
  });

  it("throws a JudgeError with the raw outputs when no vote can be read", async () => {
    fake.enqueue({ reply: "Correct!" }, { reply: '{"verdict": "excellent", "rationale": "?"}' }, { reply: '```json\n{"verdict": "correct", "rationale": \n```' });
    const error = await judge("correctness", broncos, { model: model() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeError);
    expect((error as JudgeError).message).toMatch(/^The judge's answers could not be read/);
    expect((error as JudgeError).outputs).toEqual(["Correct!", '{"verdict": "excellent", "rationale": "?"}', '```json\n{"verdict": "correct", "rationale": \n```']);
  });

  it("tells the judge when the assistant should have said it does not know", async () => {
    const before = fake.requests.length;
    fake.enqueue({ reply: verdict("correct", "It says it did not find the answer, as expected.") });
    const input = { question: "Quel est le budget 2031 ?", shouldAbstain: true, answer: "Je n'ai pas trouvé la réponse dans les documents de cet assistant." };
    const result = await judge("correctness", input, { model: model(), votes: 1 });
    expect(result.passed).toBe(true);
    expect(requestsSince(before)[0]!.body.messages[1].content).toContain("the assistant should say that it does not know or did not find the answer");
  });

  it("lists several references as alternatives", () => {
    const user = JUDGE_PROMPTS.correctness.user({ ...broncos, references: ["Denver Broncos", "the Broncos"] });
    expect(user).toContain("Any one of these is a correct answer:\n- Denver Broncos\n- the Broncos");
  });

  it("refuses a correctness question with neither references nor shouldAbstain, before calling the model", async () => {
    const before = fake.requests.length;
    await expect(judge("correctness", { question: "?", answer: "x" }, { model: model() })).rejects.toThrow(TypeError);
    await expect(judge("correctness", { question: "?", answer: "x", references: ["a"], shouldAbstain: true }, { model: model() })).rejects.toThrow(/not both/);
    await expect(judge("relevance", { question: "?", answer: "x" }, { model: model(), votes: 0 })).rejects.toThrow(RangeError);
    expect(fake.requests.length).toBe(before);
  });

  it("grades groundedness against numbered passages", async () => {
    const before = fake.requests.length;
    fake.enqueue({ reply: verdict("partially_grounded", "The date is supported, the architect is not.") });
    const input = { answer: "Built in 1682 by Le Vau [1].", passages: ["Versailles became the seat of the court in 1682.", "The gardens are by Le Nôtre."] };
    const result = await judge("groundedness", input, { model: model(), votes: 1 });
    expect(result).toMatchObject({ verdict: "partially_grounded", passed: false, promptVersion: "groundedness-v1" });
    const [system, user] = requestsSince(before)[0]!.body.messages;
    expect(system.content).toBe(JUDGE_PROMPTS.groundedness.system);
    expect(user.content).toContain("[1] Versailles became the seat of the court in 1682.\n\n[2] The gardens are by Le Nôtre.");
    expect(user.content).toContain("<answer>\nBuilt in 1682 by Le Vau [1].\n</answer>");
  });

  it("grades relevance", async () => {
    fake.enqueue({ reply: verdict("irrelevant", "It talks about baseball.") });
    const result = await judge("relevance", { question: "Who won Super Bowl 50?", answer: "Baseball has nine innings." }, { model: model(), votes: 1 });
    expect(result).toMatchObject({ kind: "relevance", verdict: "irrelevant", passed: false, promptVersion: "relevance-v1", rationale: "It talks about baseball." });
  });

  it("lets a model failure through as a ProviderError naming the server", async () => {
    fake.enqueue({ status: 500 });
    const error = await judge("relevance", { question: "?", answer: "x" }, { model: model(), votes: 1, target: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("server_error");
    expect((error as ProviderError).message).toContain(`127.0.0.1:${fake.port}`);
  });

  it("stops when the signal aborts, before or during a vote", async () => {
    const before = fake.requests.length;
    const aborted = new AbortController();
    aborted.abort();
    const early = await judge("relevance", { question: "?", answer: "x" }, { model: model(), signal: aborted.signal }).catch((e: unknown) => e);
    expect((early as Error).name).toBe("AbortError");
    expect(fake.requests.length).toBe(before);

    const controller = new AbortController();
    fake.enqueue({ reply: verdict("relevant", "ok"), headerDelayMs: 2000 });
    const pending = judge("relevance", { question: "?", answer: "x" }, { model: model(), signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(((await pending) as Error).name).toBe("AbortError");
    expect(requestsSince(before)).toHaveLength(1);
  });
});

describe("parseJudgeOutput", () => {
  it("skips a reasoning model's <think> block", () => {
    const raw = '<think>Maybe {"verdict": "incorrect"}? No.</think>\n{"verdict": "correct", "rationale": "Same date."}';
    expect(parseJudgeOutput("correctness", raw)).toEqual({ verdict: "correct", rationale: "Same date.", raw });
  });

  it("takes the last readable object, whole, with braces inside strings", () => {
    const raw = 'Format: {"verdict": "partial"}\nAnswer: {"verdict": "correct", "rationale": "Uses {braces} and \\"quotes\\".", "details": {"verdict": "incorrect"}}';
    expect(parseJudgeOutput("correctness", raw)).toMatchObject({ verdict: "correct", rationale: 'Uses {braces} and "quotes".' });
  });

  it("finds an object inside text in braces that is not JSON", () => {
    expect(parseJudgeOutput("relevance", '{Result: {"verdict": "relevant", "rationale": "ok"}}').verdict).toBe("relevant");
  });

  it("accepts upper-case keys, spaces or hyphens in verdicts, a trailing comma and a missing rationale", () => {
    expect(parseJudgeOutput("groundedness", '{"Verdict": "Partially-Grounded", "Rationale": "x",}')).toMatchObject({ verdict: "partially_grounded", rationale: "x" });
    expect(parseJudgeOutput("correctness", '{"verdict": "partially correct"}')).toMatchObject({ verdict: "partial", rationale: "" });
  });

  it("is invalid for a verdict of another kind, an array or no JSON at all", () => {
    expect(parseJudgeOutput("correctness", '{"verdict": "grounded", "rationale": "x"}').verdict).toBe("invalid");
    expect(parseJudgeOutput("correctness", '[{"verdict": "correct"}]').verdict).toBe("correct");
    expect(parseJudgeOutput("correctness", '["correct"]').verdict).toBe("invalid");
    expect(parseJudgeOutput("correctness", "").verdict).toBe("invalid");
  });
});
