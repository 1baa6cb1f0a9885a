export { LocalGgufChatModel, type LocalGgufChatModelFields } from "./local-gguf-chat-model";
export { LocalGgufEmbeddings } from "./local-gguf-embeddings";
export { LocalGgufRuntime, type LocalGgufRuntimeOptions, type LocalModelProbe } from "./local-gguf-runtime";
export { LocalModelError, type LocalModelErrorCode, localModelErrorCodes } from "./local-model-error";
export type { LocalModelFile } from "./model-files";
