import { type ResourceKind } from "./types.js";

/**
 * Pulumi azure-native type tokens by `module:Resource`, without the API-version part of the module
 * (`azure-native:compute/v20240301:VirtualMachine` is `compute:VirtualMachine`). There is no
 * `GuestConfigurationVMSSAssignment` in azure-native; the scale set resource is
 * `GuestConfigurationAssignmentsVMSS`.
 */
const PULUMI_TYPES: ReadonlyMap<string, ResourceKind> = new Map([
  ["compute:virtualmachine", "vm"],
  ["compute:virtualmachinescaleset", "vmss"],
  ["hybridcompute:machine", "arcMachine"],
  ["compute:virtualmachineextension", "vmExtension"],
  ["compute:virtualmachinescalesetextension", "vmssExtension"],
  ["hybridcompute:machineextension", "arcExtension"],
  ["compute:virtualmachineruncommandbyvirtualmachine", "vmRunCommand"],
  ["hybridcompute:machineruncommand", "arcRunCommand"],
  ["automation:dscconfiguration", "dscConfiguration"],
  ["guestconfiguration:guestconfigurationassignment", "guestAssignment"],
  ["guestconfiguration:guestconfigurationassignmentsvmss", "guestAssignmentVmss"],
  ["guestconfiguration:guestconfigurationhcrpassignment", "hcrpAssignment"],
]);

/**
 * ARM resource types (templates, `az` exports). Guest configuration assignments are extension
 * resources: either nested under the machine type (`.../providers/guestConfigurationAssignments`)
 * or the bare type with a `scope`; for the bare type the carrier reader takes the target kind from
 * the scope id.
 */
const ARM_TYPES: ReadonlyMap<string, ResourceKind> = new Map([
  ["microsoft.compute/virtualmachines", "vm"],
  ["microsoft.compute/virtualmachinescalesets", "vmss"],
  ["microsoft.hybridcompute/machines", "arcMachine"],
  ["microsoft.compute/virtualmachines/extensions", "vmExtension"],
  ["microsoft.compute/virtualmachinescalesets/extensions", "vmssExtension"],
  ["microsoft.hybridcompute/machines/extensions", "arcExtension"],
  ["microsoft.compute/virtualmachines/runcommands", "vmRunCommand"],
  ["microsoft.hybridcompute/machines/runcommands", "arcRunCommand"],
  ["microsoft.automation/automationaccounts/configurations", "dscConfiguration"],
  ["microsoft.guestconfiguration/guestconfigurationassignments", "guestAssignment"],
  ["microsoft.compute/virtualmachines/providers/guestconfigurationassignments", "guestAssignment"],
  ["microsoft.compute/virtualmachinescalesets/providers/guestconfigurationassignments", "guestAssignmentVmss"],
  ["microsoft.hybridcompute/machines/providers/guestconfigurationassignments", "hcrpAssignment"],
]);

/** The kind of a Pulumi type token, whatever API-version suffix its module carries. */
export function classifyResource(type: string): ResourceKind | undefined {
  const parts = type.split(":");
  if (parts.length !== 3 || parts[0] !== "azure-native") return undefined;
  const module = (parts[1] ?? "").split("/")[0] ?? "";
  return PULUMI_TYPES.get(`${module}:${parts[2] ?? ""}`.toLowerCase());
}

/** The kind of an ARM resource type (case-insensitive, as ARM compares them). */
export function classifyArmType(type: string): ResourceKind | undefined {
  return ARM_TYPES.get(type.trim().toLowerCase());
}
