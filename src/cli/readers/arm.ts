import { type ResourceInput } from "../../rules/types.js";
import { UNKNOWN } from "../../values.js";
import { InputFileError } from "../files.js";
import { asObject, rewriteJson } from "./json-values.js";
import { lineLocator } from "./lines.js";

/**
 * How an ARM resource type becomes the azure-native resource of the same kind: its type token, the
 * azure-native argument each segment of the ARM name fills (`mx01/DSC` → vmName, vmExtensionName),
 * and whether azure-native flattens ARM's `properties` into the top level (it does for most
 * resources; hybridcompute extensions and guest configuration assignments keep `properties`).
 */
interface ArmMapping {
  readonly token: string;
  /** One entry per name segment; null for a segment that fills no argument (a provider namespace). */
  readonly nameArgs: readonly (string | null)[];
  readonly flatten: boolean;
}

const GUEST_ASSIGNMENT = "azure-native:guestconfiguration:GuestConfigurationAssignment";
const GUEST_ASSIGNMENT_VMSS = "azure-native:guestconfiguration:GuestConfigurationAssignmentsVMSS";
const GUEST_ASSIGNMENT_ARC = "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment";

const ARM_MAPPINGS: ReadonlyMap<string, ArmMapping> = new Map([
  ["microsoft.compute/virtualmachines", { token: "azure-native:compute:VirtualMachine", nameArgs: ["vmName"], flatten: true }],
  ["microsoft.compute/virtualmachines/extensions", { token: "azure-native:compute:VirtualMachineExtension", nameArgs: ["vmName", "vmExtensionName"], flatten: true }],
  ["microsoft.compute/virtualmachines/runcommands", { token: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine", nameArgs: ["vmName", "runCommandName"], flatten: true }],
  ["microsoft.compute/virtualmachinescalesets", { token: "azure-native:compute:VirtualMachineScaleSet", nameArgs: ["vmScaleSetName"], flatten: true }],
  ["microsoft.compute/virtualmachinescalesets/extensions", { token: "azure-native:compute:VirtualMachineScaleSetExtension", nameArgs: ["vmScaleSetName", "vmssExtensionName"], flatten: true }],
  ["microsoft.hybridcompute/machines", { token: "azure-native:hybridcompute:Machine", nameArgs: ["machineName"], flatten: true }],
  ["microsoft.hybridcompute/machines/extensions", { token: "azure-native:hybridcompute:MachineExtension", nameArgs: ["machineName", "extensionName"], flatten: false }],
  ["microsoft.hybridcompute/machines/runcommands", { token: "azure-native:hybridcompute:MachineRunCommand", nameArgs: ["machineName", "runCommandName"], flatten: true }],
  ["microsoft.automation/automationaccounts/configurations", { token: "azure-native:automation:DscConfiguration", nameArgs: ["automationAccountName", "configurationName"], flatten: true }],
  ["microsoft.compute/virtualmachines/providers/guestconfigurationassignments", { token: GUEST_ASSIGNMENT, nameArgs: ["vmName", null, "guestConfigurationAssignmentName"], flatten: false }],
  ["microsoft.compute/virtualmachinescalesets/providers/guestconfigurationassignments", { token: GUEST_ASSIGNMENT_VMSS, nameArgs: ["vmssName", null, "name"], flatten: false }],
  ["microsoft.hybridcompute/machines/providers/guestconfigurationassignments", { token: GUEST_ASSIGNMENT_ARC, nameArgs: ["machineName", null, "guestConfigurationAssignmentName"], flatten: false }],
]);

/** The bare extension-resource type: the target machine comes from `scope`. */
const SCOPED_GUEST_ASSIGNMENT = "microsoft.guestconfiguration/guestconfigurationassignments";

/** ARM resource keys that are not properties of the azure-native resource. */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["type", "apiVersion", "name", "dependsOn", "resources", "properties", "copy", "condition", "comments", "metadata", "id"]);

/** `[...]` is a template expression, `[[...` an escaped literal bracket (ARM template syntax). */
function isExpression(v: string): boolean {
  return v.startsWith("[") && !v.startsWith("[[") && v.endsWith("]");
}

/**
 * Expressions (`[parameters('x')]`, `[concat(...)]`) are only known at deployment: they become the
 * preview-unknown sentinel, so policies report them indeterminate instead of guessing.
 */
function resolveExpressions(value: unknown): unknown {
  return rewriteJson(value, (v) => (typeof v === "string" ? (isExpression(v) ? UNKNOWN : v.startsWith("[[") ? v.slice(1) : v) : undefined));
}

/** Template, `az group export` output, or a list of resources as `az resource list` prints them. */
export function isArmDocument(doc: unknown): boolean {
  const o = asObject(doc);
  if (o) return ("resources" in o && ("$schema" in o || "contentVersion" in o)) || isArmResource(o);
  return Array.isArray(doc) && doc.length > 0 && doc.every((r) => isArmResource(asObject(r)));
}

function isArmResource(o: Record<string, unknown> | undefined): boolean {
  return typeof o?.type === "string" && o.type.includes("/") && (typeof o.id === "string" || typeof o.name === "string");
}

/** An ARM resource with its full type and name segments (nested resources inherit the parent's). */
interface FlatResource {
  readonly raw: Record<string, unknown>;
  readonly type: string;
  readonly nameSegments: readonly string[];
  readonly parentIndex?: number;
  readonly symbolicName?: string;
}

/** Name segments from a resource id `/subscriptions/s/resourceGroups/rg/providers/ns/t/n/t2/n2`. */
function idSegments(id: string): { resourceGroupName: string; names: string[] } | undefined {
  const parts = id.split("/").filter((p) => p.length > 0);
  const providers = parts.findIndex((p) => p.toLowerCase() === "providers");
  if (parts[2]?.toLowerCase() !== "resourcegroups" || providers !== 4 || parts[3] === undefined) return undefined;
  const names = parts.slice(providers + 3).filter((_, i) => i % 2 === 0);
  return { resourceGroupName: parts[3], names };
}

/** Every resource of a template, depth first in document order, inline nested deployments included. */
function flatten(doc: unknown): FlatResource[] {
  const out: FlatResource[] = [];
  const visit = (list: unknown, parent: FlatResource | undefined, parentIndex: number | undefined): void => {
    // languageVersion 2.0 templates key resources by symbolic name.
    const entries: [string | undefined, unknown][] = Array.isArray(list) ? list.map((r) => [undefined, r]) : Object.entries(asObject(list) ?? {});
    for (const [symbolicName, item] of entries) {
      const raw = asObject(item);
      if (!raw || typeof raw.type !== "string") continue;
      const ownType = raw.type;
      const type = parent && !ownType.includes("/") ? `${parent.type}/${ownType}` : ownType;
      const name = typeof raw.name === "string" ? raw.name : "";
      const fromId = typeof raw.id === "string" && !isExpression(raw.id) ? idSegments(raw.id) : undefined;
      const nameSegments = fromId?.names ?? (isExpression(name) ? [name] : [...(parent && !ownType.includes("/") ? parent.nameSegments : []), ...name.split("/")]);
      const resource: FlatResource = { raw, type, nameSegments, ...(parentIndex !== undefined ? { parentIndex } : {}), ...(symbolicName ? { symbolicName } : {}) };
      const index = out.push(resource) - 1;
      visit(raw.resources, resource, index);
      const nested = asObject(asObject(raw.properties)?.template);
      if (type.toLowerCase() === "microsoft.resources/deployments" && nested) visit(nested.resources, undefined, undefined);
    }
  };
  const o = asObject(doc);
  visit(o && !isArmResource(o) ? o.resources : Array.isArray(doc) ? doc : [doc], undefined, undefined);
  return out;
}

/** `resourceId('Microsoft.Compute/virtualMachines', 'mx01')` with literal arguments, or `Microsoft.Compute/virtualMachines/mx01`. */
function referencedKey(ref: string): string | undefined {
  const call = /^\[resourceId\((.*)\)\]$/i.exec(ref.trim());
  if (call) {
    const args = (call[1] ?? "").split(",").map((a) => a.trim());
    if (!args.every((a) => /^'[^']*'$/.test(a))) return undefined;
    const literal = args.map((a) => a.slice(1, -1));
    const typeAt = literal.findIndex((a) => a.includes("/"));
    const type = literal[typeAt];
    return type === undefined ? undefined : resourceKey(type, literal.slice(typeAt + 1));
  }
  if (isExpression(ref)) return undefined;
  const parts = ref.split("/");
  if (parts.length < 3) return undefined;
  const typeParts = [parts[0] ?? "", ...parts.slice(1).filter((_, i) => i % 2 === 0)];
  return resourceKey(typeParts.join("/"), parts.slice(2).filter((_, i) => i % 2 === 0));
}

function resourceKey(type: string, names: readonly string[]): string {
  return `${type}|${names.join("/")}`.toLowerCase();
}

/** The machine a bare guest configuration assignment's `scope` names, when it is a literal. */
function scopedAssignment(scope: unknown): { token: string; nameArg: string; machine: string | undefined } {
  const text = typeof scope === "string" ? scope : "";
  const machine = isExpression(text) ? undefined : text.split("/").filter((p) => p.length > 0).pop();
  if (/virtualmachinescalesets/i.test(text)) return { token: GUEST_ASSIGNMENT_VMSS, nameArg: "vmssName", machine };
  if (/hybridcompute\/machines/i.test(text)) return { token: GUEST_ASSIGNMENT_ARC, nameArg: "machineName", machine };
  return { token: GUEST_ASSIGNMENT, nameArg: "vmName", machine };
}

/**
 * The machines and carriers of an ARM template, an `az group export`, or a resource list, as the
 * azure-native resources of the same kind, with synthetic URNs
 * (`urn:pulumi:arm::<file>::azure-native:compute:VirtualMachine::mx01`). Resources of other types
 * (networks, disks, storage) are left out: no policy looks at them.
 */
export function readArmDocument(doc: unknown, file: string, text: string, fileLabel: string): ResourceInput[] {
  let flat: FlatResource[];
  try {
    flat = flatten(doc);
  } catch {
    throw new InputFileError(file, "ARM template nests too deeply to read");
  }
  // Parameter defaults can repeat resource names: start looking where the resources start.
  const lineOf = lineLocator(text, Math.max(0, text.indexOf('"resources"')));
  const mapped = flat.map((r) => {
    const line = lineOf(JSON.stringify(typeof r.raw.name === "string" ? r.raw.name : r.raw.type));
    const lower = r.type.toLowerCase();
    const scoped = lower === SCOPED_GUEST_ASSIGNMENT ? scopedAssignment(r.raw.scope) : undefined;
    const mapping = scoped ? { token: scoped.token, nameArgs: [], flatten: false } : ARM_MAPPINGS.get(lower);
    return { r, line, mapping, scoped };
  });
  const displayName = (r: FlatResource): string => r.nameSegments.join("/");
  const urnOf = (token: string, r: FlatResource): string => `urn:pulumi:arm::${fileLabel}::${token}::${displayName(r)}`;
  const urnByKey = new Map<string, string>();
  const urnBySymbol = new Map<string, string>();
  for (const { r, mapping } of mapped) {
    if (!mapping) continue;
    urnByKey.set(resourceKey(r.type, r.nameSegments), urnOf(mapping.token, r));
    if (r.symbolicName) urnBySymbol.set(r.symbolicName, urnOf(mapping.token, r));
  }

  const resources: ResourceInput[] = [];
  for (const { r, line, mapping, scoped } of mapped) {
    if (!mapping) continue;
    const nameProps: Record<string, unknown> = {};
    mapping.nameArgs.forEach((arg, i) => {
      const segment = r.nameSegments[i];
      if (arg && segment !== undefined) nameProps[arg] = isExpression(segment) || r.nameSegments.length !== mapping.nameArgs.length ? UNKNOWN : segment;
    });
    if (scoped) nameProps[scoped.nameArg] = scoped.machine ?? UNKNOWN;
    if (mapping.token.startsWith("azure-native:guestconfiguration:")) nameProps.name = nameProps.guestConfigurationAssignmentName ?? r.nameSegments[r.nameSegments.length - 1];
    const fromId = typeof r.raw.id === "string" && !isExpression(r.raw.id) ? idSegments(r.raw.id) : undefined;
    const envelope = Object.fromEntries(Object.entries(r.raw).filter(([k]) => !ENVELOPE_KEYS.has(k)));
    const properties = r.raw.properties;
    const body = mapping.flatten ? { ...envelope, ...(asObject(properties) ?? (properties === undefined ? {} : { properties })) } : { ...envelope, ...(properties === undefined ? {} : { properties }) };
    const props = resolveExpressions({
      ...body,
      ...nameProps,
      ...(fromId ? { id: r.raw.id, resourceGroupName: fromId.resourceGroupName } : {}),
    }) as Record<string, unknown>;

    const dependencies = (Array.isArray(r.raw.dependsOn) ? r.raw.dependsOn : [])
      .filter((d): d is string => typeof d === "string")
      .map((d) => urnBySymbol.get(d) ?? urnByKey.get(referencedKey(d) ?? ""))
      .filter((u): u is string => u !== undefined);
    const parentResource = r.parentIndex !== undefined ? mapped[r.parentIndex] : undefined;
    const parent = parentResource?.mapping ? urnOf(parentResource.mapping.token, parentResource.r) : urnByKey.get(parentKey(r) ?? "");
    resources.push({
      type: mapping.token,
      name: displayName(r),
      urn: urnOf(mapping.token, r),
      props,
      options: { ...(parent ? { parent } : {}), dependencies, propertyDependencies: {} },
      origin: { file, ...(line !== undefined ? { line } : {}) },
    });
  }
  return resources;
}

/** A child type's machine (`Microsoft.Compute/virtualMachines/extensions` `mx01/DSC` → the VM `mx01`). */
function parentKey(r: FlatResource): string | undefined {
  const typeParts = r.type.split("/");
  if (typeParts.length < 3 || r.nameSegments.length < 2) return undefined;
  return resourceKey(typeParts.slice(0, 2).join("/"), r.nameSegments.slice(0, 1));
}
