import { ConfigError, readCliEnv } from "../env";
import { EVAL_RUN_USAGE, evalRunCommand } from "./eval-run";

/** `atelier eval run …`: the commands other than starting the server. */
export async function cli(argv: string[]): Promise<number> {
  if (argv[0] === "eval" && argv[1] === "run") {
    try {
      return await evalRunCommand(argv.slice(2), readCliEnv());
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  }
  console.error(`Unknown command: atelier ${argv.join(" ")}\n\n${EVAL_RUN_USAGE}`);
  return 2;
}
