/**
 * The PowerShell extraction on hostile scripts. Each finishes within a bound relative to a plain
 * tree-sitter parse of the same text, measured in the same test (no absolute timings beyond a
 * small allowance for scheduling), and gives a result, with a clear error where the script cannot
 * be read, never an exception or a hang.
 */
import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { extractScript, initPowerShellParser, type ScriptExtraction } from "../../src/powershell/extract.js";
import { DEFAULT_MAX_CHARS, parsePowerShell } from "../../src/powershell/parser.js";

/** Extraction may cost this many plain parses of the same text... */
const PARSES_ALLOWED = 20;
/** ...plus this allowance (ms) for a garbage collection or a busy neighbour on a shared machine. */
const SLACK_MS = 250;

const TLS12 = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server";
const WRITE = `New-ItemProperty -Path '${TLS12}' -Name Enabled -Value 1 -PropertyType DWord -Force\n`;

/** Bytes 0-255 at random (seeded), read as text the way a mis-decoded binary file would be. */
function binaryText(length: number): string {
  let state = 42;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(state & 0xff);
  }
  return out;
}

/** Repeats `unit` until the text is at least `chars` long. */
const sized = (unit: string, chars: number): string => unit.repeat(Math.ceil(chars / unit.length));

const MB = 1024 * 1024;

interface Hostile {
  readonly name: string;
  readonly text: () => string;
  /** What the result must show besides not throwing. */
  readonly expectResult: (r: ScriptExtraction) => void;
}

const hasError = (pattern: RegExp) => (r: ScriptExtraction) => expect(r.errors.map((e) => e.message).join("\n")).toMatch(pattern);

const HOSTILE: readonly Hostile[] = [
  {
    name: "5,000 nested if blocks, closed",
    text: () => `${"if ($a) {\n".repeat(5000)}${WRITE}${"}\n".repeat(5000)}`,
    expectResult: hasError(/nested more than \d+ levels/),
  },
  {
    name: "5,000 nested if blocks, never closed",
    text: () => `${"if ($a) {\n".repeat(5000)}${WRITE}`,
    expectResult: hasError(/syntax error|nested more than/),
  },
  {
    name: "a 5 MB script (documentation blocks between registry writes)",
    text: () => sized(`<#\n${"  Documents the TLS 1.2 Server setting of the mail baseline; see BASELINE.md.\n".repeat(25)}#>\n${WRITE}$i = $i + 1\n`, 5 * MB),
    expectResult: (r) => {
      expect(r.errors).toEqual([]);
      expect(r.ops.length).toBeGreaterThan(2_000);
    },
  },
  {
    // The text pre-filter reads whole statements: it must not read the inner text once per enclosing block.
    name: "190 nested blocks around 4 MB of housekeeping, with an assignment at the bottom",
    text: () => `${"if ($a) {\n".repeat(190)}$x = 1\n${sized("Write-Output 'housekeeping, nothing to record'\n", 4 * MB)}${"}\n".repeat(190)}${WRITE}`,
    expectResult: (r) => {
      expect(r.errors).toEqual([]);
      expect(r.ops.length).toBe(1);
    },
  },
  {
    name: "an unterminated string before 1 MB of script",
    text: () => `$x = "never closed\n${sized(WRITE, MB)}`,
    expectResult: hasError(/syntax error/),
  },
  {
    name: "1 MB of binary bytes",
    text: () => binaryText(MB),
    expectResult: hasError(/syntax error/),
  },
  {
    name: "here-strings, the last one unterminated",
    text: () => `${sized(`$doc = @"\nNew-ItemProperty -Path '${TLS12}' -Name Enabled -Value 0\n"@\n$raw = @'\n$(Get-Date) '' "\n'@\n`, MB)}$tail = @"\n${WRITE}`,
    expectResult: (r) => {
      // Text inside here-strings is data, not a write.
      expect(r.ops).toEqual([]);
      expect(r.errors.length).toBeGreaterThan(0);
    },
  },
  {
    name: "a single 1 MB line of statements",
    text: () => sized(`Set-ItemProperty -Path '${TLS12}' -Name Enabled -Value 1; `, MB),
    expectResult: (r) => expect(r.ops.length).toBeGreaterThan(1000),
  },
  {
    name: "a single 1 MB string literal",
    text: () => `$blob = '${"A".repeat(MB)}'\n${WRITE}`,
    expectResult: (r) => expect(r.ops.length).toBe(1),
  },
];

async function plainParseMs(text: string): Promise<number> {
  const start = performance.now();
  const parsed = await parsePowerShell(text, { maxChars: Infinity });
  const ms = performance.now() - start;
  if ("tree" in parsed) parsed.tree.delete();
  return ms;
}

describe("extraction of hostile scripts", () => {
  beforeAll(async () => {
    await initPowerShellParser();
  });

  it.each(HOSTILE.map((h) => [h.name, h] as const))("%s: a result, within the bound", async (_name, hostile) => {
    const text = hostile.text();
    const floor = await plainParseMs(text);
    const start = performance.now();
    const result = await extractScript(text, { file: "hostile.ps1" });
    const ms = performance.now() - start;
    hostile.expectResult(result);
    for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
    expect(ms, `extraction ${ms.toFixed(0)} ms against a plain parse of ${floor.toFixed(0)} ms`).toBeLessThanOrEqual(PARSES_ALLOWED * floor + SLACK_MS);
  });

  it("the text pre-filter costs no more than walking every statement, also around deep nests of blocks", async () => {
    // Without its depth and size limits the filter read the inner text once per enclosing block:
    // this script took 2.8x as long as walking everything.
    const text = HOSTILE.find((h) => h.name.startsWith("190 nested blocks"))?.text() ?? "";
    expect(text.length).toBeGreaterThan(4 * MB);
    const walked = performance.now();
    const everything = await extractScript(text, { walkEveryStatement: true });
    const walkedMs = performance.now() - walked;
    const filtered = performance.now();
    const result = await extractScript(text);
    const filteredMs = performance.now() - filtered;
    expect(result).toEqual(everything);
    expect(filteredMs, `filtered ${filteredMs.toFixed(0)} ms, walking every statement ${walkedMs.toFixed(0)} ms`).toBeLessThanOrEqual(1.5 * walkedMs + SLACK_MS);
  });

  it("refuses a script above the size limit with an error naming the limit, without parsing it", async () => {
    const text = sized(WRITE, DEFAULT_MAX_CHARS + 1);
    const small = await plainParseMs(text.slice(0, 64 * 1024));
    const start = performance.now();
    const result = await extractScript(text);
    const ms = performance.now() - start;
    expect(result.errors).toEqual([{ message: expect.stringMatching(/above the limit of \d+/) as unknown, line: 1 }]);
    expect(result.ops).toEqual([]);
    expect(ms).toBeLessThanOrEqual(PARSES_ALLOWED * small + SLACK_MS);
  });

  it("stops a parse that runs past its time budget with an error saying so", async () => {
    const text = sized(`${"if ($a) {".repeat(50)}${WRITE}${"}".repeat(50)}\n`, 2 * MB);
    const result = await extractScript(text, { timeoutMs: 1 });
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/parsing took longer than 1 ms/)]);
  });

  it("takes text that is not a string as an error, not an exception", async () => {
    const result = await extractScript(undefined as unknown as string);
    expect(result.errors.map((e) => e.message)).toEqual(["script text is not a string"]);
  });
});
