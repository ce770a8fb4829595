import { describe, expect, it } from "vitest";
import { extractScript, initPowerShellParser } from "../../src/powershell/index.js";

describe("bad and hostile input ends with an error entry, never an exception", () => {
  it("initialising twice is harmless", async () => {
    await initPowerShellParser();
    await expect(initPowerShellParser()).resolves.toBeUndefined();
  });

  it.each([
    ["unterminated string", "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\A' -Name A -Value 1\nSet-ItemProperty -Path \"HKLM:\\SOFTWARE\\B -Name B -Value 1\n", 2],
    ["unclosed block", "Configuration C {\n  Node 'a' {\n    Registry R {\n      Key = 'HKLM:\\SOFTWARE\\A'\n", 1],
    ["stray closing parenthesis", "$a = 1\n$b = (2))\n", 2],
  ])("%s is a syntax error at the right line", async (_name, script, errorLine) => {
    const r = await extractScript(script);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]?.line).toBe(errorLine);
    expect(r.errors[0]?.message).toMatch(/^syntax error/);
  });

  it("writes before a syntax error are still read (callers treat the script as indeterminate)", async () => {
    const r = await extractScript("Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\A' -Name A -Value 1\n$x = (\n");
    expect(r.ops).toHaveLength(1);
    expect(r.errors).not.toEqual([]);
  });

  it("does not quote script text in error messages", async () => {
    const r = await extractScript("$password = 'Sup3rS3cret!'; New-Item ((((");
    expect(r.errors.map((e) => e.message).join(" ")).not.toContain("Sup3rS3cret");
  });

  it.each([
    ["nested if blocks", (n: number) => "if ($a) {\n".repeat(n) + "Set-ItemProperty -Path HKLM:\\SOFTWARE\\A -Name A -Value 1\n" + "}\n".repeat(n)],
    ["nested script blocks", (n: number) => "Invoke-Command {\n".repeat(n) + "Set-ItemProperty -Path HKLM:\\SOFTWARE\\A -Name A -Value 1\n" + "}\n".repeat(n)],
    ["nested subexpressions", (n: number) => `Set-ItemProperty -Path HKLM:\\SOFTWARE\\A -Name A -Value ${"$(".repeat(n)}1${")".repeat(n)}\n`],
    ["nested arrays", (n: number) => `Set-ItemProperty -Path HKLM:\\SOFTWARE\\A -Name A -Value ${"@(".repeat(n)}1${")".repeat(n)}\n`],
  ])("%s 5,000 deep: an error entry or an unknown, no stack overflow", async (_name, make) => {
    const r = await extractScript(make(5000));
    expect(r.errors.length + r.unresolved.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.line >= 1)).toBe(true);
  });

  it("binary bytes", async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256)).toString("latin1");
    const r = await extractScript(`\u0000\u0001${bytes}\u0000`);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.ops).toEqual([]);
  });

  it("a script over the size limit is not parsed", async () => {
    const r = await extractScript("# x\n".repeat(100), { maxChars: 100 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/above the limit of 100/);
  });

  it("a parse over the time budget is cancelled", async () => {
    const script = "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\A' -Name A -Value 1\n".repeat(40_000);
    const r = await extractScript(script, { timeoutMs: 0 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/longer than 0 ms/);
    // The shared parser is usable again afterwards.
    const again = await extractScript("Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\A' -Name A -Value 1");
    expect(again.ops).toHaveLength(1);
  });

  it("a loop that unrolls past the statement budget stops with an error", async () => {
    const items = Array.from({ length: 200 }, (_, i) => `'${i}'`).join(", ");
    const r = await extractScript(`$l = ${items}\nforeach ($a in $l) {\n  foreach ($b in $l) { $c = $a }\n}`, { maxStatements: 10_000 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 3 });
    expect(r.errors[0]?.message).toMatch(/stopped after 10000 statements/);
  });

  it.each([[null], [42], [{ text: "x" }]])("non-string input %j", async (input) => {
    const r = await extractScript(input as unknown as string);
    expect(r.errors).toEqual([{ message: "script text is not a string", line: 1 }]);
  });
});
