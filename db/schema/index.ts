export * from "./actors";
export * from "./cited-sources";
export * from "./codings";
export * from "./enums";
export * from "./meta";
export * from "./reports";
export * from "./topics";
export * from "./webhooks";
