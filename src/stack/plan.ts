/**
 * What the remediation stack deploys, as plain data: one entry per resource, with the azure-native
 * type token and its arguments. `index.ts` turns entries into resources; tests feed them to the
 * policy pack directly. Artefacts come from `src/remediation` only, so what the stack deploys is
 * exactly what the policies check.
 */
import { BASELINE_VERSION } from "../baseline/index.js";
import { DEFAULT_CONFIGURATION_NAME, renderDscConfiguration, renderRemediationScript, SCRIPT_FILE_NAME, type RenderedArtefact } from "../remediation/index.js";
import { type StackConfig, type Target } from "./config.js";

/** Values `index.ts` resolves when it creates the resources. */
export type PlanValue =
  /** The `id` output of another planned resource. */
  | { readonly $ref: string }
  /** A text file uploaded as a blob. */
  | { readonly $text: string }
  /** A zip of text files (the DSC extension's configuration package). */
  | { readonly $zip: Readonly<Record<string, string>> }
  /** A secret read from stack configuration (`pulumi config set --secret`). */
  | { readonly $secretConfig: string };

export interface PlannedResource {
  /** Pulumi resource name, unique in the stack. */
  readonly name: string;
  /** azure-native type token. */
  readonly type: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly role: "carrier" | "artefact" | "maintenanceConfiguration" | "maintenanceAssignment";
  readonly target?: Target;
}

export interface TargetSummary {
  readonly target: string;
  readonly kind: Target["kind"];
  readonly method: string;
  readonly origin: string;
  /** Planned resource names of the carriers deployed to this target. */
  readonly carriers: readonly string[];
  readonly maintenanceAssignment?: string;
  readonly baselineVersion: string;
  readonly contentHash: string;
  /** True unless the configuration lets the carrier restart the server itself. */
  readonly restartPending: boolean;
}

export interface Plan {
  readonly resources: readonly PlannedResource[];
  readonly targets: readonly TargetSummary[];
  readonly script: RenderedArtefact;
  readonly dsc: RenderedArtefact;
}

const RUN_COMMAND_NAME = "mailflow-tls-baseline";
const EXTENSION_NAME = "mailflow-tls-baseline";
const MAINTENANCE_NAME = "mailflow-tls-guard-patching";
/** Secret configuration key holding a SAS token for the DSC extension's package (the DSC extension takes no managed identity). */
export const SAS_TOKEN_CONFIG = "scriptStorageSasToken";

function slug(t: Target): string {
  return `${t.kind}-${t.resourceGroup}-${t.name}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

function tags(artefact: RenderedArtefact): Record<string, string> {
  return { "mailflow-tls-guard-baseline": artefact.baselineVersion, "mailflow-tls-guard-hash": artefact.contentHash.slice(0, 16) };
}

function blobUrl(config: StackConfig, blobName: string): string {
  const s = config.scriptStorage;
  return s ? `https://${s.account}.blob.core.windows.net/${s.container}/${blobName}` : "";
}

/** The Custom Script Extension settings that run the uploaded script (managed identity reads the blob). */
function customScriptSettings(config: StackConfig, script: RenderedArtefact, blobName: string): { settings: Record<string, unknown>; protectedSettings: Record<string, unknown> } {
  return {
    settings: {
      fileUris: [blobUrl(config, blobName)],
      // A new hash re-runs the extension; the same hash leaves it alone.
      timestamp: Number.parseInt(script.contentHash.slice(0, 7), 16),
    },
    protectedSettings: {
      commandToExecute: `powershell.exe -NoProfile -ExecutionPolicy Bypass -File ${SCRIPT_FILE_NAME}`,
      managedIdentity: {},
    },
  };
}

function carrierFor(config: StackConfig, t: Target, script: RenderedArtefact, dsc: RenderedArtefact, blobs: { script: string; dsc: string }): PlannedResource {
  const location = t.location ?? config.location;
  const base = { role: "carrier" as const, target: t };
  const name = `${slug(t)}-tls-baseline`;
  const cse = { publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", autoUpgradeMinorVersion: true, ...customScriptSettings(config, script, blobs.script) };
  if (t.kind === "vmss") {
    return { ...base, name, type: "azure-native:compute:VirtualMachineScaleSetExtension", args: { resourceGroupName: t.resourceGroup, vmScaleSetName: t.name, vmssExtensionName: EXTENSION_NAME, ...cse } };
  }
  const runCommand = {
    resourceGroupName: t.resourceGroup,
    runCommandName: RUN_COMMAND_NAME,
    location,
    source: { script: script.text },
    asyncExecution: false,
    timeoutInSeconds: 3600,
    tags: tags(script),
  };
  switch (config.method) {
    case "runCommand":
      return t.kind === "arc"
        ? { ...base, name, type: "azure-native:hybridcompute:MachineRunCommand", args: { ...runCommand, machineName: t.name } }
        : { ...base, name, type: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine", args: { ...runCommand, vmName: t.name, treatFailureAsDeploymentFailure: true } };
    case "customScript":
      return t.kind === "arc"
        ? { ...base, name, type: "azure-native:hybridcompute:MachineExtension", args: { resourceGroupName: t.resourceGroup, machineName: t.name, extensionName: EXTENSION_NAME, location, properties: cse, tags: tags(script) } }
        : { ...base, name, type: "azure-native:compute:VirtualMachineExtension", args: { resourceGroupName: t.resourceGroup, vmName: t.name, vmExtensionName: EXTENSION_NAME, location, ...cse, tags: tags(script) } };
    case "dsc":
      return {
        ...base,
        name,
        type: "azure-native:compute:VirtualMachineExtension",
        args: {
          resourceGroupName: t.resourceGroup,
          vmName: t.name,
          vmExtensionName: "Microsoft.Powershell.DSC",
          location,
          publisher: "Microsoft.Powershell",
          type: "DSC",
          typeHandlerVersion: "2.83",
          autoUpgradeMinorVersion: true,
          settings: {
            wmfVersion: "latest",
            configuration: { url: blobUrl(config, blobs.dsc), script: `${DEFAULT_CONFIGURATION_NAME}.ps1`, function: DEFAULT_CONFIGURATION_NAME },
            privacy: { dataCollection: "Disable" },
          },
          protectedSettings: { configurationUrlSasToken: { $secretConfig: SAS_TOKEN_CONFIG } satisfies PlanValue },
          tags: tags(dsc),
        },
      };
    case "machineConfiguration": {
      const mc = config.machineConfiguration;
      const properties = {
        guestConfiguration: {
          name: DEFAULT_CONFIGURATION_NAME,
          version: BASELINE_VERSION,
          contentUri: mc?.contentUri,
          contentHash: mc?.contentHash,
          assignmentType: "ApplyAndAutoCorrect",
        },
      };
      const common = { resourceGroupName: t.resourceGroup, name: DEFAULT_CONFIGURATION_NAME, guestConfigurationAssignmentName: DEFAULT_CONFIGURATION_NAME, location, properties };
      return t.kind === "arc"
        ? { ...base, name, type: "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment", args: { ...common, machineName: t.name } }
        : { ...base, name, type: "azure-native:guestconfiguration:GuestConfigurationAssignment", args: { ...common, vmName: t.name } };
    }
  }
}

const PROVIDER_OF: Readonly<Record<Target["kind"], { providerName: string; resourceType: string }>> = {
  vm: { providerName: "Microsoft.Compute", resourceType: "virtualMachines" },
  vmss: { providerName: "Microsoft.Compute", resourceType: "virtualMachineScaleSets" },
  arc: { providerName: "Microsoft.HybridCompute", resourceType: "machines" },
};

/** The whole deployment for a parsed configuration. Pure: the same configuration gives the same plan. */
export function planStack(config: StackConfig): Plan {
  const script = renderRemediationScript(config.remediation);
  const dsc = renderDscConfiguration(config.remediation);
  const blobs = { script: `mailflow-tls-guard/${script.contentHash.slice(0, 16)}/${SCRIPT_FILE_NAME}`, dsc: `mailflow-tls-guard/${dsc.contentHash.slice(0, 16)}/${DEFAULT_CONFIGURATION_NAME}.zip` };
  const resources: PlannedResource[] = [];
  const storage = config.scriptStorage;
  const usesScriptBlob = config.method === "customScript" || config.targets.some((t) => t.kind === "vmss");
  if (storage && usesScriptBlob) {
    resources.push({ name: "remediation-script", type: "azure-native:storage:Blob", role: "artefact", args: { resourceGroupName: storage.resourceGroup, accountName: storage.account, containerName: storage.container, blobName: blobs.script, type: "Block", contentType: "text/plain", source: { $text: script.text } satisfies PlanValue, metadata: tags(script) } });
  }
  if (storage && config.method === "dsc") {
    resources.push({ name: "remediation-dsc-package", type: "azure-native:storage:Blob", role: "artefact", args: { resourceGroupName: storage.resourceGroup, accountName: storage.account, containerName: storage.container, blobName: blobs.dsc, type: "Block", contentType: "application/zip", source: { $zip: { [`${DEFAULT_CONFIGURATION_NAME}.ps1`]: dsc.text } } satisfies PlanValue, metadata: tags(dsc) } });
  }
  if (config.patching && config.resourceGroup) {
    const p = config.patching;
    resources.push({
      name: MAINTENANCE_NAME,
      type: "azure-native:maintenance:MaintenanceConfiguration",
      role: "maintenanceConfiguration",
      args: {
        resourceGroupName: config.resourceGroup,
        resourceName: MAINTENANCE_NAME,
        location: config.location,
        maintenanceScope: "InGuestPatch",
        visibility: "Custom",
        extensionProperties: { InGuestPatchMode: "User" },
        startDateTime: p.startDateTime,
        recurEvery: p.recurEvery,
        timeZone: p.timeZone,
        duration: p.duration,
        installPatches: { rebootSetting: p.rebootSetting, windowsParameters: { classificationsToInclude: [...p.classifications] } },
        tags: { "mailflow-tls-guard-baseline": BASELINE_VERSION },
      },
    });
  }
  const targets: TargetSummary[] = config.targets.map((t) => {
    const carrier = carrierFor(config, t, script, dsc, blobs);
    resources.push(carrier);
    let maintenanceAssignment: string | undefined;
    if (config.patching && config.resourceGroup) {
      maintenanceAssignment = `${slug(t)}-patching`;
      resources.push({
        name: maintenanceAssignment,
        type: "azure-native:maintenance:ConfigurationAssignment",
        role: "maintenanceAssignment",
        target: t,
        args: { resourceGroupName: t.resourceGroup, resourceName: t.name, ...PROVIDER_OF[t.kind], configurationAssignmentName: MAINTENANCE_NAME, location: t.location ?? config.location, maintenanceConfigurationId: { $ref: MAINTENANCE_NAME } satisfies PlanValue },
      });
    }
    const artefact = config.method === "dsc" && t.kind !== "vmss" ? dsc : script;
    return {
      target: `${t.kind}/${t.resourceGroup}/${t.name}`,
      kind: t.kind,
      method: t.kind === "vmss" ? "scaleSetExtension" : config.method,
      origin: t.origin,
      carriers: [carrier.name],
      ...(maintenanceAssignment ? { maintenanceAssignment } : {}),
      baselineVersion: artefact.baselineVersion,
      contentHash: artefact.contentHash,
      restartPending: config.remediation.restart !== "ifRequired",
    };
  });
  return { resources, targets, script, dsc };
}
