import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BASELINE_VERSION, SCHANNEL_PROTOCOLS_KEY } from "../../src/baseline/index.js";
import {
  defaultRemediationOptions,
  desiredRegistryValues,
  renderDscConfiguration,
  renderRemediationScript,
  renderRollbackScript,
  RemediationOptionsError,
  RESTART_POLICIES,
  ROLLBACK_SCRIPT_FILE_NAME,
  verifyContentHash,
  type DscRenderOptions,
  type RenderedArtefact,
} from "../../src/remediation/index.js";
import { COMBINATIONS, count } from "./combinations.js";

const HLKM_PROVIDER = (key: string): string => key.replace(/^HKLM\\/, "HKLM:\\");
const HKLM_LONG = (key: string): string => key.replace(/^HKLM\\/, "HKEY_LOCAL_MACHINE\\");

/** The hash recomputed here, independently of the renderer: sha256 of the text with the hash left out. */
function recomputedHash(artefact: RenderedArtefact): string {
  return createHash("sha256").update(artefact.text.split(artefact.contentHash).join(""), "utf8").digest("hex");
}

/**
 * The remediation script without the rollback script it carries for `-Rollback` mode: the
 * structure checks below are about the apply path.
 */
function applyPath(text: string): string {
  const start = text.indexOf("$RollbackScript = @'\n");
  const end = text.indexOf("\n'@\n", start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return text.slice(0, start) + text.slice(end + "\n'@\n".length);
}

function expectSealed(artefact: RenderedArtefact): void {
  expect(artefact.baselineVersion).toBe(BASELINE_VERSION);
  expect(artefact.contentHash).toMatch(/^[0-9a-f]{64}$/);
  expect(artefact.text).toContain(`# mailflow-tls-guard baseline ${BASELINE_VERSION} sha256:${artefact.contentHash}\n`);
  expect(recomputedHash(artefact)).toBe(artefact.contentHash);
  expect(verifyContentHash(artefact.text)).toEqual({ ok: true, baselineVersion: BASELINE_VERSION, contentHash: artefact.contentHash });
}

describe("renderRemediationScript", () => {
  it.each(COMBINATIONS)("$name: every desired value is written exactly once, by one explicit line", ({ options }) => {
    const script = renderRemediationScript(options);
    const values = desiredRegistryValues(options);
    for (const v of values) {
      const path = HLKM_PROVIDER(v.key);
      expect(count(script.text, `New-ItemProperty -Path '${path}' -Name '${v.valueName}' -Value ${v.data} -PropertyType DWord -Force | Out-Null\n`)).toBe(1);
      expect(count(script.text, `@{ Path = '${path}'; Name = '${v.valueName}'; Value = ${v.data} }\n`)).toBe(1);
    }
    expect(count(script.text, "New-ItemProperty ")).toBe(values.length);
    expect(count(script.text, "@{ Path = ")).toBe(values.length);
  });

  it.each(COMBINATIONS)("$name: header, hash, strict mode, one JSON line, exit codes", ({ options }) => {
    const script = renderRemediationScript(options);
    expectSealed(script);
    const text = applyPath(script.text);
    const lines = text.split("\n");
    expect(lines[0]).toBe("#Requires -RunAsAdministrator");
    expect(lines[1]).toBe(`# mailflow-tls-guard baseline ${BASELINE_VERSION} sha256:${script.contentHash}`);
    expect(lines[2]).toContain(`restart=${options.restart}`);
    for (const needle of ["[CmdletBinding()]", "[string]$Rollback", "[switch]$WhatIf", "Set-StrictMode -Version Latest", "$ErrorActionPreference = 'Stop'", `$ContentHash = '${script.contentHash}'`, "exit 1\n", "exit 0\n"]) {
      expect(text).toContain(needle);
    }
    // Exactly two places print: the result (Write-RunResult) and the error line (catch).
    expect(count(text, "Write-Output (ConvertTo-Json")).toBe(2);
    expect(count(text, "-Compress")).toBe(2);
  });

  it.each(COMBINATIONS)("$name: backs up first, writes, then reads back; -WhatIf leaves before the backup", ({ options }) => {
    const text = applyPath(renderRemediationScript(options).text);
    const whatIf = text.indexOf("if ($WhatIf) {");
    const backup = text.indexOf("$BackupPath = Save-Backup");
    const firstWrite = text.indexOf("New-ItemProperty ");
    const readBack = text.indexOf("Read-back mismatch");
    expect(whatIf).toBeGreaterThan(0);
    expect(whatIf).toBeLessThan(backup);
    expect(backup).toBeLessThan(firstWrite);
    expect(firstWrite).toBeLessThan(readBack);
    expect(text).toContain("Join-Path $env:ProgramData 'mailflow-tls-guard'");
    expect(text).toContain("'backup-{0}.json'");
  });

  it.each(COMBINATIONS)("$name: restarts only when told to", ({ options }) => {
    const text = applyPath(renderRemediationScript(options).text);
    expect(count(text, "Restart-Computer")).toBe(options.restart === "ifRequired" ? 1 : 0);
    if (options.restart === "maintenanceWindow") expect(text).toContain("maintenance configuration assigned to this machine reboots it");
  });

  it.each(RESTART_POLICIES)("-Rollback <file> (restart %s) runs the rollback script it carries, before anything is applied", (restart) => {
    const { text } = renderRemediationScript({ ...defaultRemediationOptions, restart });
    const rollback = renderRollbackScript({ restart }).text;
    expect(text).toContain(`if ($Rollback) {\n    $RollbackScript = @'\n${rollback}\n'@\n    & ([scriptblock]::Create($RollbackScript)) -BackupFile $Rollback -WhatIf:$WhatIf\n    exit 0\n}`);
    expect(text.indexOf("if ($Rollback) {")).toBeLessThan(text.indexOf("$BackupPath = Save-Backup"));
    expect(text).toContain(".PARAMETER Rollback");
  });

  it("changes its hash whenever an option changes", () => {
    const hashes = COMBINATIONS.map(({ options }) => renderRemediationScript(options).contentHash);
    expect(new Set(hashes).size).toBe(COMBINATIONS.length);
  });

  it("renders the same text for the same options", () => {
    expect(renderRemediationScript(defaultRemediationOptions)).toEqual(renderRemediationScript({ ...defaultRemediationOptions }));
  });

  it("rejects bad options with a clear error", () => {
    expect(() => renderRemediationScript({ ...defaultRemediationOptions, legacyProtocols: ["TLS 1.2"], disableLegacyProtocols: true })).toThrow(RemediationOptionsError);
    expect(() => renderRemediationScript(null as unknown as typeof defaultRemediationOptions)).toThrow(/must be an object/);
  });
});

/** `Registry <id> { Key = ...; ValueName = ...; ValueData = ... }` blocks of a rendered configuration. */
function registryResources(text: string): { id: string; key: string; valueName: string; valueData: string }[] {
  const pattern = /Registry (\w+) \{\n\s+Key\s+= '([^']+)'\n\s+ValueName = '([^']+)'\n\s+ValueData = '([^']+)'\n\s+ValueType = 'Dword'\n\s+Ensure\s+= 'Present'\n\s+Force\s+= \$true\n\s+\}/g;
  return [...text.matchAll(pattern)].map((m) => ({ id: m[1] ?? "", key: m[2] ?? "", valueName: m[3] ?? "", valueData: m[4] ?? "" }));
}

describe("renderDscConfiguration", () => {
  it.each(COMBINATIONS)("$name: one Registry resource per desired value, unique ids", ({ options }) => {
    const dsc = renderDscConfiguration(options);
    const values = desiredRegistryValues(options);
    const resources = registryResources(dsc.text);
    expect(resources).toEqual(values.map((v) => ({ id: v.id, key: HKLM_LONG(v.key), valueName: v.valueName, valueData: String(v.data) })));
    expect(dsc.text.match(/^\s*Registry \S+ \{$/gm)).toHaveLength(values.length);
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
  });

  it.each(COMBINATIONS)("$name: header and hash; never restarts", ({ options }) => {
    const dsc = renderDscConfiguration(options);
    expectSealed(dsc);
    expect(dsc.fileName).toBe("MailflowTlsBaseline.ps1");
    expect(dsc.text).toContain("Configuration MailflowTlsBaseline {\n    Import-DscResource -ModuleName PSDesiredStateConfiguration\n");
    expect(dsc.text).toContain("    Node localhost {\n");
    expect(dsc.text).not.toContain("Restart-Computer");
  });

  it("changes its hash whenever an option changes", () => {
    const hashes = COMBINATIONS.map(({ options }) => renderDscConfiguration(options).contentHash);
    expect(new Set(hashes).size).toBe(COMBINATIONS.length);
  });

  it("takes a configuration and node name", () => {
    const dsc = renderDscConfiguration({ ...defaultRemediationOptions, configurationName: "Tls_Baseline2", nodeName: "mx01.contoso.com" });
    expect(dsc.fileName).toBe("Tls_Baseline2.ps1");
    expect(dsc.text).toContain("Configuration Tls_Baseline2 {");
    expect(dsc.text).toContain("Node mx01.contoso.com {");
    expectSealed(dsc);
  });

  const badNames: readonly { name: string; options: Partial<DscRenderOptions> }[] = [
    { name: "a configuration name with code in it", options: { configurationName: "X { Remove-Item C:\\ }" } },
    { name: "a configuration name starting with a digit", options: { configurationName: "1Baseline" } },
    { name: "a node name with a quote", options: { nodeName: "mx01'; Stop-Computer; '" } },
    { name: "a node name with a variable", options: { nodeName: "$env:COMPUTERNAME" } },
    { name: "a node name that is not a string", options: { nodeName: 42 as unknown as string } },
    { name: "an empty node name", options: { nodeName: "" } },
  ];
  it.each(badNames)("rejects $name", ({ options }) => {
    expect(() => renderDscConfiguration({ ...defaultRemediationOptions, ...options })).toThrow(RemediationOptionsError);
  });
});

describe("renderRollbackScript", () => {
  it.each(RESTART_POLICIES)("restart %s: restores a backup, one JSON line, sealed", (restart) => {
    const rollback = renderRollbackScript({ restart });
    expectSealed(rollback);
    expect(rollback.fileName).toBe(ROLLBACK_SCRIPT_FILE_NAME);
    for (const needle of ["#Requires -RunAsAdministrator", "[Parameter(Mandatory = $true)]\n    [string]$BackupFile", "[switch]$WhatIf", "Restore-Value -Saved $saved", "Remove-EmptyKey", "$Mode = 'rollback'", "$BackupPath = $BackupFile", "exit 1\n"]) {
      expect(rollback.text).toContain(needle);
    }
    expect(rollback.text).toContain(`'${HLKM_PROVIDER(SCHANNEL_PROTOCOLS_KEY)}'`);
    expect(count(rollback.text, "Restart-Computer")).toBe(restart === "ifRequired" ? 1 : 0);
  });

  it("checks every listed path before it restores anything", () => {
    const { text } = renderRollbackScript({ restart: "never" });
    expect(text.indexOf("outside the baseline keys")).toBeLessThan(text.indexOf("Restore-Value -Saved $saved"));
  });
});

describe("every artefact", () => {
  const artefacts = [...COMBINATIONS.flatMap(({ options }) => [renderRemediationScript(options), renderDscConfiguration(options)]), ...RESTART_POLICIES.map((restart) => renderRollbackScript({ restart }))];
  it("is plain ASCII: Windows PowerShell 5.1 reads a file without a byte order mark as ANSI", () => {
    for (const artefact of artefacts) expect([...artefact.text].filter((c) => c !== "\n" && (c < " " || c > "~"))).toEqual([]);
  });
});

describe("verifyContentHash", () => {
  const script = renderRemediationScript(defaultRemediationOptions);
  const tampered: readonly { name: string; text: unknown; reason: RegExp }[] = [
    { name: "a changed write", text: script.text.replace("-Name 'Enabled' -Value 1", "-Name 'Enabled' -Value 0"), reason: /does not match its hash/ },
    { name: "an appended line", text: `${script.text}Remove-Item -Path 'HKLM:\\SOFTWARE\\X'\n`, reason: /does not match its hash/ },
    { name: "a changed hash", text: script.text.split(script.contentHash).join("0".repeat(64)), reason: /does not match its hash/ },
    { name: "no header", text: "Write-Output 'hello'", reason: /no mailflow-tls-guard header/ },
    { name: "not text", text: { text: script.text }, reason: /not text/ },
    { name: "null", text: null, reason: /not text/ },
  ];
  it.each(tampered)("rejects $name", ({ text, reason }) => {
    const verification = verifyContentHash(text);
    expect(verification.ok).toBe(false);
    if (!verification.ok) expect(verification.reason).toMatch(reason);
  });
});

describe("the renderers' sources", () => {
  // Paths and protocol keys come from src/baseline; a hand-typed one would drift from the checks.
  const folder = join(__dirname, "../../src/remediation");
  it.each(readdirSync(folder).filter((f) => f.endsWith(".ts")))("%s spells no registry path by hand", (file) => {
    expect(readFileSync(join(folder, file), "utf8")).not.toMatch(/CurrentControlSet|SecurityProviders|\.NETFramework|Protocols\\\\/);
  });
});
