/** `pnpm bench [name]`: runs the benchmarks and prints figures and ratios (never a pass/fail on time). */
import { benchChat } from "./chat";
import { benchEvalRun } from "./eval-run";
import { benchMonitoring } from "./monitoring";
import { benchModels } from "./models";
import { benchUsage } from "./usage";

const benches: Record<string, () => Promise<void>> = { models: benchModels, usage: benchUsage, chat: benchChat, "eval-run": benchEvalRun, monitoring: benchMonitoring };
const wanted = process.argv.slice(2).filter((a) => a !== "--" && !a.startsWith("-"));
const selected = wanted.length ? wanted : Object.keys(benches);
for (const name of selected) {
  const run = benches[name];
  if (!run) {
    console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  await run();
}
