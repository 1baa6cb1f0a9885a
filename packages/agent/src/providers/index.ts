export * from "./presets";
export * from "./http-provider";
