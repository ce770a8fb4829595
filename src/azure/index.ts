/** Azure resource adapters: type token + plain properties → server and carrier models, and their correlation. */
export * from "./types.js";
export * from "./classify.js";
export { type PropertyPath, PropertyReader, formatPath } from "./read.js";
export * from "./ids.js";
export * from "./commandline.js";
export * from "./carrier.js";
export * from "./server.js";
export * from "./secrets.js";
export * from "./select.js";
export * from "./correlate.js";
