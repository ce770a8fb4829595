/**
 * The one PowerShell parser: web-tree-sitter with the tree-sitter-powershell grammar, loaded on
 * first use and reused. Parsing is guarded by a size limit and a time budget so that hostile
 * input gives an error, never a hang.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { Language, Parser, type Tree } from "web-tree-sitter";

export interface ParseLimits {
  /** Scripts longer than this (in characters) are not parsed. Default 8 MB. */
  readonly maxChars?: number;
  /** Parsing is cancelled after this many milliseconds. Default 30 s (about 8 MB at the parse rate measured on a loaded 2-core machine). */
  readonly timeoutMs?: number;
}

export const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;
export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;

export type ParseResult = { readonly tree: Tree } | { readonly error: string };

let loading: Promise<Parser> | undefined;

/** Loads the wasm runtime and the grammar once; later calls return at once. */
export async function initPowerShellParser(): Promise<void> {
  await sharedParser();
}

function sharedParser(): Promise<Parser> {
  loading ??= (async () => {
    keepWasmOnBaselineCompiler();
    await Parser.init();
    const language = await Language.load(grammarWasmPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  // A failed load (missing wasm) may succeed later, e.g. after an install: do not cache it.
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * The grammar is a 1 MB wasm module. V8's optimising tier recompiles its lexer in the background
 * over and over (measured: twice the CPU time of the parses themselves on a second core, and
 * about 100 MB more resident memory), and waits for it at exit. Its baseline compiler parses
 * scripts at nearly the same speed on one core. The flag applies to wasm compiled after it is
 * set, so it is set before the first module is compiled; the process hosting us (the CLI, or
 * the policy pack's own process) compiles no other wasm.
 */
function keepWasmOnBaselineCompiler(): void {
  setFlagsFromString("--liftoff-only");
}

function grammarWasmPath(): string {
  // `require` is not defined when the module runs as ESM (vitest); resolve from this package's root.
  const req = typeof require === "function" ? require : createRequire(path.join(process.cwd(), "package.json"));
  return req.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm");
}

/** The syntax tree of `text`, or why there is none. The caller deletes the tree. */
export async function parsePowerShell(text: string, limits: ParseLimits = {}): Promise<ParseResult> {
  const maxChars = limits.maxChars ?? DEFAULT_MAX_CHARS;
  if (text.length > maxChars) return { error: `script is ${text.length} characters long, above the limit of ${maxChars}: not read` };
  let parser: Parser;
  try {
    parser = await sharedParser();
  } catch (e) {
    return { error: `PowerShell parser could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
  const timeoutMs = limits.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let timedOut = false;
  const CHUNK = 64 * 1024;
  const tree = parser.parse((index) => text.slice(index, index + CHUNK), null, {
    progressCallback: () => (timedOut = Date.now() > deadline),
  });
  // A cancelled parse would otherwise resume where it stopped on the next call.
  parser.reset();
  if (!tree) return { error: timedOut ? `parsing took longer than ${timeoutMs} ms: not read` : "the parser returned no tree" };
  return { tree };
}
