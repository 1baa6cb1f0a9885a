import { pino } from "pino";
import { ConfigError, readEnv, type Env } from "./env";
import { startAtelier, type ManagedModel } from "./app";
import { SecretKeyError } from "./secret-key";

async function main() {
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = pino({
    level: env.ATELIER_LOG_LEVEL,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.apiKey", "apiKey"], censor: "[redacted]" },
  });

  let demoModel: ManagedModel | undefined;
  let demo: { close(): Promise<void> } | null = null;
  if (env.ATELIER_DEMO_MODEL) {
    // Explicitly requested demo: a scripted OpenAI-compatible server on loopback, not a real model.
    const { startFakeOpenAI, demoScenario } = await import("@atelier/fake-openai");
    const fake = await startFakeOpenAI({ models: ["atelier-demo"], defaultScenario: demoScenario });
    demo = fake;
    demoModel = { managedBy: "demo", name: "Demo (scripted, not a model)", baseUrl: fake.url, modelName: "atelier-demo" };
    logger.warn({ url: fake.url }, "demo model enabled: answers are scripted, not produced by a language model");
  }

  const app = await startAtelier(env, logger, { demoModel });
  const modelNote = env.ATELIER_MODEL_BASE_URL ? `model ${env.ATELIER_MODEL_NAME} at ${env.ATELIER_MODEL_BASE_URL}` : demo ? "demo model: scripted answers" : "built-in engine only, answering from knowledge; connect a language model in Admin → Models";
  logger.info({ url: app.url, dataDir: env.ATELIER_DATA_DIR }, "Atelier started");
  console.log(`\n  Atelier is running at ${app.url}  (${modelNote}; data in ${env.ATELIER_DATA_DIR})\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await app.close();
    await demo?.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  if (error instanceof SecretKeyError) {
    console.error(`Atelier cannot start: ${error.message}`);
    process.exit(78);
  }
  console.error(error?.code === "EADDRINUSE" ? `Atelier cannot start: port ${error.port} is already in use. Set ATELIER_PORT to another port.` : error);
  process.exit(1);
});
