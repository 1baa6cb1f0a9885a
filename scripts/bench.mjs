#!/usr/bin/env node
// `pnpm bench [name…] [--flags]`: runs benchmarks and prints figures and ratios (never a pass/fail
// on time). Without a name it runs every quick one; the long ones take flags (see README).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const benches = {
  models: { cwd: "apps/server", file: "bench/index.ts", args: ["models"] },
  usage: { cwd: "apps/server", file: "bench/index.ts", args: ["usage"] },
  chat: { cwd: "apps/server", file: "bench/index.ts", args: ["chat"] },
  retrieval: { cwd: "packages/knowledge", file: "bench/retrieval.ts", args: [] },
  extractive: { cwd: "packages/knowledge", file: "bench/extractive.ts", args: [] },
  vectors: { cwd: "packages/knowledge", file: "bench/vectors.ts", args: [] },
  ingestion: { cwd: "packages/knowledge", file: "bench/ingestion.ts", args: [] },
  eval: { cwd: "packages/eval", file: "bench/eval.ts", args: [] },
  "eval-run": { cwd: "apps/server", file: "bench/index.ts", args: ["eval-run"] },
  monitoring: { cwd: "apps/server", file: "bench/index.ts", args: ["monitoring"] },
};

const argv = process.argv.slice(2).filter((a) => a !== "--");
const names = argv.filter((a) => !a.startsWith("-"));
const flags = argv.filter((a) => a.startsWith("-"));
for (const name of names) {
  if (!benches[name]) {
    console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
}
for (const name of names.length ? names : Object.keys(benches)) {
  const b = benches[name];
  console.log(`\n== ${name} ==`);
  const run = spawnSync(process.execPath, ["--import", "tsx", b.file, ...b.args, ...flags], { cwd: `${root}/${b.cwd}`, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
