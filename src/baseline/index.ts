/**
 * The baseline: the one source of truth for the checks, the remediation artefacts, the docs and
 * the reports. Bump BASELINE_VERSION whenever a row changes meaning.
 */
export const BASELINE_VERSION = "2026.11.0";
/** The date the tables were last reviewed against their sources. */
export const BASELINE_REVIEWED = "2026-11-29";

export * from "./sources.js";
export * from "./controls.js";
export * from "./schannel.js";
export * from "./dotnet.js";
export * from "./winhttp.js";
export * from "./exchange.js";
export * from "./windows.js";
export * from "./symptoms.js";
