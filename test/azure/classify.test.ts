import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyArmType, classifyResource } from "../../src/azure/classify.js";
import { CARRIER_KINDS, SERVER_KINDS } from "../../src/azure/types.js";

describe("classifyResource", () => {
  it.each([
    ["azure-native:compute:VirtualMachine", "vm"],
    ["azure-native:compute/v20240301:VirtualMachine", "vm"],
    ["azure-native:compute/v20230901:VirtualMachineScaleSet", "vmss"],
    ["azure-native:hybridcompute:Machine", "arcMachine"],
    ["azure-native:hybridcompute/v20240710:Machine", "arcMachine"],
    ["azure-native:compute:VirtualMachineExtension", "vmExtension"],
    ["azure-native:compute/v20241101:VirtualMachineScaleSetExtension", "vmssExtension"],
    ["azure-native:hybridcompute:MachineExtension", "arcExtension"],
    ["azure-native:compute:VirtualMachineRunCommandByVirtualMachine", "vmRunCommand"],
    ["azure-native:hybridcompute/v20231003preview:MachineRunCommand", "arcRunCommand"],
    ["azure-native:automation:DscConfiguration", "dscConfiguration"],
    ["azure-native:guestconfiguration:GuestConfigurationAssignment", "guestAssignment"],
    ["azure-native:guestconfiguration/v20240405:GuestConfigurationAssignmentsVMSS", "guestAssignmentVmss"],
    ["azure-native:guestconfiguration:GuestConfigurationHCRPAssignment", "hcrpAssignment"],
  ])("%s is %s", (type, kind) => {
    expect(classifyResource(type)).toBe(kind);
  });

  it.each([
    "azure-native:compute:VirtualMachineScaleSetVM",
    "azure-native:compute:VirtualMachineScaleSetVMRunCommand",
    "azure-native:automation:DscNodeConfiguration",
    "azure-native:guestconfiguration:GuestConfigurationConnectedVMwarevSphereAssignment",
    "azure-native:network:VirtualNetwork",
    "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
    "azure-native:compute",
    "",
    "azure-native:compute:VirtualMachine:extra",
  ])("%s is not a kind we read", (type) => {
    expect(classifyResource(type)).toBeUndefined();
  });
});

describe("classifyArmType", () => {
  it.each([
    ["Microsoft.Compute/virtualMachines", "vm"],
    ["microsoft.compute/VIRTUALMACHINES", "vm"],
    ["Microsoft.Compute/virtualMachineScaleSets", "vmss"],
    ["Microsoft.HybridCompute/machines", "arcMachine"],
    ["Microsoft.Compute/virtualMachines/extensions", "vmExtension"],
    ["Microsoft.Compute/virtualMachineScaleSets/extensions", "vmssExtension"],
    ["Microsoft.HybridCompute/machines/extensions", "arcExtension"],
    ["Microsoft.Compute/virtualMachines/runCommands", "vmRunCommand"],
    ["Microsoft.HybridCompute/machines/runCommands", "arcRunCommand"],
    ["Microsoft.Automation/automationAccounts/configurations", "dscConfiguration"],
    ["Microsoft.GuestConfiguration/guestConfigurationAssignments", "guestAssignment"],
    ["Microsoft.Compute/virtualMachines/providers/guestConfigurationAssignments", "guestAssignment"],
    ["Microsoft.Compute/virtualMachineScaleSets/providers/guestConfigurationAssignments", "guestAssignmentVmss"],
    ["Microsoft.HybridCompute/machines/providers/guestConfigurationAssignments", "hcrpAssignment"],
  ])("%s is %s", (type, kind) => {
    expect(classifyArmType(type)).toBe(kind);
  });

  it.each(["Microsoft.Network/virtualNetworks", "Microsoft.Compute/disks", ""])("%s is not a kind we read", (type) => {
    expect(classifyArmType(type)).toBeUndefined();
  });

  it("every kind is the token of exactly one resource of the installed azure-native SDK", () => {
    const sdk = join(__dirname, "..", "..", "node_modules", "@pulumi", "azure-native");
    const tokens = ["compute", "hybridcompute", "automation", "guestconfiguration"].flatMap((module) =>
      readdirSync(join(sdk, module))
        .filter((f) => f.endsWith(".js"))
        .map((f) => /static __pulumiType = '([^']+)'/.exec(readFileSync(join(sdk, module, f), "utf8"))?.[1])
        .filter((t): t is string => t !== undefined),
    );
    const kinds = tokens.map(classifyResource).filter((k) => k !== undefined);
    expect(kinds.sort()).toEqual([...SERVER_KINDS, ...CARRIER_KINDS].sort());
  });
});
