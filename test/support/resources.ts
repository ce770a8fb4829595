/**
 * Plain resources as the engine sends them to a policy pack (azure-native input shapes), built
 * from a compliant starting point with one thing changed per case. The in-guest content comes from
 * the example estate's hand-written baseline (examples/fleet/scripts.ts).
 */
import { FULL_BASELINE, tlsBaselineScript, type TlsBaseline } from "../../examples/fleet/scripts.js";
import { type PackResource, urnOf } from "./analyzer.js";

export const VM = "azure-native:compute:VirtualMachine";
export const VMSS = "azure-native:compute:VirtualMachineScaleSet";
export const VM_EXTENSION = "azure-native:compute:VirtualMachineExtension";
export const VM_RUN_COMMAND = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const vmId = (name: string): string => `/subscriptions/${SUBSCRIPTION}/resourceGroups/mail-rg/providers/Microsoft.Compute/virtualMachines/${name}`;

type Props = Record<string, unknown>;

/** Deep merge of plain objects; arrays and other values in `patch` replace. */
export function merge(base: Props, patch: Props): Props {
  const out: Props = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? merge(b, v) : v;
  }
  return out;
}
const isPlain = (v: unknown): v is Props => typeof v === "object" && v !== null && !Array.isArray(v);

/** A compliant Windows Server 2022 VM without tags: platform patching, periodic assessment. */
export function windowsVm(name: string, patch: Props = {}): PackResource {
  const props: Props = {
    resourceGroupName: "mail-rg",
    vmName: name,
    location: "westeurope",
    storageProfile: { imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-azure-edition", version: "latest" } },
    osProfile: {
      computerName: name,
      adminUsername: "mailadmin",
      windowsConfiguration: { enableAutomaticUpdates: true, patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" } },
    },
  };
  return { type: VM, name, props: merge(props, patch) };
}

/** The tags that make a VM an Exchange SE mailbox server (May 2026 hotfix build). */
export const MAIL_TAGS = { role: "exchange", "exchange-build": "15.2.2562.41" };

/** A compliant Exchange SE mailbox server. */
export function mailVm(name: string, patch: Props = {}): PackResource {
  return windowsVm(name, merge({ tags: MAIL_TAGS }, patch));
}

/** A managed run command writing `baseline` on the VM named `vmName` (input shape). */
export function baselineRunCommand(name: string, vmName: unknown, baseline: TlsBaseline = FULL_BASELINE, patch: Props = {}): PackResource {
  return {
    type: VM_RUN_COMMAND,
    name,
    props: merge({ resourceGroupName: "mail-rg", vmName, runCommandName: name, location: "westeurope", source: { script: tlsBaselineScript(baseline) } }, patch),
  };
}

/** A Custom Script Extension on the VM named `vmName`. */
export function customScript(name: string, vmName: string, settings: unknown, protectedSettings?: unknown): PackResource {
  return {
    type: VM_EXTENSION,
    name,
    props: {
      resourceGroupName: "mail-rg",
      vmName,
      vmExtensionName: name,
      publisher: "Microsoft.Compute",
      type: "CustomScriptExtension",
      typeHandlerVersion: "1.10",
      settings,
      ...(protectedSettings === undefined ? {} : { protectedSettings }),
    },
  };
}

export const urnOfResource = (r: PackResource): string => r.urn ?? urnOf(r.type, r.name);
