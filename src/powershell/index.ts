/** PowerShell / DSC extraction: script text → registry ops, unresolved places, Exchange evidence. */
export { type ScriptExtraction, type ExtractOptions, extractScript, initPowerShellParser } from "./extract.js";
export { DEFAULT_MAX_CHARS, DEFAULT_PARSE_TIMEOUT_MS } from "./parser.js";
