/**
 * The text pre-filter (src/powershell/prefilter.ts) passes over statements that cannot change the
 * extraction. These tests prove "cannot": every name the walker matches is a trigger, and scripts
 * of every kind give exactly the same extraction with the filter and without it
 * (`walkEveryStatement`), including random scripts built from acting, assigning and inert pieces
 * nested in every kind of block.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { carrierSize, generatedDsc, generatedScript, seededRandom } from "../../bench/scripts.js";
import { ALIASES, CMDLETS } from "../../src/powershell/commands.js";
import { DSC_RESOURCES } from "../../src/powershell/dsc.js";
import { extractScript } from "../../src/powershell/extract.js";
import { isInert, mayAct, mayAssign } from "../../src/powershell/prefilter.js";
import { defaultRemediationOptions, renderDscConfiguration, renderRemediationScript, renderRollbackScript } from "../../src/remediation/index.js";

const REPO = path.join(__dirname, "..", "..");

async function expectSameBothWays(text: string, file = "script.ps1"): Promise<void> {
  const filtered = await extractScript(text, { file });
  const walked = await extractScript(text, { file, walkEveryStatement: true });
  expect(filtered).toEqual(walked);
}

describe("what the filter treats as acting or assigning", () => {
  it.each([
    ["Write-Output 'done'", false, false],
    ["Get-Service -Name MSExchangeTransport | Format-List", false, false],
    ["Get-ItemProperty -Path HKLM:\\SOFTWARE\\A -Name V", false, false],
    ["Write-Output 'transport'", false, false], // "sp" inside a word is not the alias
    ["if ($x -eq 1) { Write-Output $x }", false, false],
    ["New-ItemProperty -Path $p -Name Enabled -Value 1", true, false],
    ["Microsoft.PowerShell.Management\\sp $p Enabled 1", true, false],
    ["SP $p Enabled 1", true, false],
    ["@('a') | % { $_ }", true, false],
    ["& $cmd -Path $p", true, false],
    [". $cmd -Path $p", true, false],
    ["D:\\Setup.exe /mode:Upgrade", true, false],
    ["& $exe /m:install", true, false],
    ["[Microsoft.Win32.Registry]::SetValue('HKEY_LOCAL_MACHINE\\A', 'V', 1)", true, false],
    ["$key.DeleteValue('V')", true, false],
    ["reg.exe add HKLM\\A /v V /d 1 /f", true, false],
    ["Registry R { Key = 'HKLM:\\A' }", true, false],
    ["$a = 1", false, true],
    ["$a += 'x'", false, true],
    ["Get-Thing | Where-Object { $v = 5 }", false, true],
    ["Write-Output \"$k=$v\"", false, true], // conservative: may assign
    ["Service S { Name = 'W3SVC'; State = 'Running' }", false, false],
  ])("%s: acts %s, assigns %s", (text, acts, assigns) => {
    expect(mayAct(text)).toBe(acts);
    expect(mayAssign(text)).toBe(assigns);
    expect(isInert(text)).toBe(!acts && !assigns);
  });

  it("every name the walker matches makes a statement act, in any case and module-qualified", () => {
    const names = [...CMDLETS.keys(), ...ALIASES.keys(), ...[...ALIASES.values()].map((v) => v.toLowerCase()), ...DSC_RESOURCES, "node", "configuration", "reg", "reg.exe", "setup.exe"];
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      for (const text of [`${name} x`, `${name.toUpperCase()} x`, `Get-Thing | ${name} -Force`, `Some.Module\\${name} x`, `(${name} x)`, `{${name}}`]) {
        expect(mayAct(text), text).toBe(true);
      }
    }
  });
});

describe("the same extraction with the filter and without it", () => {
  const files = (dir: string): string[] => readdirSync(dir).filter((f) => /\.ps1$/i.test(f)).map((f) => path.join(dir, f));
  const scripts = [...files(path.join(REPO, "test", "fixtures", "powershell")), ...files(path.join(REPO, "examples", "estate", "dsc"))];

  it.each(scripts.map((f) => [path.relative(REPO, f)]))("%s", async (file) => {
    await expectSameBothWays(readFileSync(path.join(REPO, file), "utf8"), file);
  });

  it("the remediation, rollback and DSC renders", async () => {
    const options = { ...defaultRemediationOptions, disableLegacyProtocols: true };
    for (const text of [renderRemediationScript(options).text, renderRollbackScript(options).text, renderDscConfiguration({ ...options }).text]) await expectSameBothWays(text);
  });

  it("the benchmark's generated run-command scripts and DSC configurations", async () => {
    const random = seededRandom(11);
    for (let i = 0; i < 12; i++) await expectSameBothWays(i % 2 === 0 ? generatedScript(`t-${i}`, carrierSize(random), random) : generatedDsc(`t-${i}`, carrierSize(random), random));
  });

  const KEY = "'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server'";
  /** Statements that act, assign, or do neither, over a few shared variables. */
  const piece = fc.constantFrom(
    `$a = ${KEY}`,
    "$v = 1",
    "$v = 0",
    "$k = 'TLS 1.3'",
    "$a += '\\Sub'",
    "$cmd = 'New-ItemProperty'",
    "$h = @{ Path = $a; Name = 'Splat'; Value = $v }",
    "$list = @('TLS 1.0', 'TLS 1.1')",
    "New-ItemProperty -Path $a -Name Enabled -Value $v -PropertyType DWord -Force | Out-Null",
    "sp $a DisabledByDefault $v",
    "ni \"HKLM:\\SOFTWARE\\Contoso\\$k\" -Force | Out-Null",
    "Remove-ItemProperty -Path $a -Name Old",
    "reg add \"HKLM\\SOFTWARE\\Contoso\\$k\" /v Enabled /t REG_DWORD /d $v /f",
    "& $cmd -Path $a -Name Dynamic -Value 2",
    ". $cmd -Path $a -Name Dotted -Value 3",
    "Set-ItemProperty @h",
    "[Microsoft.Win32.Registry]::SetValue('HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso', 'M', $v)",
    "& 'D:\\Exchange\\Setup.exe' /mode:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataON",
    "Write-Output \"$a done\"",
    "Write-Output 'nothing to see: sp, ni, transport'",
    "Write-Host ('{0}={1}' -f $k, $v)",
    "Get-Service -Name MSExchangeTransport -ErrorAction SilentlyContinue",
    "$transport = Get-Service -Name MSExchangeTransport",
    "Get-Thing | Where-Object { $v = 5 }",
    "# sp $a Enabled 0 in a comment",
    "$null = Get-Item $a",
  );
  const script = fc.letrec<{ block: string }>((tie) => ({
    block: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.array(piece, { minLength: 1, maxLength: 5 }).map((xs) => xs.join("\n")),
      fc
        .tuple(
          fc.constantFrom(
            (b: string) => `if ($v -eq 1) {\n${b}\n}`,
            (b: string) => `function Set-It { param($p)\n${b}\n}`,
            (b: string) => `try {\n${b}\n} catch {\n${b}\n}`,
            (b: string) => `foreach ($k in $list) {\n${b}\n}`,
            (b: string) => `$list | ForEach-Object {\n${b}\n}`,
            (b: string) => `Invoke-Command -ScriptBlock {\n${b}\n}`,
            (b: string) => `Get-Thing | Where-Object {\n${b}\n}`,
            (b: string) => `while ($false) {\n${b}\n}`,
            (b: string) => `Configuration C {\n Node 'mx01' {\n  Registry R {\n   Key = ${KEY}\n   ValueName = 'Enabled'\n   ValueData = '1'\n   ValueType = 'Dword'\n  }\n  Service S {\n   Name = 'W3SVC'\n  }\n${b}\n }\n}`,
          ),
          tie("block"),
        )
        .map(([wrap, inner]) => wrap(inner)),
      fc.tuple(tie("block"), tie("block")).map(([x, y]) => `${x}\n${y}`),
    ),
  })).block;

  it.each([
    ["a foreach with an inert body still sets its variable", "$list = @('TLS 1.0', 'TLS 1.1')\nforeach ($k in $list) { Write-Output 'x' }\nni \"HKLM:\\SOFTWARE\\Contoso\\$k\" -Force"],
    ["a command name held in a variable", "$cmd = 'New-ItemProperty'\nif ($true) { & $cmd -Path HKLM:\\SOFTWARE\\A -Name N -Value 1 }"],
    ["an assignment inside a script block makes the variable unknown after it", "$v = 1\nGet-Thing | Where-Object { $v = 5 }\nsp HKLM:\\SOFTWARE\\A N $v"],
    ["a function's assignments stay inside it", "$v = 1\nfunction F { $v = 2; Write-Output $v }\nsp HKLM:\\SOFTWARE\\A N $v"],
  ])("%s", async (_name, text) => {
    await expectSameBothWays(text);
  });

  it("random scripts of acting, assigning and inert statements in nested blocks", async () => {
    await fc.assert(
      fc.asyncProperty(script, async (text) => {
        await expectSameBothWays(text);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
