import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { parseAllowedHosts } from "@atelier/api";
import { z } from "zod";

/** The repository root; the default data directory lives there whatever the working directory. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A comma-separated list setting as its non-empty items. */
export function listSetting(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""], { message: "must be true or false" })
  .transform((v) => v === "1" || v === "true" || v === "yes");
const int = (min: number, max: number) =>
  z.coerce.number({ message: "must be a number" }).int({ message: "must be a whole number" }).min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` });

const schema = z
  .object({
    ATELIER_PORT: int(0, 65535).default(3000),
    ATELIER_HOST: z.string().min(1).default("127.0.0.1"),
    ATELIER_DATA_DIR: z.string().min(1).default(resolve(repoRoot, "data")),
    ATELIER_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
    ATELIER_SESSION_DAYS: int(1, 365).default(7),
    ATELIER_SECURE_COOKIES: bool.default(false),
    ATELIER_MAX_MESSAGE_CHARS: int(100, 200_000).default(20_000),
    ATELIER_MODEL_BASE_URL: z.url({ message: "must be a URL such as http://localhost:11434/v1" }).optional(),
    ATELIER_MODEL_API_KEY: z.string().optional(),
    ATELIER_MODEL_NAME: z.string().min(1).optional(),
    ATELIER_MODEL_TIMEOUT_SECONDS: int(1, 3600).default(60),
    ATELIER_MODEL_TOTAL_TIMEOUT_SECONDS: int(1, 7200).default(600),
    ATELIER_MODEL_MAX_RETRIES: int(0, 10).default(2),
    ATELIER_DEMO_MODEL: bool.default(false),
    ATELIER_MODEL_SOVEREIGNTY: z.enum(["on_premises", "eu_hosted", "external"], { message: "must be on_premises, eu_hosted or external" }).default("on_premises"),
    ATELIER_SECRET_KEY: z.string().optional(),
    /** Server folders (separated by commas) that folder sources may point into. */
    ATELIER_FOLDER_ROOTS: z.string().default(""),
    /** Private hosts, host:port or CIDRs (commas) the website connector may reach. */
    ATELIER_ALLOWED_PRIVATE_HOSTS: z.string().default(""),
    ATELIER_MAX_UPLOAD_MB: int(1, 2048).default(50),
    ATELIER_LOCAL_MODEL_IDLE_MINUTES: int(1, 1440).default(10),
    // One core stays free for the server; on small VMs llama.cpp threads contend badly.
    ATELIER_LOCAL_MODEL_THREADS: int(1, 256).default(Math.max(1, availableParallelism() - 1)),
    /** Test cases an evaluation run answers at the same time. */
    ATELIER_EVAL_CONCURRENCY: int(1, 64).default(2),
  })
  .superRefine((e, ctx) => {
    try {
      parseAllowedHosts(listSetting(e.ATELIER_ALLOWED_PRIVATE_HOSTS));
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["ATELIER_ALLOWED_PRIVATE_HOSTS"], message: `${(error as Error).message} (use host, host:port or a CIDR such as 10.0.0.0/8)` });
    }
  })
  .refine((e) => !e.ATELIER_MODEL_BASE_URL || e.ATELIER_MODEL_NAME, {
    message: "is required when ATELIER_MODEL_BASE_URL is set (the model name at that server, e.g. mistral-small-latest)",
    path: ["ATELIER_MODEL_NAME"],
  });

export type Env = z.infer<typeof schema>;


export class ConfigError extends Error {}

/** Reads and validates the configuration; throws a ConfigError listing every wrong value. */
export function readEnv(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Env {
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("ATELIER_") && v !== undefined && v !== ""));
  if (argv.includes("--demo-model")) input.ATELIER_DEMO_MODEL = "1";
  const port = argv.indexOf("--port");
  if (port >= 0 && argv[port + 1]) input.ATELIER_PORT = argv[port + 1];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}${i.path[0] && input[String(i.path[0])] !== undefined ? ` (got "${input[String(i.path[0])]}")` : ""}`);
    throw new ConfigError(`Atelier cannot start: the configuration is invalid.\n${lines.join("\n")}\nSee the Configuration table in README.md.`);
  }
  return parsed.data;
}

const cliSchema = z.object({
  /** The Atelier server the CLI talks to. */
  ATELIER_URL: z.string().url({ message: "must be a URL such as http://127.0.0.1:3000" }).default("http://127.0.0.1:3000"),
  /** An account that may edit the assistant (a builder or admin; a dedicated CI account is best). */
  ATELIER_EMAIL: z
    .string({ message: "is required: the e-mail of an Atelier account that may edit the assistant" })
    .min(1, { message: "is required: the e-mail of an Atelier account that may edit the assistant" }),
  ATELIER_PASSWORD: z.string({ message: "is required: that account's password" }).min(1, { message: "is required: that account's password" }),
});
export type CliEnv = z.infer<typeof cliSchema>;

/** The CLI's settings (`atelier eval run`), from the environment. */
export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = cliSchema.safeParse({ ATELIER_URL: source.ATELIER_URL || undefined, ATELIER_EMAIL: source.ATELIER_EMAIL, ATELIER_PASSWORD: source.ATELIER_PASSWORD });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join("\n"));
  }
  return parsed.data;
}
