/**
 * The remediation stack program (root Pulumi.yaml, config in stacks/). Reads the configuration,
 * plans the deployment (plan.ts, pure) and creates one azure-native resource per planned entry.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute/index.js";
import * as guestconfiguration from "@pulumi/azure-native/guestconfiguration/index.js";
import * as hybridcompute from "@pulumi/azure-native/hybridcompute/index.js";
import * as maintenance from "@pulumi/azure-native/maintenance/index.js";
import * as storage from "@pulumi/azure-native/storage/index.js";
import { parseStackConfig, type StackConfig } from "./config.js";
import { planStack, type PlannedResource, type PlanValue } from "./plan.js";

type Constructor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The classes the plan may name; anything else is a programming error caught by the tests. */
const CONSTRUCTORS: Readonly<Record<string, Constructor>> = {
  "azure-native:compute:VirtualMachineRunCommandByVirtualMachine": compute.VirtualMachineRunCommandByVirtualMachine,
  "azure-native:compute:VirtualMachineExtension": compute.VirtualMachineExtension,
  "azure-native:compute:VirtualMachineScaleSetExtension": compute.VirtualMachineScaleSetExtension,
  "azure-native:hybridcompute:MachineRunCommand": hybridcompute.MachineRunCommand,
  "azure-native:hybridcompute:MachineExtension": hybridcompute.MachineExtension,
  "azure-native:guestconfiguration:GuestConfigurationAssignment": guestconfiguration.GuestConfigurationAssignment,
  "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment": guestconfiguration.GuestConfigurationHCRPAssignment,
  "azure-native:maintenance:MaintenanceConfiguration": maintenance.MaintenanceConfiguration,
  "azure-native:maintenance:ConfigurationAssignment": maintenance.ConfigurationAssignment,
  "azure-native:storage:Blob": storage.Blob,
};

const CONFIG_KEYS = ["targets", "findingsFile", "method", "disableLegacyProtocols", "tls13", "restart", "includeDotNetV2", "legacyProtocols", "patching", "location", "resourceGroup", "scriptStorage", "machineConfiguration"] as const;

/** Reads the stack's configuration into plain data (objects are YAML in Pulumi.<stack>.yaml). */
export function readConfig(cfg: pulumi.Config = new pulumi.Config()): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const text = cfg.get(key);
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text) as unknown;
    } catch {
      raw[key] = text; // a plain string value
    }
  }
  const location = raw.location ?? new pulumi.Config("azure-native").get("location");
  if (location !== undefined) raw.location = location;
  return parseStackConfig(raw, (file) => JSON.parse(fs.readFileSync(path.resolve(file), "utf8")) as unknown);
}

function isPlanValue(v: unknown): v is PlanValue {
  return typeof v === "object" && v !== null && ("$ref" in v || "$text" in v || "$zip" in v || "$secretConfig" in v);
}

function resolve(v: unknown, created: ReadonlyMap<string, pulumi.CustomResource>, cfg: pulumi.Config): unknown {
  if (isPlanValue(v)) {
    if ("$ref" in v) {
      const r = created.get(v.$ref);
      if (!r) throw new Error(`plan refers to ${v.$ref} before it exists`);
      return r.id;
    }
    if ("$text" in v) return new pulumi.asset.StringAsset(v.$text);
    if ("$zip" in v) return new pulumi.asset.AssetArchive(Object.fromEntries(Object.entries(v.$zip).map(([name, text]) => [name, new pulumi.asset.StringAsset(text)])));
    return cfg.requireSecret(v.$secretConfig);
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, created, cfg));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, created, cfg)]));
  return v;
}

/** Creates the planned resources and returns the per-target outputs. */
export function deploy(config: StackConfig, cfg: pulumi.Config = new pulumi.Config()): Record<string, unknown> {
  const plan = planStack(config);
  const created = new Map<string, pulumi.CustomResource>();
  const artefacts: pulumi.CustomResource[] = [];
  for (const entry of plan.resources) {
    const ctor = CONSTRUCTORS[entry.type];
    if (!ctor) throw new Error(`no constructor for ${entry.type}`);
    const opts: pulumi.CustomResourceOptions = entry.role === "carrier" && artefacts.length > 0 ? { dependsOn: artefacts } : {};
    const resource = new ctor(entry.name, resolve(entry.args, created, cfg) as never, opts);
    created.set(entry.name, resource);
    if (entry.role === "artefact") artefacts.push(resource);
  }
  const idOf = (name: string | undefined): pulumi.Output<string> | undefined => (name ? created.get(name)?.id : undefined);
  return {
    baselineVersion: plan.script.baselineVersion,
    scriptHash: plan.script.contentHash,
    dscHash: plan.dsc.contentHash,
    targets: plan.targets.map((t) => ({
      target: t.target,
      origin: t.origin,
      method: t.method,
      carrierIds: t.carriers.map(idOf),
      maintenanceAssignmentId: idOf(t.maintenanceAssignment),
      baselineVersion: t.baselineVersion,
      contentHash: t.contentHash,
      restartPending: t.restartPending,
    })),
  };
}

export type { PlannedResource };
