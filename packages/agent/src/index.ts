export * from "./model-endpoint";
export * from "./provider-error";
export * from "./stream-reply";
export * from "./count-tokens";
export * from "./providers";
export type { BaseChatModel } from "@langchain/core/language_models/chat_models";
export * from "./providers/local-gguf";
export * from "./extractive-reply";
export * from "./embeddings";
