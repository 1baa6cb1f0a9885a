import { openAICompatibleModel } from "@atelier/agent";
import { type FakeOpenAI, startFakeOpenAI } from "@atelier/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deterministicGrade, gradeCase } from "./grade-case";

const passage = (documentId: string, title: string, location: string, excerpt = "…") => ({ documentId, title, location, excerpt });
const broncos = { question: "Which team won Super Bowl 50?", referenceAnswer: "Denver Broncos", expectAbstention: false, expectedSources: ["super-bowl.md"], language: "en" as const };

describe("deterministicGrade", () => {
  it("counts an answer that contains the reference as correct, markers ignored", () => {
    const grade = deterministicGrade(broncos, "The Denver Broncos[1] won Super Bowl 50.", [passage("d1", "Super Bowl 50", "/docs/super-bowl.md")]);
    expect(grade).toMatchObject({ containsReference: 1, exactMatch: 0, sourceHitAt5: 1, abstained: false, correctAbstention: null, correct: true });
    expect(grade.tokenF1).toBeCloseTo(0.5, 5); // "the" dropped: precision 2/6, recall 2/2
  });

  it("fails a wrong answer and a missing source", () => {
    const grade = deterministicGrade(broncos, "The Carolina Panthers won.", [passage("d2", "Panthers", "/docs/panthers.md")]);
    expect(grade).toMatchObject({ containsReference: 0, sourceHitAt5: 0, correct: false });
  });

  it("accepts a reworded answer with token F1 ≥ 0.6, and refuses one that declines", () => {
    const long = { ...broncos, referenceAnswer: "Uploads are limited to 50 MB per file by default" };
    expect(deterministicGrade(long, "By default uploads are limited to 50 MB for each file.", []).correct).toBe(true);
    expect(deterministicGrade(broncos, "I did not find this in the documents; maybe the Denver Broncos?", []).correct).toBe(false);
  });

  it("grades an unanswerable case by the abstention, in French too", () => {
    const unanswerable = { ...broncos, referenceAnswer: "", expectAbstention: true, expectedSources: [], language: "fr" as const };
    expect(deterministicGrade(unanswerable, "Je n'ai pas trouvé cette information dans les documents.", [])).toMatchObject({ abstained: true, correctAbstention: 1, correct: true, sourceHitAt5: null });
    expect(deterministicGrade(unanswerable, "Canberra.", [])).toMatchObject({ abstained: false, correctAbstention: 0, correct: false });
  });

  it("matches expected sources by title, file name or path, within the first five documents", () => {
    const names = { ...broncos, expectedSources: ["Guide d'accueil"] };
    expect(deterministicGrade(names, "x", [passage("d9", "Guide d'accueil", "https://intranet/accueil")]).sourceHitAt5).toBe(1);
    const six = ["a", "b", "c", "d", "e"].map((n) => passage(n, n, `/x/${n}.md`));
    expect(deterministicGrade(broncos, "x", [...six, passage("z", "SB", "/docs/super-bowl.md")]).sourceHitAt5).toBe(0);
    // Two passages of one document count once.
    expect(deterministicGrade(broncos, "x", [passage("a", "a", "/a.md"), passage("a", "a", "/a.md"), ...["b", "c", "d"].map((n) => passage(n, n, `/${n}.md`)), passage("s", "SB", "/docs/super-bowl.md")]).sourceHitAt5).toBe(1);
  });
});

describe("gradeCase with a judge through an OpenAI-compatible server", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ models: ["judge"] });
  });
  afterAll(() => fake.close());
  const judgeModel = () => openAICompatibleModel({ baseUrl: fake.url, model: "judge", temperature: 0, maxOutputTokens: 200 });
  const v = (verdict: string, rationale: string) => ({ reply: JSON.stringify({ verdict, rationale }) });

  it("lets the judge decide: partial is not correct even when the reference is contained", async () => {
    fake.enqueue(v("partial", "Right team, wrong year."), v("grounded", "Supported by [1]."), v("relevant", "On topic."));
    const grade = await gradeCase(broncos, "The Denver Broncos, in 2015.", [passage("d1", "SB", "/super-bowl.md", "Denver won")], { judgeModel: judgeModel(), votes: 1 });
    expect(grade.containsReference).toBe(1);
    expect(grade.decidedBy).toBe("judge");
    expect(grade.correct).toBe(false);
    expect(grade.correctness).toMatchObject({ verdict: "partial", rationale: "Right team, wrong year." });
    expect(grade.groundedness).toMatchObject({ verdict: "grounded", passed: true });
    expect(grade.relevance?.verdict).toBe("relevant");
  });

  it("skips groundedness when the answer declines, and asks the judge whether it rightly declined an unanswerable case", async () => {
    const before = fake.requests.length;
    fake.enqueue(v("correct", "It rightly says it does not know."), v("relevant", "Addresses the question."));
    const grade = await gradeCase({ ...broncos, referenceAnswer: "", expectAbstention: true }, "I did not find this in the documents.", [passage("d1", "SB", "/sb.md")], {
      judgeModel: judgeModel(),
      votes: 1,
    });
    expect(grade).toMatchObject({ correct: true, groundedness: null, abstained: true });
    const chat = fake.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"));
    expect(chat).toHaveLength(2);
    expect(chat[0]!.body.messages[1].content).toContain("should say that it does not know");
  });
});
