import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { type CliEnv, ConfigError } from "../env";
import { atelierClient } from "./atelier-client";

export const EVAL_RUN_USAGE = `Usage: atelier eval run --assistant <name or id> --suite <name or id> [options]

Runs a test suite of an assistant on the Atelier server at ATELIER_URL (default http://127.0.0.1:3000)
as the account ATELIER_EMAIL / ATELIER_PASSWORD (an editor of the assistant), waits for the result
and exits with 0 when the correct-answer rate reaches the threshold, 1 when it does not, 2 on error.

Options:
  --assistant <name|id>   the assistant (required)
  --suite <name|id>       the test suite (required)
  --target current|draft  the published version (default) or the draft
  --threshold <0-1>       minimum correct-answer rate (default: the assistant's Publish threshold, else none)
  --timeout <seconds>     give up waiting after this long (default 1800)
  --json                  print the result as JSON
`;

export interface EvalRunOutput {
  status: "passed" | "below_threshold" | "error";
  assistant?: { id: string; name: string };
  suite?: { id: string; name: string };
  runId?: string;
  runUrl?: string;
  version?: string;
  correctRate?: number | null;
  interval?: [number | null, number | null];
  passed?: number;
  total?: number;
  errored?: number;
  threshold?: number | null;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)} %`);

function pick<T extends { id: string; name: string }>(items: T[], wanted: string, what: string): T {
  const byId = items.find((i) => i.id === wanted);
  if (byId) return byId;
  const byName = items.filter((i) => i.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new Error(`${byName.length} ${what}s are named "${wanted}": use the id (${byName.map((i) => i.id).join(", ")}).`);
  throw new Error(`No ${what} named "${wanted}" that this account may edit.`);
}

/**
 * `atelier eval run`: for external CI. Returns the exit code; writes the result to `out`
 * (JSON with --json, else a readable summary).
 */
export async function evalRunCommand(args: string[], env: CliEnv, out: (line: string) => void = console.log): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args);
  } catch (e) {
    out(`${(e as Error).message}\n\n${EVAL_RUN_USAGE}`);
    return 2;
  }
  const report = (result: EvalRunOutput, code: number) => {
    if (options.json) out(JSON.stringify(result, null, 2));
    else if (result.status === "error") out(`Error: ${result.error}`);
    else {
      out(`${result.assistant!.name} — ${result.suite!.name} (${result.version}): ${pct(result.correctRate)} correct [95 % interval ${pct(result.interval![0])}–${pct(result.interval![1])}], ${result.passed}/${result.total} cases${result.errored ? `, ${result.errored} errors` : ""}`);
      out(result.threshold == null ? "No threshold." : `${result.status === "passed" ? "PASSED" : "BELOW THRESHOLD"}: threshold ${pct(result.threshold)}`);
      out(result.runUrl!);
    }
    return code;
  };
  try {
    const client = atelierClient(env.ATELIER_URL);
    await client.auth.login.mutate({ email: env.ATELIER_EMAIL, password: env.ATELIER_PASSWORD });
    const assistant = pick(await client.assistants.listEditable.query(), options.assistant, "assistant");
    const overview = await client.evaluation.overview.query({ assistantId: assistant.id });
    const suite = pick(overview.suites, options.suite, "test suite");
    const { runId } = await client.evaluation.startRun.mutate({ suiteId: suite.id, target: options.target, via: "api" });
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let run = (await client.evaluation.run.query({ runId })).run;
    while (run.status === "queued" || run.status === "running") {
      if (Date.now() > deadline) {
        await client.evaluation.cancelRun.mutate({ runId }).catch(() => {});
        throw new Error(`The run did not finish within ${options.timeoutSeconds} s and was cancelled.`);
      }
      await sleep(1000);
      run = (await client.evaluation.run.query({ runId })).run;
    }
    if (run.status !== "done") throw new Error(run.error ?? `The run ended as ${run.status}.`);
    const threshold = options.threshold ?? overview.assistant.qualityThreshold;
    const passed = threshold == null || (run.correctRate ?? 0) >= threshold;
    return report(
      {
        status: passed ? "passed" : "below_threshold",
        assistant: { id: assistant.id, name: assistant.name },
        suite: { id: suite.id, name: suite.name },
        runId,
        runUrl: `${env.ATELIER_URL.replace(/\/$/, "")}/studio/${assistant.id}/quality/runs/${runId}`,
        version: run.versionLabel,
        correctRate: run.correctRate,
        interval: [run.rateLow, run.rateHigh],
        passed: run.passed,
        total: run.total,
        errored: run.errored,
        threshold,
      },
      passed ? 0 : 1,
    );
  } catch (e) {
    const message = e instanceof TRPCClientError || e instanceof Error ? e.message : String(e);
    return report({ status: "error", error: /fetch failed|ECONNREFUSED/.test(message) ? `Atelier is not reachable at ${env.ATELIER_URL}.` : message }, 2);
  }
}

function parseOptions(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      assistant: { type: "string" },
      suite: { type: "string" },
      target: { type: "string", default: "current" },
      threshold: { type: "string" },
      timeout: { type: "string", default: "1800" },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.assistant) throw new ConfigError("--assistant is required.");
  if (!values.suite) throw new ConfigError("--suite is required.");
  if (values.target !== "current" && values.target !== "draft") throw new ConfigError("--target must be current or draft.");
  const threshold = values.threshold === undefined ? null : Number(values.threshold);
  if (threshold !== null && !(threshold >= 0 && threshold <= 1)) throw new ConfigError("--threshold must be a number between 0 and 1, such as 0.85.");
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new ConfigError("--timeout must be a positive number of seconds.");
  return { assistant: values.assistant, suite: values.suite, target: values.target as "current" | "draft", threshold, timeoutSeconds, json: values.json };
}
