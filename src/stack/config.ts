/**
 * The remediation stack's configuration (PRODUCT.md "Remediation stack"), parsed from plain data
 * with errors that name the key. No Pulumi here: `index.ts` reads `pulumi.Config` and hands the
 * values over, tests hand plain objects.
 */
import { parseRemediationOptions, type RemediationOptions } from "../remediation/index.js";
import { parseReport } from "../report/model.js";

export type TargetKind = "vm" | "vmss" | "arc";
export const TARGET_KINDS: readonly TargetKind[] = ["vm", "vmss", "arc"];
export type Method = "runCommand" | "customScript" | "dsc" | "machineConfiguration";
export const METHODS: readonly Method[] = ["runCommand", "customScript", "dsc", "machineConfiguration"];

export interface Target {
  readonly kind: TargetKind;
  readonly resourceGroup: string;
  readonly name: string;
  readonly subscriptionId?: string;
  readonly location?: string;
  /** Where the target came from: `targets[2]`, or the findings file and the policies it failed. */
  readonly origin: string;
}

export interface PatchingConfig {
  /** Maintenance window: first start (`yyyy-mm-dd hh:mm`), recurrence (`Week Saturday`), time zone, duration (`hh:mm`). */
  readonly startDateTime: string;
  readonly recurEvery: string;
  readonly timeZone: string;
  readonly duration: string;
  readonly classifications: readonly string[];
  readonly rebootSetting: "IfRequired" | "Never" | "Always";
}

export interface StackConfig {
  readonly targets: readonly Target[];
  readonly method: Method;
  readonly remediation: Required<RemediationOptions>;
  readonly location: string;
  /** Resource group that holds the stack's own resources (maintenance configuration, script blob). */
  readonly resourceGroup?: string;
  readonly patching?: PatchingConfig;
  /** customScript, dsc and scale sets: the storage container the rendered artefact is uploaded to. */
  readonly scriptStorage?: { readonly resourceGroup: string; readonly account: string; readonly container: string };
  /** machineConfiguration: the package built from `mailflow-tls-guard render dsc` (New-GuestConfigurationPackage). */
  readonly machineConfiguration?: { readonly contentUri: string; readonly contentHash: string };
}

export class StackConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid mailflow-tls-guard stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "StackConfigError";
  }
}

/** The policies whose violations make a server a remediation target (TLS, .NET, consistency). */
export const REMEDIABLE_POLICIES: readonly string[] = [
  "schannel-tls12-enabled",
  "schannel-protocols-consistent",
  "schannel-legacy-protocols-disabled",
  "dotnet-strong-crypto",
  "tls13-exchange-compatible",
  "mail-server-tls-baseline",
];

type Raw = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(raw: Raw, key: string, path: string, problems: string[], required: boolean): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) {
    if (required) problems.push(`${path}${key} is required`);
    return undefined;
  }
  if (typeof v !== "string" || v.trim() === "") {
    problems.push(`${path}${key} must be a non-empty string`);
    return undefined;
  }
  return v.trim();
}

function choice<T extends string>(raw: Raw, key: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  problems.push(`${key} must be one of ${allowed.join(", ")}`);
  return fallback;
}

function parseTarget(v: unknown, index: number, problems: string[]): Target | undefined {
  const path = `targets[${index}].`;
  if (!isObject(v)) {
    problems.push(`targets[${index}] must be an object with kind, resourceGroup and name`);
    return undefined;
  }
  const kind = v.kind;
  if (typeof kind !== "string" || !(TARGET_KINDS as readonly string[]).includes(kind)) problems.push(`${path}kind must be one of ${TARGET_KINDS.join(", ")}`);
  const resourceGroup = str(v, "resourceGroup", path, problems, true);
  const name = str(v, "name", path, problems, true);
  const subscriptionId = str(v, "subscriptionId", path, problems, false);
  const location = str(v, "location", path, problems, false);
  if (!resourceGroup || !name || !(TARGET_KINDS as readonly string[]).includes(kind as string)) return undefined;
  return { kind: kind as TargetKind, resourceGroup, name, origin: `targets[${index}]`, ...(subscriptionId ? { subscriptionId } : {}), ...(location ? { location } : {}) };
}

const AZURE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/(Microsoft\.Compute\/virtualMachines|Microsoft\.Compute\/virtualMachineScaleSets|Microsoft\.HybridCompute\/machines)\/([^/]+)/i;

function kindOfProvider(provider: string): TargetKind {
  const p = provider.toLowerCase();
  return p.endsWith("virtualmachinescalesets") ? "vmss" : p.startsWith("microsoft.hybridcompute") ? "arc" : "vm";
}

/**
 * Targets from a CLI JSON report: every server with a violation of a remediable policy. The server
 * is named by its Azure resource id (`azureId`) when the report has one, else by its URN's type and
 * name with `defaultResourceGroup`.
 */
export function targetsFromFindings(json: unknown, file: string, defaultResourceGroup: string | undefined, problems: string[]): Target[] {
  const report = parseReport(json);
  if ("error" in report) {
    problems.push(`findingsFile ${file}: ${report.error}`);
    return [];
  }
  const out = new Map<string, { target: Omit<Target, "origin">; policies: Set<string> }>();
  const reported = new Set<string>();
  /** A server named by URN and name only: its resource group comes from `resourceGroup`. */
  const byUrn = (urn: string, name: string): Omit<Target, "origin"> | undefined => {
    const type = urn.split("::")[2] ?? "";
    const kind: TargetKind | undefined = /compute(\/[^:]+)?:VirtualMachineScaleSet$/.test(type) ? "vmss" : /compute(\/[^:]+)?:VirtualMachine$/.test(type) ? "vm" : /hybridcompute(\/[^:]+)?:Machine$/.test(type) ? "arc" : undefined;
    if (!kind) return undefined;
    if (defaultResourceGroup) return { kind, resourceGroup: defaultResourceGroup, name };
    if (!reported.has(name)) problems.push(`findingsFile ${file}: server ${name} has no Azure id; set resourceGroup to name its resource group`);
    reported.add(name);
    return undefined;
  };
  for (const f of report.findings) {
    if (f.outcome !== "violation" || !REMEDIABLE_POLICIES.includes(f.policy)) continue;
    // The Azure id names the machine (for a carrier, the machine it runs on); else the servers the
    // report filed a carrier's finding under; else the finding's own resource, when it is a server.
    const id = f.azureId ? AZURE_ID.exec(f.azureId) : null;
    const targets = id
      ? [{ kind: kindOfProvider(id[3] ?? ""), subscriptionId: id[1] ?? "", resourceGroup: id[2] ?? "", name: id[4] ?? "" }]
      : (f.servers?.length ? f.servers.map((s) => byUrn(s.urn, s.name)) : [f.urn ? byUrn(f.urn, f.target) : undefined]);
    for (const target of targets) {
      if (!target) continue;
      const key = `${target.kind}/${target.resourceGroup}/${target.name}`.toLowerCase();
      const entry = out.get(key) ?? { target, policies: new Set<string>() };
      entry.policies.add(f.policy);
      out.set(key, entry);
    }
  }
  return [...out.values()].map(({ target, policies }) => ({ ...target, origin: `${file} (${[...policies].sort().join(", ")})` }));
}

/** Merges targets that name the same machine; the first origin wins, later ones are appended. */
function mergeTargets(targets: readonly Target[]): Target[] {
  const byKey = new Map<string, Target>();
  for (const t of targets) {
    const key = `${t.kind}/${t.resourceGroup}/${t.name}`.toLowerCase();
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, origin: `${seen.origin}; ${t.origin}` } : t);
  }
  return [...byKey.values()];
}

/**
 * Parses the stack configuration. `readFindings` reads and parses the findings file (injected so
 * that this stays pure). Throws StackConfigError listing every problem, each naming its key.
 */
export function parseStackConfig(raw: Raw, readFindings: (file: string) => unknown = () => undefined): StackConfig {
  const problems: string[] = [];
  const method = choice(raw, "method", METHODS, "runCommand", problems);
  const resourceGroup = str(raw, "resourceGroup", "", problems, false);
  const location = str(raw, "location", "", problems, false) ?? "westeurope";

  const targets: Target[] = [];
  if (raw.targets !== undefined && !Array.isArray(raw.targets)) problems.push("targets must be a list of {kind, resourceGroup, name}");
  if (Array.isArray(raw.targets)) raw.targets.forEach((t, i) => { const parsed = parseTarget(t, i, problems); if (parsed) targets.push(parsed); });
  const findingsFile = str(raw, "findingsFile", "", problems, false);
  if (findingsFile) {
    let report: unknown;
    try {
      report = readFindings(findingsFile);
    } catch (e) {
      problems.push(`findingsFile ${findingsFile} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (report !== undefined) targets.push(...targetsFromFindings(report, findingsFile, resourceGroup, problems));
  }
  if (targets.length === 0 && problems.length === 0) problems.push("no targets: set targets or findingsFile");

  const remediationInput: Record<string, unknown> = {};
  for (const key of ["disableLegacyProtocols", "tls13", "restart", "includeDotNetV2", "legacyProtocols"]) if (raw[key] !== undefined) remediationInput[key] = raw[key];
  const parsedOptions = parseRemediationOptions(remediationInput);
  if (!parsedOptions.ok) problems.push(...parsedOptions.problems);

  let patching: PatchingConfig | undefined;
  if (raw.patching !== undefined) {
    if (!isObject(raw.patching)) problems.push("patching must be an object");
    else {
      const p = raw.patching;
      const schedule = isObject(p.schedule) ? p.schedule : {};
      const classifications = p.classifications ?? ["Critical", "Security", "UpdateRollup", "Definition", "Updates"];
      if (!Array.isArray(classifications) || classifications.some((c) => typeof c !== "string")) problems.push("patching.classifications must be a list of strings");
      const reboot = p.rebootSetting ?? "IfRequired";
      if (reboot !== "IfRequired" && reboot !== "Never" && reboot !== "Always") problems.push("patching.rebootSetting must be one of IfRequired, Never, Always");
      patching = {
        startDateTime: str(schedule, "startDateTime", "patching.schedule.", problems, true) ?? "",
        recurEvery: str(schedule, "recurEvery", "patching.schedule.", problems, true) ?? "",
        timeZone: str(schedule, "timeZone", "patching.schedule.", problems, false) ?? "UTC",
        duration: str(schedule, "duration", "patching.schedule.", problems, false) ?? "03:55",
        classifications: Array.isArray(classifications) ? (classifications as string[]) : [],
        rebootSetting: reboot as PatchingConfig["rebootSetting"],
      };
      if (!resourceGroup) problems.push("resourceGroup is required with patching (it holds the maintenance configuration)");
    }
  }

  const section = (key: string, fields: readonly string[]): Record<string, string> | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      problems.push(`${key} must be an object with ${fields.join(", ")}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const f of fields) out[f] = str(v, f, `${key}.`, problems, true) ?? "";
    return out;
  };
  const scriptStorage = section("scriptStorage", ["resourceGroup", "account", "container"]);
  const machineConfiguration = section("machineConfiguration", ["contentUri", "contentHash"]);

  const needsStorage = method === "customScript" || method === "dsc" || targets.some((t) => t.kind === "vmss");
  if (needsStorage && !scriptStorage) problems.push(`scriptStorage is required with methods customScript and dsc and for scale set targets (the rendered artefact is uploaded there)`);
  if (method === "dsc" && targets.some((t) => t.kind === "arc")) problems.push("method dsc is not available for Arc machines (no DSC extension there): use runCommand or machineConfiguration");
  if (method === "machineConfiguration" && !machineConfiguration) problems.push("machineConfiguration.contentUri and machineConfiguration.contentHash are required with method machineConfiguration");

  if (problems.length > 0 || !parsedOptions.ok) throw new StackConfigError(problems);
  return {
    targets: mergeTargets(targets),
    method,
    remediation: parsedOptions.options,
    location,
    ...(resourceGroup ? { resourceGroup } : {}),
    ...(patching ? { patching } : {}),
    ...(scriptStorage ? { scriptStorage: scriptStorage as unknown as NonNullable<StackConfig["scriptStorage"]> } : {}),
    ...(machineConfiguration ? { machineConfiguration: machineConfiguration as unknown as NonNullable<StackConfig["machineConfiguration"]> } : {}),
  };
}
