/**
 * Analyze, one resource at a time as the engine calls it during a preview: compliant, non-compliant,
 * unknown (preview) and secret inputs, encoded as the engine encodes them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FULL_BASELINE } from "../../examples/fleet/scripts.js";
import { POLICY_NAMES } from "../../src/rules/types.js";
import { outcomeLines, secret, startPack, unknown, type PackHandle, type PackResource } from "../support/analyzer.js";
import { baselineRunCommand, customScript, mailVm, windowsVm } from "../support/resources.js";

const CANARY = "Canary-5be1c0de-do-not-print";
const STORAGE_KEY = "c2VjcmV0LXN0b3JhZ2Uta2V5LWNhbmFyeS0xMjM0NTY3ODkwYWJjZGVmZ2hpams=";

const half10 = { ...FULL_BASELINE, protocols: { ...FULL_BASELINE.protocols, "TLS 1.0": "half-disabled" as const } };
const tls12Off = { ...FULL_BASELINE, protocols: { ...FULL_BASELINE.protocols, "TLS 1.2": "disabled" as const } };
const manual = { osProfile: { windowsConfiguration: { patchSettings: { patchMode: "Manual" } } } };

const CASES: readonly (readonly [string, PackResource, readonly string[]])[] = [
  ["a compliant mail server", mailVm("mbx"), []],
  ["manual patching", mailVm("mbx", manual), ["windows-automatic-patching | mbx | mandatory"]],
  ["Windows Server 2012 R2", mailVm("mbx", { storageProfile: { imageReference: { sku: "2012-R2-Datacenter" } } }), ["windows-server-supported | mbx | mandatory"]],
  ["a type token with an API version", { ...mailVm("mbx", manual), type: "azure-native:compute/v20240301:VirtualMachine" }, ["windows-automatic-patching | mbx | mandatory"]],
  ["a server that is not a mail server", windowsVm("util", { ...manual, tags: { role: "utility" } }), []],
  ["an image SKU unknown during preview", mailVm("mbx", { storageProfile: { imageReference: { sku: unknown(), version: unknown() } } }), ["windows-server-supported | mbx | advisory"]],
  ["a patch mode unknown during preview", mailVm("mbx", { osProfile: { windowsConfiguration: { patchSettings: { patchMode: unknown() } } } }), ["windows-automatic-patching | mbx | advisory"]],
  ["a secret admin password", mailVm("mbx", { osProfile: { adminPassword: secret(CANARY) } }), []],
  ["an Exchange 2016 build", mailVm("mbx", { tags: { role: "exchange", "exchange-build": "15.1.2507.6" } }), ["exchange-build-supported | mbx | mandatory"]],
  ["the full baseline in a run command", baselineRunCommand("rc", "mbx"), []],
  ["TLS 1.0 half-disabled", baselineRunCommand("rc", "mbx", half10), ["schannel-legacy-protocols-disabled | rc | advisory", "schannel-protocols-consistent | rc | mandatory"]],
  ["TLS 1.2 disabled", baselineRunCommand("rc", "mbx", tls12Off), ["schannel-tls12-enabled | rc | mandatory"]],
  ["no .NET values", baselineRunCommand("rc", "mbx", { ...FULL_BASELINE, dotnet: false }), ["dotnet-strong-crypto | rc | mandatory", "schannel-legacy-protocols-disabled | rc | advisory"]],
  ["a storage key in public settings", customScript("cse", "mbx", { commandToExecute: "powershell.exe -Command \"Get-Service\"", storageAccountKey: STORAGE_KEY }), ["extension-secrets-protected | cse | mandatory"]],
  ["secret public settings holding a storage key", customScript("cse", "mbx", secret({ commandToExecute: "powershell.exe -Command \"Get-Service\"", storageAccountKey: STORAGE_KEY })), ["extension-secrets-protected | cse | mandatory"]],
  ["a storage key in protected settings", customScript("cse", "mbx", { commandToExecute: "powershell.exe -Command \"Get-Service\"" }, secret({ storageAccountName: "acct", storageAccountKey: STORAGE_KEY })), []],
  ["a password in the command line", customScript("cse", "mbx", { commandToExecute: `powershell.exe -Command "$svcPassword = '${CANARY}'; New-LocalUser svc-mail -Password (ConvertTo-SecureString $svcPassword -AsPlainText -Force)"` }), ["extension-secrets-protected | cse | mandatory"]],
];

describe("Analyze", () => {
  let pack: PackHandle;
  beforeAll(async () => {
    pack = await startPack();
    await pack.configure(Object.fromEntries(POLICY_NAMES.map((n) => [n, { asOf: "2026-06-01" }])));
  });
  afterAll(async () => pack?.close());

  it.each(CASES)("%s", async (_case, resource, expected) => {
    const { diagnostics } = await pack.analyze(resource);
    expect(outcomeLines(diagnostics, [resource])).toEqual(expected);
    for (const d of diagnostics) {
      expect(d.message).not.toContain(CANARY);
      expect(d.message).not.toContain(STORAGE_KEY);
      expect(d.policyPackName).toBe("mailflow-tls-guard");
    }
  });

  it("reports an indeterminate outcome as such, with the reason", async () => {
    const resource = mailVm("mbx", { storageProfile: { imageReference: { sku: unknown(), version: unknown() } } });
    const [d] = (await pack.analyze(resource)).diagnostics;
    expect(d?.message).toMatch(/Indeterminate/);
    expect(d?.message).toContain("storageProfile.imageReference");
  });

  it("reads a script it cannot see (unknown during preview) as indeterminate, never compliant, never blocking", async () => {
    const resource = baselineRunCommand("rc", "mbx", FULL_BASELINE, { source: { script: unknown() } });
    const { diagnostics } = await pack.analyze(resource);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.enforcementLevel === "advisory" && /Indeterminate/.test(d.message))).toBe(true);
  });

  it("never echoes inputs on stdout or stderr", () => {
    const { stdout, stderr } = pack.output();
    expect(stdout + stderr).not.toContain(CANARY);
    expect(stdout + stderr).not.toContain(STORAGE_KEY);
  });
});
