#!/usr/bin/env node
// `atelier` starts the Atelier server; `atelier eval run …` runs a test suite for CI.
// TypeScript sources are run through tsx.
import { register } from "tsx/esm/api";
register();
const args = process.argv.slice(2);
if (args[0] === "eval") {
  const { cli } = await import("../src/cli/main.ts");
  process.exit(await cli(args));
} else {
  await import("../src/main.ts");
}
