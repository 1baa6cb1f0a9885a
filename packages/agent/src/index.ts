export * from "./model-endpoint";
export * from "./provider-error";
export * from "./stream-reply";
