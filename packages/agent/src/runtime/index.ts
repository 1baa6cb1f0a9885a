export * from "./assemble-prompt";
export * from "./citations";
export * from "./run-agent";
export * from "./tool-schema";
