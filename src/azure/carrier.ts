import { type Field, isUnknownValue, type UnknownValue } from "../model/index.js";
import { parseCommandLine } from "./commandline.js";
import { parseServerId, type ServerId } from "./ids.js";
import { PropertyReader, type PropertyPath } from "./read.js";
import { type CarrierKind, type PropertyProblem, type ServerKind } from "./types.js";

/**
 * What a carrier delivers to the machine. `origin` is the property path it was read from, for
 * messages. Only `script` items can be evaluated; the others make the carrier indeterminate
 * for whatever the content would have declared.
 */
export type ContentItem =
  /** Inline script text. `cmd`: a cmd.exe command line (`reg add ...`), which PowerShell parses the same way for a plain command. */
  | { readonly kind: "script"; readonly text: string; readonly origin: string; readonly shell: "powershell" | "cmd"; readonly decodedFrom?: "EncodedCommand" }
  /** Content only at a URL (fileUris, scriptUri, DSC package, Machine Configuration package). */
  | { readonly kind: "url"; readonly url: string; readonly origin: string }
  /** A run command built-in (`RunPowerShellScript`, `EnableRemotePS`, ...). */
  | { readonly kind: "commandId"; readonly id: string; readonly origin: string }
  /** The content (or what tells which content it is) is a preview unknown. */
  | { readonly kind: "unknown"; readonly origin: string }
  /** Content that is there but cannot be read: a hash only, a bad EncodedCommand, a file already on the machine. */
  | { readonly kind: "opaque"; readonly origin: string; readonly reason: string };

/** An automation account holds DSC configurations; machines pull them, no server is named. */
export type TargetKind = ServerKind | "automationAccount";

/** The machine a carrier declares state on, as far as its own properties tell. */
export interface TargetRef {
  readonly kind: TargetKind;
  /** The input property that names the target (`vmName`, `machineName`, ...): the `propertyDependencies` key to follow. */
  readonly property: string;
  /** Azure name of the target (from that property, or from the carrier's id). */
  readonly name: Field<string>;
  readonly resourceGroupName: Field<string>;
  /** The target machine's id, when the carrier's `id`, `scope` or `targetResourceId` gives it. */
  readonly resourceId?: string;
  /** Declared inside the server's own properties (scale set `extensionProfile`). */
  readonly embedded: boolean;
}

export interface ExtensionInfo {
  readonly publisher: Field<string>;
  /** The handler type (`CustomScriptExtension`, `DSC`); undefined when only the ARM resource type is there. */
  readonly type: Field<string>;
  readonly typeHandlerVersion: Field<string>;
}

/** DSC extension settings (BASELINE.md §7), with the pre-2.x names (`ModulesUrl`, `ConfigurationFunction`, `Properties`) folded in. */
export interface DscExtensionSettings {
  readonly configurationUrl: Field<string>;
  readonly configurationScript: Field<string>;
  readonly configurationFunction: Field<string>;
  readonly configurationArguments: Field<Readonly<Record<string, unknown>>>;
  readonly configurationDataUrl: Field<string>;
  readonly wmfVersion: Field<string>;
}

export interface NameValue {
  readonly name: Field<string>;
  readonly value: Field<string>;
}

/** Machine Configuration assignment (`guestConfiguration`). */
export interface GuestConfigurationModel {
  readonly name: Field<string>;
  readonly version: Field<string>;
  readonly contentUri: Field<string>;
  readonly contentHash: Field<string>;
  /** `Audit`, `ApplyAndMonitor`, `ApplyAndAutoCorrect`, `DeployAndAutoCorrect`. */
  readonly assignmentType: Field<string>;
  readonly parameters: Field<readonly NameValue[]>;
}

/** A public property bag as declared (raw, secrets markers kept), for the secret checks. */
export interface SettingsBag {
  readonly origin: string;
  readonly value: unknown;
}

export interface CarrierModel {
  readonly kind: CarrierKind;
  /** Pulumi resource name (or `<scale set>/extensions[i]` for an embedded extension). */
  readonly name: string;
  /** The carrier's Azure name (`vmExtensionName`, `runCommandName`, ... or the `name` output). */
  readonly azureName: Field<string>;
  readonly target: TargetRef;
  readonly extension?: ExtensionInfo;
  readonly dsc?: DscExtensionSettings;
  readonly guestConfiguration?: GuestConfigurationModel;
  readonly content: readonly ContentItem[];
  /** Public settings, parameters, configuration arguments: where secrets must not be. */
  readonly publicSettings: readonly SettingsBag[];
  /** Paths of the protected bags that are present (`protectedSettings`, `protectedParameters`, ...). */
  readonly protectedSettings: readonly string[];
  readonly problems: readonly PropertyProblem[];
}

interface CarrierShape {
  readonly target: TargetKind;
  readonly targetProperty: string;
  readonly nameProperty: string;
}

const SHAPES: Readonly<Record<CarrierKind, CarrierShape>> = {
  vmExtension: { target: "vm", targetProperty: "vmName", nameProperty: "vmExtensionName" },
  vmssExtension: { target: "vmss", targetProperty: "vmScaleSetName", nameProperty: "vmssExtensionName" },
  arcExtension: { target: "arcMachine", targetProperty: "machineName", nameProperty: "extensionName" },
  vmRunCommand: { target: "vm", targetProperty: "vmName", nameProperty: "runCommandName" },
  arcRunCommand: { target: "arcMachine", targetProperty: "machineName", nameProperty: "runCommandName" },
  dscConfiguration: { target: "automationAccount", targetProperty: "automationAccountName", nameProperty: "configurationName" },
  guestAssignment: { target: "vm", targetProperty: "vmName", nameProperty: "guestConfigurationAssignmentName" },
  guestAssignmentVmss: { target: "vmss", targetProperty: "vmssName", nameProperty: "name" },
  hcrpAssignment: { target: "arcMachine", targetProperty: "machineName", nameProperty: "guestConfigurationAssignmentName" },
};

/** The first known value, else the first unknown, else absent. */
export function preferKnown<T>(...fields: readonly Field<T>[]): Field<T> {
  return fields.find((f) => f !== undefined && !isUnknownValue(f)) ?? fields.find((f) => f !== undefined);
}

/** A property as the program passes it, or nested under `properties` as ARM and some outputs carry it. */
function either(path: PropertyPath): PropertyPath[] {
  return [path, ["properties", ...path]];
}

function readString(r: PropertyReader, path: PropertyPath): Field<string> {
  return r.string(r.firstPresent(either(path)));
}

type CarrierBody = Pick<CarrierModel, "extension" | "dsc" | "guestConfiguration" | "content" | "publicSettings" | "protectedSettings">;

/** Reads a carrier from its type's kind, Pulumi resource name and property bag (input- or output-shaped). */
export function readCarrier(kind: CarrierKind, name: string, props: unknown): CarrierModel {
  const r = new PropertyReader(props);
  const shape = SHAPES[kind];
  const target = readTarget(r, shape);
  const azureName = preferKnown(r.string([shape.nameProperty]), r.string(["name"]));
  return { kind, name, azureName, target, ...readBody(kind, r), problems: r.problems };
}

/**
 * An extension declared inside a scale set (`virtualMachineProfile.extensionProfile.extensions[i]`):
 * `r` is rooted at the extension, `target` is the scale set.
 */
export function readEmbeddedExtension(name: string, r: PropertyReader, target: TargetRef): CarrierModel {
  return { kind: "vmssExtension", name, azureName: r.string(["name"]), target, ...readExtension(r), problems: r.problems };
}

function readBody(kind: CarrierKind, r: PropertyReader): CarrierBody {
  switch (kind) {
    case "vmExtension":
    case "vmssExtension":
    case "arcExtension":
      return readExtension(r);
    case "vmRunCommand":
    case "arcRunCommand":
      return readRunCommand(r);
    case "dscConfiguration":
      return readDscConfiguration(r);
    case "guestAssignment":
    case "guestAssignmentVmss":
    case "hcrpAssignment":
      return readGuestAssignment(r);
  }
}

/** Ids that name the target machine: an ARM extension resource's `scope`, a guest assignment's `targetResourceId`, the carrier's own `id`. */
const TARGET_ID_PATHS: readonly PropertyPath[] = [["scope"], ["properties", "targetResourceId"], ["targetResourceId"], ["id"]];

function readTarget(r: PropertyReader, shape: CarrierShape): TargetRef {
  let fromId: ServerId | undefined;
  for (const path of TARGET_ID_PATHS) {
    const id = r.string(path);
    fromId = typeof id === "string" ? parseServerId(id) : undefined;
    if (fromId) break;
  }
  return {
    kind: fromId?.kind ?? shape.target,
    property: shape.targetProperty,
    name: preferKnown(r.string([shape.targetProperty]), fromId?.name),
    resourceGroupName: preferKnown(r.string(["resourceGroupName"]), fromId?.resourceGroupName),
    ...(fromId ? { resourceId: fromId.id } : {}),
    embedded: false,
  };
}

/**
 * Settings may be passed as a JSON string instead of an object; Azure accepts both, so such a
 * string is read (and scanned for secrets) as the object it encodes.
 */
function parseJsonObject(value: unknown): unknown {
  if (typeof value !== "string" || !value.trimStart().startsWith("{")) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function settingsReader(r: PropertyReader, path: PropertyPath): PropertyReader {
  const found = r.lookup(path);
  const parsed = found && "present" in found ? parseJsonObject(found.present) : undefined;
  return parsed === undefined ? r.at(path) : new PropertyReader(parsed, path, r.problems);
}

type HandlerKind = "customScript" | "dsc";

const HANDLERS: ReadonlyMap<string, HandlerKind> = new Map([
  ["customscriptextension", "customScript"],
  ["dsc", "dsc"],
]);

/** Keys only one handler's settings use: tell the handler when the output carries only the ARM resource type. */
const HANDLER_KEYS: readonly (readonly [string, HandlerKind])[] = [
  ["commandToExecute", "customScript"],
  ["fileUris", "customScript"],
  ["configuration", "dsc"],
  ["ModulesUrl", "dsc"],
  ["configurationArguments", "dsc"],
  ["wmfVersion", "dsc"],
];

function readExtension(r: PropertyReader): CarrierBody {
  const publicPath = r.firstPresent(either(["settings"]));
  const protectedPath = r.firstPresent(either(["protectedSettings"]));
  const publicSettings = settingsReader(r, publicPath);
  const protectedSettings = settingsReader(r, protectedPath);
  const rawType = readString(r, ["type"]);
  // Output-shaped resources carry the ARM type (`Microsoft.Compute/virtualMachines/extensions`) in `type`.
  const type = typeof rawType === "string" && rawType.includes("/") ? undefined : rawType;
  const extension: ExtensionInfo = { publisher: readString(r, ["publisher"]), type, typeHandlerVersion: readString(r, ["typeHandlerVersion"]) };
  const content: ContentItem[] = [];
  const bags: PropertyReader[] = [];
  for (const bag of [publicSettings, protectedSettings]) {
    const whole = bag.lookup([]);
    if (isUnknownValue(whole)) content.push({ kind: "unknown", origin: whole.path });
    else bags.push(bag);
  }
  const handler =
    typeof type === "string"
      ? HANDLERS.get(type.toLowerCase())
      : HANDLER_KEYS.find(([key]) => bags.some((bag) => bag.lookup([key]) !== undefined))?.[1];
  if (handler === "customScript") content.push(...customScriptContent(bags));
  const dsc = handler === "dsc" ? readDscExtension(publicSettings) : undefined;
  if (dsc && bags.includes(publicSettings)) {
    for (const path of [["configuration", "url"], ["ModulesUrl"], ["configurationData", "url"]]) content.push(...urlItem(publicSettings, path));
  }
  if (handler === undefined && isUnknownValue(type)) content.push({ kind: "unknown", origin: type.path });
  return {
    extension,
    ...(dsc ? { dsc } : {}),
    content,
    publicSettings: bagOf(r, publicPath),
    protectedSettings: presentPaths(r, [protectedPath, ["protectedSettingsFromKeyVault"]]),
  };
}

function bagOf(r: PropertyReader, path: PropertyPath): SettingsBag[] {
  const raw = r.raw(path);
  return raw === undefined || raw === null ? [] : [{ origin: r.pathOf(path), value: parseJsonObject(raw) ?? raw }];
}

function presentPaths(r: PropertyReader, paths: readonly PropertyPath[]): string[] {
  return paths.filter((p) => r.lookup(p) !== undefined).map((p) => r.pathOf(p));
}

/** An item for a string field that holds a URL, or unknown when the field is a preview unknown. */
function urlItem(r: PropertyReader, path: PropertyPath): ContentItem[] {
  const url = r.string(path);
  if (url === undefined) return [];
  return isUnknownValue(url) ? [{ kind: "unknown", origin: url.path }] : [{ kind: "url", url, origin: r.pathOf(path) }];
}

function customScriptContent(bags: readonly PropertyReader[]): ContentItem[] {
  const items: ContentItem[] = [];
  for (const bag of bags) {
    const uris = bag.list(["fileUris"]);
    if (isUnknownValue(uris)) items.push({ kind: "unknown", origin: uris.path });
    else for (let i = 0; i < (uris?.length ?? 0); i++) items.push(...urlItem(bag, ["fileUris", i]));
  }
  const downloads = items.length > 0;
  // commandToExecute may sit in public or protected settings; either way it runs on the machine.
  for (const bag of bags) {
    const command = bag.string(["commandToExecute"]);
    if (command === undefined) continue;
    const origin = bag.pathOf(["commandToExecute"]);
    if (isUnknownValue(command)) {
      items.push({ kind: "unknown", origin });
      continue;
    }
    const parsed = parseCommandLine(command);
    switch (parsed.kind) {
      case "powershell":
        items.push({ kind: "script", text: parsed.text, origin, shell: "powershell", ...(parsed.encoded ? { decodedFrom: "EncodedCommand" as const } : {}) });
        break;
      case "cmd":
        items.push({ kind: "script", text: parsed.text, origin, shell: "cmd" });
        break;
      case "invalidEncoding":
        items.push({ kind: "opaque", origin, reason: "-EncodedCommand is not base64 of UTF-16LE text" });
        break;
      case "file":
        // The file comes from fileUris (already listed) or is already on the machine.
        if (!downloads) items.push({ kind: "opaque", origin, reason: "runs a script file that is already on the machine" });
        break;
    }
  }
  return items;
}

function readDscExtension(s: PropertyReader): DscExtensionSettings {
  const legacyFunction = s.string(["ConfigurationFunction"]);
  // Pre-2.x spelling: `ConfigurationFunction` = "<script>.ps1\\<configuration>".
  const [legacyScript, legacyName] = typeof legacyFunction === "string" && legacyFunction.includes("\\") ? legacyFunction.split("\\", 2) : [undefined, legacyFunction];
  return {
    configurationUrl: preferKnown(s.string(["configuration", "url"]), s.string(["ModulesUrl"])),
    configurationScript: preferKnown(s.string(["configuration", "script"]), legacyScript),
    configurationFunction: preferKnown(s.string(["configuration", "function"]), legacyName),
    configurationArguments: preferKnown(s.object(["configurationArguments"]), s.object(["Properties"])),
    configurationDataUrl: s.string(["configurationData", "url"]),
    wmfVersion: s.string(["wmfVersion"]),
  };
}

function readNameValues(r: PropertyReader, path: PropertyPath): Field<readonly NameValue[]> {
  const list = r.list(path);
  if (list === undefined || isUnknownValue(list)) return list;
  return list.map((_, i) => ({ name: r.string([...path, i, "name"]), value: r.string([...path, i, "value"]) }));
}

function readRunCommand(r: PropertyReader): CarrierBody {
  const sourcePath = r.firstPresent(either(["source"]));
  const whole = r.lookup(sourcePath);
  const content = isUnknownValue(whole) ? [{ kind: "unknown" as const, origin: whole.path }] : runCommandContent(r.at(sourcePath));
  const parametersPath = r.firstPresent(either(["parameters"]));
  return {
    content,
    publicSettings: bagOf(r, parametersPath),
    protectedSettings: presentPaths(r, [r.firstPresent(either(["protectedParameters"])), ["runAsPassword"]]),
  };
}

function runCommandContent(source: PropertyReader): ContentItem[] {
  const content: ContentItem[] = [];
  const script = source.string(["script"]);
  if (isUnknownValue(script)) content.push({ kind: "unknown", origin: script.path });
  else if (script !== undefined) content.push({ kind: "script", text: script, origin: source.pathOf(["script"]), shell: "powershell" });
  content.push(...urlItem(source, ["scriptUri"]));
  const commandId = source.string(["commandId"]);
  if (isUnknownValue(commandId)) content.push({ kind: "unknown", origin: commandId.path });
  else if (commandId !== undefined) content.push({ kind: "commandId", id: commandId, origin: source.pathOf(["commandId"]) });
  return content;
}

function readDscConfiguration(r: PropertyReader): CarrierBody {
  const sourcePath = r.firstPresent(either(["source"]));
  const source = r.at(sourcePath);
  const type = source.string(["type"]);
  const value = source.string(["value"]);
  const origin = source.pathOf(["value"]);
  const content: ContentItem[] = [];
  if (isUnknownValue(type) || isUnknownValue(value)) content.push({ kind: "unknown", origin: (isUnknownValue(value) ? value : (type as UnknownValue)).path });
  else if (typeof value === "string") {
    // `embeddedContent` is the default when a value is given without a type.
    if (type !== undefined && type.toLowerCase() === "uri") content.push({ kind: "url", url: value, origin });
    else content.push({ kind: "script", text: value, origin, shell: "powershell" });
  } else if (source.lookup(["hash"]) !== undefined) content.push({ kind: "opaque", origin: source.pathOf(["hash"]), reason: "only a content hash is declared" });
  return { content, publicSettings: bagOf(r, r.firstPresent(either(["parameters"]))), protectedSettings: [] };
}

/**
 * Built-in Machine Configuration packages that are judged by their parameters
 * (`machine-configuration-min-tls`), not by reading the package at `contentUri`.
 */
const PARAMETER_JUDGED_PACKAGES: ReadonlySet<string> = new Set(["auditsecureprotocol", "setsecureprotocol"]);

function readGuestAssignment(r: PropertyReader): CarrierBody {
  const path = r.firstPresent([["properties", "guestConfiguration"], ["guestConfiguration"]]);
  const g = r.at(path);
  const guestConfiguration: GuestConfigurationModel = {
    name: g.string(["name"]),
    version: g.string(["version"]),
    contentUri: g.string(["contentUri"]),
    contentHash: g.string(["contentHash"]),
    assignmentType: g.string(["assignmentType"]),
    parameters: readNameValues(g, ["configurationParameter"]),
  };
  const name = guestConfiguration.name;
  const judgedByParameters = typeof name === "string" && PARAMETER_JUDGED_PACKAGES.has(name.toLowerCase());
  const whole = r.lookup(path);
  const content: ContentItem[] = isUnknownValue(whole) ? [{ kind: "unknown", origin: whole.path }] : judgedByParameters ? [] : urlItem(g, ["contentUri"]);
  return {
    guestConfiguration,
    content,
    publicSettings: bagOf(g, ["configurationParameter"]),
    protectedSettings: presentPaths(g, [["configurationProtectedParameter"]]),
  };
}
