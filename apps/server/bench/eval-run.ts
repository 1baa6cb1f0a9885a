// The evaluation product path end to end on PIAF (French SQuAD-style QA), with the built-in engine:
// a running Atelier, an upload source holding PIAF's paragraphs (one Markdown file each), an
// assistant on "Built-in, no LLM", a 550-case suite imported as JSONL through the API, and a run
// queued, answered and graded by the EvalRunner, as a user would do it. Prints the run's
// correct-answer rate with its Wilson interval, EM/F1, source hit@5, abstention accuracy and the
// run time. Same case selection as packages/eval/bench/eval.ts (engine only, no platform), with
// one difference: a case keeps one reference answer (PIAF's first), as a suite file would.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { builtinModelId } from "@atelier/api";
import { evalRuns } from "@atelier/db";
import { eq } from "drizzle-orm";
import { startAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient } from "../test/client";

const datasets = fileURLToPath(new URL("../../../../shared/datasets/piaf-fr-dev/", import.meta.url));

interface Paragraph {
  _id: string;
  title: string;
  text: string;
}
interface Question {
  question: string;
  answers: string[];
  context_id: string;
}

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function everyKth<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  const k = Math.floor(items.length / count);
  return items.filter((_, i) => i % k === 0).slice(0, count);
}

const pct = (v: number | null | undefined) => (v == null ? "—" : v.toFixed(3));

export async function benchEvalRun() {
  if (!existsSync(join(datasets, "corpus.jsonl"))) {
    console.log(`eval-run skipped: ${datasets} not found`);
    return;
  }
  const flag = process.argv.find((a) => a.startsWith("--cases="));
  const answerableCount = flag ? Number(flag.slice(8)) : 500;
  const paragraphs = readJsonl<Paragraph>(join(datasets, "corpus.jsonl"));
  const questions = readJsonl<Question>(join(datasets, "qa.jsonl"));
  const titles = [...new Set(paragraphs.map((p) => p.title))].sort();
  const heldOut = new Set(titles.filter((_, i) => i % 20 === 0));
  const kept = paragraphs.filter((p) => !heldOut.has(p.title));
  const keptIds = new Set(kept.map((p) => p._id));
  const cases = [
    ...everyKth(questions.filter((q) => keptIds.has(q.context_id)), answerableCount).map((q) => ({
      question: q.question,
      reference_answer: q.answers[0]!,
      expect_abstention: false,
      expected_sources: [`${q.context_id}.md`],
      language: "fr",
    })),
    ...everyKth(questions.filter((q) => !keptIds.has(q.context_id)), Math.max(1, Math.round(answerableCount / 10))).map((q) => ({
      question: q.question,
      reference_answer: "",
      expect_abstention: true,
      language: "fr",
    })),
  ];

  const dir = mkdtempSync(join(tmpdir(), "atelier-eval-bench-"));
  const app = await startAtelier(readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir, ATELIER_LOG_LEVEL: "silent" }, []), pino({ level: "silent" }), { guideDocsPath: null, localModels: null });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const browser = browserLikeClient(base);
    const api = browser.client;
    await api.auth.setup.mutate({ workspaceName: "Bench", name: "Ada", email: "ada@bench.test", password: "correct horse battery" });
    const source = await api.knowledge.createSource.mutate({ name: "PIAF", config: { kind: "upload" } });
    const uploadStart = performance.now();
    for (const p of kept) {
      const res = await browser.fetch(`${base}/api/knowledge/sources/${source.id}/files`, {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(`${p._id}.md`), "content-type": "text/markdown", origin: base },
        body: `# ${p.title}\n\n${p.text}\n`,
      });
      if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
    }
    let sourceRow = await api.knowledge.source.query({ id: source.id });
    while (sourceRow.activeJob || sourceRow.documentCount < kept.length) {
      await new Promise((r) => setTimeout(r, 200));
      sourceRow = await api.knowledge.source.query({ id: source.id });
    }
    const ingestSeconds = (performance.now() - uploadStart) / 1000;

    const assistant = await api.assistants.create.mutate({ name: "PIAF", modelId: builtinModelId(app.services)!, visibility: "private", sourceIds: [source.id] });
    const suite = await api.evaluation.createSuite.mutate({ assistantId: assistant.id, name: "PIAF dev" });
    const jsonl = cases.map((c) => JSON.stringify(c)).join("\n");
    const imported = await api.evaluation.importCases.mutate({ suiteId: suite.id, fileName: "piaf.jsonl", text: jsonl });
    if (imported.errors.length) console.log(`  ${imported.errors.length} rows refused, first: ${imported.errors[0]!.error}`);

    const runStart = performance.now();
    const { runId } = await api.evaluation.startRun.mutate({ suiteId: suite.id, target: "current" });
    await app.services.evaluation.waitFor(runId);
    const runSeconds = (performance.now() - runStart) / 1000;
    const run = app.services.db.select().from(evalRuns).where(eq(evalRuns.id, runId)).get()!;
    const m = run.metrics!;
    console.log(`eval-run: PIAF through the product (upload → import → EvalRunner), built-in engine, 2 cases at a time`);
    console.log(`  corpus: ${kept.length} paragraphs uploaded and indexed in ${ingestSeconds.toFixed(1)} s; suite: ${imported.imported} cases imported`);
    console.log(`  status ${run.status}: ${run.passed}/${run.completed} correct, errors ${run.errored}`);
    console.log(`  correct-answer rate ${pct(run.correctRate)}  95 % Wilson [${pct(run.rateLow)}, ${pct(run.rateHigh)}]`);
    console.log(`  EM ${pct(m.exactMatch)}  F1 ${pct(m.tokenF1)}  reference contained ${pct(m.containsReference)}  source hit@5 ${pct(m.sourceHitAt5)}`);
    console.log(`  abstention accuracy (unanswerable) ${pct(m.abstentionAccuracy)}  false abstention (answerable) ${pct(m.falseAbstentionRate)}`);
    console.log(`  answer latency p50 ${m.latencyP50Ms} ms, p95 ${m.latencyP95Ms} ms`);
    console.log(`  run time ${runSeconds.toFixed(1)} s for ${run.completed} cases (${((runSeconds * 1000) / run.completed).toFixed(1)} ms/case)`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
