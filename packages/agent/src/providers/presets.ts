/** What the admin sees when adding a provider: prefilled URL, label and how models are listed. */
export const providerPresets = {
  openai_compatible: { baseUrl: "", sovereignty: "on_premises", listing: "openai", needsKey: false, docs: "vLLM, LM Studio, llama.cpp server, OpenAI, gateways: the base URL ends with /v1" },
  mistral: { baseUrl: "https://api.mistral.ai/v1", sovereignty: "eu_hosted", listing: "openai", needsKey: true, docs: "Mistral AI (La Plateforme), hosted in the EU" },
  ollama: { baseUrl: "http://localhost:11434", sovereignty: "on_premises", listing: "ollama", needsKey: false, docs: "Ollama server root URL; chat goes through its OpenAI-compatible /v1" },
  local_gguf: { baseUrl: "", sovereignty: "on_premises", listing: "files", needsKey: false, docs: "A .gguf file or a folder of them on the Atelier server, run in-process by llama.cpp" },
} as const;
