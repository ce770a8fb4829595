import { describe, expect, it } from "vitest";
import { type CarrierModel, readCarrier } from "../../src/azure/carrier.js";
import { classifyArmType, classifyResource } from "../../src/azure/classify.js";
import { isCarrierKind } from "../../src/azure/types.js";
import { UNKNOWN } from "../../src/values.js";
import { exported, programInput, withValue } from "./fixtures.js";

function carrierFrom(type: string, name: string, props: unknown): CarrierModel {
  const kind = classifyResource(type) ?? classifyArmType(type);
  if (kind === undefined || !isCarrierKind(kind)) throw new Error(`${type} is not a carrier`);
  return readCarrier(kind, name, props);
}
const fromExport = (name: string): CarrierModel => {
  const r = exported(name);
  return carrierFrom(r.type, name, r.outputs);
};
const fromProgram = (name: string, change?: (props: Record<string, unknown>) => Record<string, unknown>): CarrierModel => {
  const r = programInput(name);
  return carrierFrom(r.type, name, change ? change(r.props) : r.props);
};

const SUB = "/subscriptions/6f1c2b4e-0d3a-4c55-9e0e-2f7d8a1b3c4d";

describe("readCarrier: targets", () => {
  it.each([
    ["output-shaped VM extension (id only)", () => fromExport("mbx01-tls"), { kind: "vm", property: "vmName", name: "mbx01-vm", resourceGroupName: "rg-mail-prod", resourceId: `${SUB}/resourceGroups/rg-mail-prod/providers/Microsoft.Compute/virtualMachines/mbx01-vm`, embedded: false }],
    ["output-shaped HCRP assignment (targetResourceId)", () => fromExport("edge-audit-tls"), { kind: "arcMachine", property: "machineName", name: "edge-onprem-01", resourceGroupName: "rg-mail-arc", resourceId: `${SUB}/resourceGroups/rg-mail-arc/providers/Microsoft.HybridCompute/machines/edge-onprem-01`, embedded: false }],
    ["output-shaped Arc run command", () => fromExport("edge-tls12"), { kind: "arcMachine", property: "machineName", name: "edge-onprem-01", resourceGroupName: "rg-mail-arc" }],
    ["input-shaped run command", () => fromProgram("mbx02-runcmd"), { kind: "vm", property: "vmName", name: "mbx02", resourceGroupName: "rg-mail-prod", embedded: false }],
    ["input-shaped extension with an unknown vmName", () => fromProgram("mbx02-cse"), { kind: "vm", name: { unknown: true, path: "vmName" }, resourceGroupName: "rg-mail-prod" }],
    ["input-shaped guest assignment", () => fromProgram("mbx02-audit-tls"), { kind: "vm", property: "vmName", name: "mbx02" }],
    ["DSC configuration (automation account)", () => fromProgram("tls-config"), { kind: "automationAccount", property: "automationAccountName", name: "aa-mail" }],
    [
      "ARM guest assignment scoped to an Arc machine",
      () => carrierFrom("Microsoft.GuestConfiguration/guestConfigurationAssignments", "a", { scope: `${SUB}/resourceGroups/rg-x/providers/Microsoft.HybridCompute/machines/m1` }),
      { kind: "arcMachine", name: "m1", resourceGroupName: "rg-x" },
    ],
    ["VMSS extension", () => carrierFrom("azure-native:compute:VirtualMachineScaleSetExtension", "e", { vmScaleSetName: "edge-ss", resourceGroupName: "rg" }), { kind: "vmss", property: "vmScaleSetName", name: "edge-ss" }],
    ["VMSS guest assignment", () => carrierFrom("azure-native:guestconfiguration:GuestConfigurationAssignmentsVMSS", "g", { vmssName: "edge-ss", resourceGroupName: "rg" }), { kind: "vmss", property: "vmssName", name: "edge-ss" }],
  ])("%s", (_, read, target) => {
    expect(read().target).toMatchObject(target);
  });

  it("the carrier's Azure name comes from its name property or the name output", () => {
    expect([fromProgram("mbx02-runcmd").azureName, fromExport("mbx01-tls").azureName, fromProgram("mbx02-cse").azureName]).toEqual(["tls-baseline", "tls-baseline", undefined]);
  });
});

describe("readCarrier: content", () => {
  it("decodes a Custom Script Extension -EncodedCommand from an output-shaped extension", () => {
    const c = fromExport("mbx01-tls");
    // Output-shaped: `type` is the ARM type, so the handler is told from the settings.
    expect(c.extension).toEqual({ publisher: "Microsoft.Compute", type: undefined, typeHandlerVersion: "1.10" });
    expect(c.content).toHaveLength(1);
    expect(c.content[0]).toMatchObject({ kind: "script", origin: "settings.commandToExecute", shell: "powershell", decodedFrom: "EncodedCommand" });
    const text = c.content[0]?.kind === "script" ? c.content[0].text : "";
    expect(text.split("\n")).toEqual([
      'New-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" -Name Enabled -Value 1 -PropertyType DWord -Force',
      'New-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" -Name DisabledByDefault -Value 0 -PropertyType DWord -Force',
    ]);
  });

  it.each([
    ["run command script", () => fromExport("edge-tls12"), [{ kind: "script", origin: "source.script", shell: "powershell" }]],
    ["embedded DSC configuration", () => fromExport("tls-baseline-config"), [{ kind: "script", origin: "source.value", shell: "powershell" }]],
    ["DSC configuration at a URI", () => fromProgram("tls-config"), [{ kind: "url", url: "https://stmailartifacts.blob.core.windows.net/dsc/TlsBaseline.ps1", origin: "source.value" }]],
    [
      "DSC configuration with only a hash",
      () => fromProgram("tls-config", (p) => withValue(p, ["source", "value"], undefined)),
      [{ kind: "opaque", origin: "source.hash", reason: "only a content hash is declared" }],
    ],
    [
      "DSC extension package and data at URLs",
      () => fromProgram("mbx02-dsc"),
      [
        { kind: "url", url: "https://stmailartifacts.blob.core.windows.net/dsc/ExchangeTls.ps1.zip", origin: "settings.configuration.url" },
        { kind: "url", url: "https://stmailartifacts.blob.core.windows.net/dsc/ExchangeTls.psd1", origin: "settings.configurationData.url" },
      ],
    ],
    [
      "Custom Script Extension running a downloaded file",
      () => fromProgram("mbx02-cse"),
      [{ kind: "url", origin: "settings.fileUris[0]" }],
    ],
    [
      "Custom Script Extension running a local file",
      () => fromProgram("mbx02-cse", (p) => withValue(p, ["settings", "fileUris"], undefined)),
      [{ kind: "opaque", origin: "settings.commandToExecute", reason: "runs a script file that is already on the machine" }],
    ],
    [
      "run command by script URI and by built-in id",
      () => readCarrier("vmRunCommand", "r", { vmName: "v", source: { scriptUri: "https://x.example/s.ps1", commandId: "RunPowerShellScript" } }),
      [
        { kind: "url", url: "https://x.example/s.ps1", origin: "source.scriptUri" },
        { kind: "commandId", id: "RunPowerShellScript", origin: "source.commandId" },
      ],
    ],
    [
      "ARM-shaped run command (properties.source)",
      () => readCarrier("vmRunCommand", "r", { properties: { source: { script: "Get-Date" } } }),
      [{ kind: "script", text: "Get-Date", origin: "properties.source.script", shell: "powershell" }],
    ],
    [
      "Arc extension (settings under properties)",
      () => readCarrier("arcExtension", "x", { machineName: "m", properties: { publisher: "Microsoft.Compute", type: "CustomScriptExtension", settings: { commandToExecute: "powershell -Command Get-Date" } } }),
      [{ kind: "script", text: "Get-Date", origin: "properties.settings.commandToExecute", shell: "powershell" }],
    ],
    [
      "commandToExecute in protected settings",
      () => readCarrier("vmExtension", "x", { type: "CustomScriptExtension", protectedSettings: { commandToExecute: "powershell -Command Get-Date" } }),
      [{ kind: "script", text: "Get-Date", origin: "protectedSettings.commandToExecute", shell: "powershell" }],
    ],
    [
      "settings passed as a JSON string",
      () => readCarrier("vmExtension", "x", { type: "CustomScriptExtension", settings: JSON.stringify({ commandToExecute: "powershell -Command Get-Date" }) }),
      [{ kind: "script", text: "Get-Date", origin: "settings.commandToExecute" }],
    ],
    [
      "a reg.exe command line",
      () => readCarrier("vmExtension", "x", { type: "CustomScriptExtension", settings: { commandToExecute: "cmd /c reg add HKLM\\SOFTWARE\\X /v Y /t REG_DWORD /d 1 /f" } }),
      [{ kind: "script", text: "reg add HKLM\\SOFTWARE\\X /v Y /t REG_DWORD /d 1 /f", shell: "cmd" }],
    ],
    [
      "a bad EncodedCommand",
      () => readCarrier("vmExtension", "x", { type: "CustomScriptExtension", settings: { commandToExecute: "powershell -EncodedCommand @@@" } }),
      [{ kind: "opaque", origin: "settings.commandToExecute" }],
    ],
    ["an extension that carries no script (monitoring agent)", () => readCarrier("vmExtension", "x", { publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorWindowsAgent", settings: {} }), []],
    ["a custom Machine Configuration package at its URL", () => readCarrier("guestAssignment", "g", { vmName: "v", properties: { guestConfiguration: { name: "ContosoTls", contentUri: "https://x.example/ContosoTls.zip" } } }), [{ kind: "url", origin: "properties.guestConfiguration.contentUri" }]],
    ["a built-in Machine Configuration package is judged by its parameters", () => fromExport("edge-audit-tls"), []],
  ])("%s", (_, read, content) => {
    const c = read();
    expect(c.content).toHaveLength(content.length);
    content.forEach((item, i) => expect(c.content[i]).toMatchObject(item));
  });

  it.each([
    ["the run command script", "mbx02-runcmd", ["source", "script"], [{ kind: "unknown", origin: "source.script" }]],
    ["the run command source", "mbx02-runcmd", ["source"], [{ kind: "unknown", origin: "source" }]],
    ["the CSE command", "mbx02-cse", ["settings", "commandToExecute"], [{ kind: "url" }, { kind: "unknown", origin: "settings.commandToExecute" }]],
    ["the CSE file list", "mbx02-cse", ["settings", "fileUris"], [{ kind: "unknown", origin: "settings.fileUris" }]],
    ["one CSE file URI", "mbx02-cse", ["settings", "fileUris", 0], [{ kind: "unknown", origin: "settings.fileUris[0]" }]],
    ["the CSE settings", "mbx02-cse", ["settings"], [{ kind: "unknown", origin: "settings" }]],
    ["the DSC package URL", "mbx02-dsc", ["settings", "configuration", "url"], [{ kind: "unknown", origin: "settings.configuration.url" }, { kind: "url" }]],
    ["the extension type", "mbx02-cse", ["type"], [{ kind: "url" }]],
    ["the DSC configuration text", "tls-config", ["source", "value"], [{ kind: "unknown", origin: "source.value" }]],
    ["the guest configuration", "mbx02-audit-tls", ["properties", "guestConfiguration"], [{ kind: "unknown", origin: "properties.guestConfiguration" }]],
  ] as const)("an unknown %s is unknown content", (_, name, path, content) => {
    const c = fromProgram(name, (p) => withValue(p, path, UNKNOWN));
    expect(c.content).toHaveLength(content.length);
    content.forEach((item, i) => expect(c.content[i]).toMatchObject(item));
  });

  it("an unknown extension type with settings that tell nothing is unknown content", () => {
    expect(readCarrier("vmExtension", "x", { type: UNKNOWN, settings: {} }).content).toEqual([{ kind: "unknown", origin: "type" }]);
  });
});

describe("readCarrier: DSC extension, Machine Configuration, settings bags", () => {
  it("reads DSC extension settings, including the pre-2.x names", () => {
    expect(fromProgram("mbx02-dsc").dsc).toMatchObject({
      configurationUrl: "https://stmailartifacts.blob.core.windows.net/dsc/ExchangeTls.ps1.zip",
      configurationScript: "ExchangeTls.ps1",
      configurationFunction: "ExchangeTls",
      configurationDataUrl: "https://stmailartifacts.blob.core.windows.net/dsc/ExchangeTls.psd1",
      wmfVersion: "latest",
    });
    const legacy = readCarrier("vmExtension", "x", { publisher: "Microsoft.Powershell", type: "DSC", settings: { ModulesUrl: "https://x.example/m.zip", ConfigurationFunction: "Tls.ps1\\Tls", Properties: { A: 1 } } });
    expect(legacy.dsc).toMatchObject({ configurationUrl: "https://x.example/m.zip", configurationScript: "Tls.ps1", configurationFunction: "Tls", configurationArguments: { A: 1 } });
  });

  it("reads a Machine Configuration assignment with its parameters", () => {
    expect(fromProgram("mbx02-audit-tls").guestConfiguration).toEqual({
      name: "SetSecureProtocol",
      version: "1.*",
      contentUri: undefined,
      contentHash: undefined,
      assignmentType: "ApplyAndAutoCorrect",
      parameters: [
        { name: "[SecureProtocolWebServer]s1;MinimumServerTLSVersion", value: "1.2" },
        { name: "[SecureProtocolWebServer]s1;MinimumClientTLSVersion", value: "1.1" },
      ],
    });
    const unknownValue = fromProgram("mbx02-audit-tls", (p) => withValue(p, ["properties", "guestConfiguration", "configurationParameter", 1, "value"], UNKNOWN));
    expect(unknownValue.guestConfiguration?.parameters).toContainEqual({ name: "[SecureProtocolWebServer]s1;MinimumClientTLSVersion", value: { unknown: true, path: "properties.guestConfiguration.configurationParameter[1].value" } });
  });

  it.each([
    ["extension", "mbx02-cse", ["settings"], []],
    ["run command", "mbx02-runcmd", ["parameters"], ["protectedParameters"]],
    ["DSC configuration", "tls-config", ["parameters"], []],
    ["guest assignment", "mbx02-audit-tls", ["properties.guestConfiguration.configurationParameter"], []],
  ])("%s: public and protected bags", (_, name, publicOrigins, protectedOrigins) => {
    const c = fromProgram(name);
    expect(c.publicSettings.map((b) => b.origin)).toEqual(publicOrigins);
    expect(c.protectedSettings).toEqual(protectedOrigins);
  });

  it("never throws on hostile property bags", () => {
    for (const props of [null, 3, "x", [], { settings: 5, source: [1], properties: "p", type: {} }, { source: { script: { nested: true } } }]) {
      for (const kind of ["vmExtension", "vmRunCommand", "dscConfiguration", "guestAssignment", "arcExtension"] as const) {
        expect(() => readCarrier(kind, "x", props)).not.toThrow();
      }
    }
    const c = readCarrier("vmRunCommand", "x", { source: { script: 42 } });
    expect(c.content).toEqual([]);
    expect(c.problems).toEqual([{ path: "source.script", expected: "string", found: "number" }]);
  });
});
