/** Runs the fake OpenAI-compatible server in its own process (like a real model server would be) and prints its URL. */
import { startFakeOpenAI } from "@atelier/fake-openai";

const tokens = Number(process.argv[2] ?? 64);
const chunkDelayMs = Number(process.argv[3] ?? 0);
const reply = Array.from({ length: tokens }, (_, i) => `w${i}`).join(" ");
const fake = await startFakeOpenAI({ models: ["fake-chat"], defaultScenario: () => ({ reply, chunkDelayMs }) });
console.log(fake.url);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
