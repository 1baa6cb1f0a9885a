export * from "./users";
export * from "./teams";
export * from "./sessions";
export * from "./workspace";
export * from "./assistants";
export * from "./conversations";
export * from "./providers";
export * from "./usage";
