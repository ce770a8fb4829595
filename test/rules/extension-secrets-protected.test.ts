import { describe, expect, it } from "vitest";
import { extensionSecretsProtected as rule } from "../../src/rules/policies/extension-secrets-protected.js";
import { CANARY, TYPES, customScript, dscConfiguration, guestAssignment, mailVm, mailVmss, runCommand, withProp } from "../fixtures/rules/estate.js";
import { outcomes, secret, validateResource, type TestResource } from "../support/sdk.js";

const SAS = `https://stmail.blob.core.windows.net/scripts/tls.ps1?sv=2024-11-04&se=2030-01-01&sr=b&sp=r&sig=${CANARY}`;
const pass = customScript("cse", { commandToExecute: "powershell -File tls.ps1" }, { fileUris: [SAS], storageAccountName: "stmail", storageAccountKey: secret(CANARY) });

/** `{ a: { a: ... { password: CANARY } } }`, `depth` levels deep: a secret where no scan bound reaches. */
function deeplyNested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { password: CANARY };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe("extension-secrets-protected", () => {
  it.each<[string, TestResource, string[]]>([
    ["pass: SAS URL and storage key in protectedSettings", pass, []],
    ["pass: run command secrets in protectedParameters", withProp(runCommand("rc", "Get-Date"), "protectedParameters", [{ name: "AdminPassword", value: secret(CANARY) }]), []],
    ["pass: a server resource is not a carrier", mailVm(), []],
    ["fail: storage account key in public settings", customScript("cse", { commandToExecute: "powershell -File tls.ps1", storageAccountKey: secret(CANARY) }), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["fail: a SAS token in public fileUris", customScript("cse", { commandToExecute: "powershell -File tls.ps1", fileUris: [SAS] }), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["fail: a password in run command parameters", withProp(runCommand("rc", "Get-Date"), "parameters", [{ name: "AdminPassword", value: secret(CANARY) }]), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["fail: a plain-text SecureString in script text", runCommand("rc", secret(`$p = ConvertTo-SecureString '${CANARY}' -AsPlainText -Force`)), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["fail: a password in Machine Configuration public parameters", guestAssignment("gc", "AuditSecureProtocol", [{ name: "[SecureWebServer]s1;MinimumTLSVersion", value: "1.2" }, { name: "ServicePassword", value: secret(CANARY) }]), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["fail: a password in a scale set's embedded extension settings", mailVmss("edge", [{ name: "dsc", properties: { publisher: "Microsoft.Powershell", type: "DSC", typeHandlerVersion: "2.83", settings: { configurationArguments: { AdminPassword: secret(CANARY) } } } }]), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
    ["unknown: settings nested deeper than the scan reads", customScript("cse", { commandToExecute: "powershell -File tls.ps1", nested: deeplyNested(80) }), ["SETTINGS_NOT_SCANNED indeterminate advisory"]],
    ["fail: a literal credential in a DSC configuration", dscConfiguration("dsc", secret(`$c = New-Object PSCredential('svc', (ConvertTo-SecureString '${CANARY}' -AsPlainText -Force))`)), ["SECRET_IN_PUBLIC_SETTINGS violation mandatory"]],
  ])("%s", async (_name, resource, expected) => {
    const reported = await validateResource(rule, resource);
    expect(outcomes(reported)).toEqual([...expected].sort());
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });

  it("names the place and where the secret belongs", async () => {
    const [r] = await validateResource(rule, customScript("cse", { commandToExecute: "powershell -File tls.ps1", storageAccountKey: secret(CANARY) }));
    expect(r?.message).toContain("A storage account key sits where it is stored and shown in clear text; expected it in protectedSettings (settings.storageAccountKey, carrier cse)");
  });

  it("applies to every carrier kind, not to servers other than scale sets", () => {
    expect([TYPES.vmExtension, TYPES.arcExtension, TYPES.runCommand, TYPES.arcRunCommand, TYPES.dscConfiguration, TYPES.guestAssignment, TYPES.vmss, TYPES.vm].map((t) => rule.appliesTo(t))).toEqual([true, true, true, true, true, true, true, false]);
  });
});
