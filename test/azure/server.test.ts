import { describe, expect, it } from "vitest";
import { classifyResource } from "../../src/azure/classify.js";
import { readServer, type ServerModel } from "../../src/azure/server.js";
import { isServerKind } from "../../src/azure/types.js";
import { UNKNOWN } from "../../src/values.js";
import { exported, programInput, withValue } from "./fixtures.js";

function serverFrom(type: string, name: string, props: unknown): ServerModel {
  const kind = classifyResource(type);
  if (kind === undefined || !isServerKind(kind)) throw new Error(`${type} is not a server`);
  return readServer(kind, name, props);
}

const fromExport = (name: string): ServerModel => {
  const r = exported(name);
  return serverFrom(r.type, name, r.outputs);
};
const fromProgram = (name: string): ServerModel => {
  const r = programInput(name);
  return serverFrom(r.type, name, r.props);
};

describe("readServer: VMs", () => {
  it("reads an output-shaped VM from a stack export (API-version token, no vmName / resourceGroupName)", () => {
    const vm = fromExport("mbx01");
    expect(vm).toMatchObject({
      kind: "vm",
      name: "mbx01",
      azureName: "mbx01-vm",
      resourceGroupName: "rg-mail-prod",
      id: "/subscriptions/6f1c2b4e-0d3a-4c55-9e0e-2f7d8a1b3c4d/resourceGroups/rg-mail-prod/providers/Microsoft.Compute/virtualMachines/mbx01-vm",
      osFamily: "windows",
      tags: { Role: "Exchange", "exchange-build": "15.2.1748.43" },
      // `latest` resolved through the output's exactVersion.
      image: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-datacenter-gensecond", version: "17763.5936.240607", customImageId: undefined },
      patch: { kind: "vm", enableAutomaticUpdates: true, patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform", rebootSetting: "IfRequired" },
      carriers: [],
    });
    // The numeric tag is dropped and named, without its value.
    expect(vm.problems).toEqual([{ path: "tags.costCenter", expected: "string", found: "number" }]);
  });

  it("reads an input-shaped VM", () => {
    expect(fromProgram("mbx02")).toMatchObject({
      kind: "vm",
      azureName: "mbx02",
      resourceGroupName: "rg-mail-prod",
      id: undefined,
      osFamily: "windows",
      image: { sku: "2016-Datacenter", version: "14393.6897.240404" },
      patch: { kind: "vm", enableAutomaticUpdates: false, patchMode: "Manual", assessmentMode: undefined, rebootSetting: undefined },
      problems: [],
    });
  });

  it("a Linux VM has no Windows patch model", () => {
    const vm = fromProgram("relay-linux");
    expect(vm.osFamily).toBe("linux");
    expect(vm.patch).toBeUndefined();
  });

  const base = programInput("mbx02").props;
  it.each([
    ["the sku", ["storageProfile", "imageReference", "sku"], (s: ServerModel) => s.image?.sku, "storageProfile.imageReference.sku"],
    ["the image reference", ["storageProfile", "imageReference"], (s: ServerModel) => s.image?.sku, "storageProfile.imageReference.sku"],
    ["the whole storage profile", ["storageProfile"], (s: ServerModel) => s.image?.publisher, "storageProfile.imageReference.publisher"],
    ["patchMode", ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"], (s: ServerModel) => s.patch?.patchMode, "osProfile.windowsConfiguration.patchSettings.patchMode"],
    ["windowsConfiguration", ["osProfile", "windowsConfiguration"], (s: ServerModel) => s.patch?.enableAutomaticUpdates, "osProfile.windowsConfiguration.enableAutomaticUpdates"],
    ["the whole osProfile", ["osProfile"], (s: ServerModel) => s.patch?.rebootSetting, "osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.rebootSetting"],
    ["the tags", ["tags"], (s: ServerModel) => s.tags, "tags"],
    ["vmName", ["vmName"], (s: ServerModel) => s.azureName, "vmName"],
  ] as const)("an unknown %s reads as unknown with its path", (_, path, pick, expectedPath) => {
    expect(pick(readServer("vm", "mbx02", withValue(base, path, UNKNOWN)))).toEqual({ unknown: true, path: expectedPath });
  });

  it.each([
    ["enableAutomaticUpdates as text", ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"], "false", "osProfile.windowsConfiguration.enableAutomaticUpdates", "boolean", "string"],
    ["patchMode as a number", ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"], 2, "osProfile.windowsConfiguration.patchSettings.patchMode", "string", "number"],
    ["the sku as a list", ["storageProfile", "imageReference", "sku"], ["2019-Datacenter"], "storageProfile.imageReference.sku", "string", "list"],
    ["tags as a list", ["tags"], ["role=exchange"], "tags", "object", "list"],
  ] as const)("%s is absent and recorded as a problem", (_, path, value, problemPath, expected, found) => {
    const vm = readServer("vm", "mbx02", withValue(base, path, value));
    expect(vm.problems).toEqual([{ path: problemPath, expected, found }]);
  });

  it("a gallery image keeps its id and no marketplace fields", () => {
    const vm = readServer("vm", "g", { storageProfile: { imageReference: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/win2022/versions/1.0.0" }, osDisk: { osType: "Windows" } } });
    expect(vm.image).toEqual({ publisher: undefined, offer: undefined, sku: undefined, version: undefined, customImageId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/win2022/versions/1.0.0" });
    expect(vm.osFamily).toBe("windows");
  });

  it.each([
    ["windowsConfiguration", { osProfile: { windowsConfiguration: {} } }, "windows"],
    ["linuxConfiguration", { osProfile: { linuxConfiguration: {} } }, "linux"],
    ["osDisk.osType", { storageProfile: { osDisk: { osType: "Linux" } } }, "linux"],
    ["Windows publisher", { storageProfile: { imageReference: { publisher: "MicrosoftWindowsServer" } } }, "windows"],
    ["Linux publisher", { storageProfile: { imageReference: { publisher: "RedHat" } } }, "linux"],
    ["unknown osProfile, Windows disk", { osProfile: UNKNOWN, storageProfile: { osDisk: { osType: "Windows" } } }, "windows"],
    ["nothing to tell", { osProfile: UNKNOWN }, "unknown"],
    ["not an object", "garbage", "unknown"],
  ])("os family from %s", (_, props, family) => {
    expect(readServer("vm", "x", props).osFamily).toBe(family);
  });
});

describe("readServer: scale sets", () => {
  it("reads the profile under virtualMachineProfile, the OS upgrade policy and embedded extensions", () => {
    const vmss = fromProgram("edge-ss");
    expect(vmss).toMatchObject({
      kind: "vmss",
      azureName: "edge-ss",
      resourceGroupName: "rg-mail-edge",
      osFamily: "windows",
      image: { sku: "2022-datacenter-azure-edition", version: "latest" },
      patch: { kind: "vmss", enableAutomaticUpdates: false, automaticOSUpgrade: true, patchMode: undefined },
    });
    expect(vmss.carriers.map((c) => [c.name, c.kind, c.extension?.type, c.target.kind, c.target.name, c.target.embedded])).toEqual([
      ["edge-ss/extensions[0]", "vmssExtension", "DSC", "vmss", "edge-ss", true],
      ["edge-ss/extensions[1]", "vmssExtension", "CustomScriptExtension", "vmss", "edge-ss", true],
    ]);
    expect(vmss.carriers[1]?.content).toEqual([{ kind: "url", url: "https://stmailartifacts.blob.core.windows.net/scripts/Set-Tls12.ps1", origin: "virtualMachineProfile.extensionProfile.extensions[1].properties.settings.fileUris[0]" }]);
  });

  it("an unknown extension list becomes one placeholder carrier with unknown content", () => {
    const props = withValue(programInput("edge-ss").props, ["virtualMachineProfile", "extensionProfile", "extensions"], UNKNOWN);
    const [only, ...rest] = readServer("vmss", "edge-ss", props).carriers;
    expect(rest).toEqual([]);
    expect(only?.content).toEqual([{ kind: "unknown", origin: "virtualMachineProfile.extensionProfile.extensions" }]);
  });

  it("problems inside an embedded extension stay with that carrier", () => {
    const props = withValue(programInput("edge-ss").props, ["virtualMachineProfile", "extensionProfile", "extensions", 0, "typeHandlerVersion"], 2.77);
    const vmss = readServer("vmss", "edge-ss", props);
    expect(vmss.problems).toEqual([]);
    expect(vmss.carriers[0]?.problems).toEqual([{ path: "virtualMachineProfile.extensionProfile.extensions[0].typeHandlerVersion", expected: "string", found: "number" }]);
  });
});

describe("readServer: Arc machines", () => {
  it("reads the OS the agent reports", () => {
    expect(fromExport("edge-onprem-01")).toMatchObject({
      kind: "arcMachine",
      azureName: "EDGE-ONPREM-01",
      resourceGroupName: "rg-mail-arc",
      osFamily: "windows",
      arcOs: { osType: "windows", osName: "windows", osSku: "Windows Server 2019 Datacenter", osVersion: "10.0.17763.5936" },
      tags: { workload: "SMTP-Relay" },
      carriers: [],
    });
  });

  it.each([
    [{ machineName: "m", osType: "linux" }, "linux"],
    [{ machineName: "m", osSku: "Ubuntu 22.04.4 LTS" }, "linux"],
    [{ machineName: "m", osType: UNKNOWN, osName: "Windows Server 2022 Standard" }, "windows"],
    [{ machineName: "m" }, "unknown"],
  ])("os family of %j is %s", (props, family) => {
    expect(readServer("arcMachine", "m", props).osFamily).toBe(family);
  });
});
