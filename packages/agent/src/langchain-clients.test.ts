/** LangChain's OpenAI-compatible clients against the fake server: tool calling and embeddings. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIEmbeddings } from "@langchain/openai";
import { HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { openAICompatibleModel } from "./stream-reply";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["chat", "embed"] });
});
afterAll(() => fake.close());

describe("OpenAI-compatible clients", () => {
  it("a chat model with tools receives the streamed tool call and its parsed arguments", async () => {
    const calculator = tool(async ({ expression }) => expression, { name: "calculator", description: "Evaluates arithmetic", schema: z.object({ expression: z.string() }) });
    const model = openAICompatibleModel({ baseUrl: fake.url, model: "chat", temperature: 0, maxOutputTokens: 100 }) as any;
    fake.enqueue({ toolCalls: [{ name: "calculator", arguments: { expression: "17 * 3" } }] });
    let message: any;
    for await (const chunk of await model.bindTools([calculator]).stream([new HumanMessage("What is 17 * 3?")])) message = message ? message.concat(chunk) : chunk;
    expect(message.tool_call_chunks.length).toBeGreaterThan(0);
    expect(message.tool_calls).toEqual([expect.objectContaining({ name: "calculator", args: { expression: "17 * 3" } })]);
    expect(fake.requests.at(-1)!.body.tools[0].function.name).toBe("calculator");
  });

  it("embeddings come back in order and identical for identical text", async () => {
    const embeddings = new OpenAIEmbeddings({ model: "embed", apiKey: "x", configuration: { baseURL: fake.url }, maxRetries: 0 });
    const [a, b, c] = await embeddings.embedDocuments(["politique de congés", "IT helpdesk", "politique de congés"]);
    expect(a).toHaveLength(64);
    expect(a).toEqual(c);
    expect(a).not.toEqual(b);
    expect(await embeddings.embedQuery("politique de congés")).toEqual(a);
  });
});
