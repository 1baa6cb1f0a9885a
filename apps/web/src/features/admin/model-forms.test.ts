import { modelInput, providerInput, updateModelInput, updateProviderInput } from "@atelier/validators";
import { describe, expect, it } from "vitest";
import { defaultProviderValues, modelValuesChanged, modelValuesOf, toAddModelInput, toCreateProviderInput, toUpdateModelInput, toUpdateProviderInput } from "./model-forms";
import { usageTotals } from "./usage-totals";

const ID = "0123456789abcdefghij";

describe("provider form", () => {
  it("sends only the location that matches the kind, and no empty key", () => {
    const http = toCreateProviderInput({ ...defaultProviderValues, name: "GPU", baseUrl: "http://gpu:8000/v1", path: "/ignored" });
    expect(http.issues).toEqual([]);
    expect(http.input).toMatchObject({ kind: "openai_compatible", baseUrl: "http://gpu:8000/v1", path: null, apiKey: null, firstTokenTimeoutSeconds: 60, totalTimeoutSeconds: 600, maxRetries: 2 });
    expect(providerInput.safeParse(http.input).success).toBe(true);

    const local = toCreateProviderInput({ ...defaultProviderValues, kind: "local_gguf", name: "Local", baseUrl: "http://x", path: "/srv/models", apiKey: "secret" });
    expect(local.input).toMatchObject({ baseUrl: null, path: "/srv/models", apiKey: null });
  });

  it("reports empty numbers with the shared message", () => {
    const { issues } = toCreateProviderInput({ ...defaultProviderValues, name: "GPU", totalTimeoutSeconds: " " });
    expect(issues).toEqual([{ path: ["totalTimeoutSeconds"], message: "Enter a number" }]);
  });

  it("keeps, removes or replaces the stored key on update", () => {
    const base = { ...defaultProviderValues, name: "GPU", baseUrl: "http://gpu:8000/v1" };
    const keep = toUpdateProviderInput(ID, { ...base, keyAction: "keep", apiKey: "typed but kept" });
    expect("apiKey" in keep.input).toBe(false);
    expect(toUpdateProviderInput(ID, { ...base, keyAction: "remove" }).input.apiKey).toBeNull();
    const replace = toUpdateProviderInput(ID, { ...base, keyAction: "replace", apiKey: "sk-new" });
    expect(replace.input.apiKey).toBe("sk-new");
    expect(updateProviderInput.safeParse(replace.input).success).toBe(true);
    expect(toUpdateProviderInput(ID, { ...base, keyAction: "replace", apiKey: "" }).issues.map((i) => i.path[0])).toEqual(["apiKey"]);
  });
});

describe("model rows", () => {
  const saved = { displayName: "Mistral Small", chat: true, tools: false, embeddings: false, contextWindow: 32768, inputPricePerMTokEur: 0.1, outputPricePerMTokEur: 0.3, sovereignty: null, enabled: true };

  it("round-trips a saved model and detects changes", () => {
    const values = modelValuesOf(saved);
    expect(values.sovereignty).toBe("");
    expect(modelValuesChanged(values, modelValuesOf(saved))).toBe(false);
    expect(modelValuesChanged({ ...values, inputPricePerMTokEur: "0,2" }, values)).toBe(true);
  });

  it("turns typed prices (comma or dot) into numbers and '' into inherit", () => {
    const { input, issues } = toUpdateModelInput(ID, { ...modelValuesOf(saved), inputPricePerMTokEur: "0,15", sovereignty: "" });
    expect(issues).toEqual([]);
    expect(input).toMatchObject({ id: ID, inputPricePerMTokEur: 0.15, outputPricePerMTokEur: 0.3, contextWindow: 32768, sovereignty: null });
    expect(updateModelInput.safeParse(input).success).toBe(true);
    expect(updateModelInput.safeParse({ ...input, inputPricePerMTokEur: -1 }).success).toBe(false);
  });

  it("builds the manual add input without id or enabled", () => {
    const { input } = toAddModelInput(ID, "mistral-small-latest", { ...modelValuesOf(saved), sovereignty: "eu_hosted" });
    expect(input).not.toHaveProperty("id");
    expect(input).not.toHaveProperty("enabled");
    expect(input).toMatchObject({ providerId: ID, name: "mistral-small-latest", sovereignty: "eu_hosted" });
    expect(modelInput.safeParse(input).success).toBe(true);
  });
});

describe("usageTotals", () => {
  it("sums every figure and is zero for no rows", () => {
    expect(usageTotals([])).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, costEur: 0 });
    expect(usageTotals([
      { calls: 2, inputTokens: 100, outputTokens: 50, costEur: 0.25 },
      { calls: 3, inputTokens: 10, outputTokens: 5, costEur: 0.5 },
    ])).toEqual({ calls: 5, inputTokens: 110, outputTokens: 55, costEur: 0.75 });
  });
});
