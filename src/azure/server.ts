import { WINDOWS_PUBLISHER } from "../baseline/windows.js";
import { type Field, type ImageModel, isUnknownValue, type PatchModel, type UnknownValue } from "../model/index.js";
import { type CarrierModel, preferKnown, readEmbeddedExtension, type TargetRef } from "./carrier.js";
import { parseServerId } from "./ids.js";
import { PropertyReader, type PropertyPath } from "./read.js";
import { type PropertyProblem, type ServerKind } from "./types.js";

export type OsFamily = "windows" | "linux" | "unknown";

/** Azure tags; a tag whose value is a preview unknown keeps its key. */
export type TagMap = Readonly<Record<string, string | UnknownValue>>;

/** What an Arc machine reports about its OS (outputs), e.g. osSku "Windows Server 2019 Datacenter", osVersion "10.0.17763". */
export interface ArcOsModel {
  readonly osType: Field<string>;
  readonly osName: Field<string>;
  readonly osSku: Field<string>;
  readonly osVersion: Field<string>;
}

export interface ServerModel {
  readonly kind: ServerKind;
  /** Pulumi resource name. */
  readonly name: string;
  /** Azure name: `vmName` / `vmScaleSetName` / `machineName`, the `name` output, or the last part of `id`. */
  readonly azureName: Field<string>;
  readonly resourceGroupName: Field<string>;
  /** Azure resource id (an output; absent from input-shaped properties). */
  readonly id: Field<string>;
  readonly tags: Field<TagMap>;
  readonly osFamily: OsFamily;
  /** VMs and scale sets. */
  readonly image?: ImageModel;
  /** VMs and scale sets that are not known to run Linux. */
  readonly patch?: PatchModel;
  /** Arc machines. */
  readonly arcOs?: ArcOsModel;
  /** Carriers declared inside the server (scale set `extensionProfile.extensions`). */
  readonly carriers: readonly CarrierModel[];
  readonly problems: readonly PropertyProblem[];
}

const NAME_PROPERTY: Readonly<Record<ServerKind, string>> = { vm: "vmName", vmss: "vmScaleSetName", arcMachine: "machineName" };

/** Marketplace publishers whose images tell the OS family (Windows: BASELINE.md §6). */
const WINDOWS_PUBLISHERS: ReadonlySet<string> = new Set([WINDOWS_PUBLISHER, "MicrosoftWindowsDesktop"].map((p) => p.toLowerCase()));
const LINUX_PUBLISHERS: ReadonlySet<string> = new Set(["canonical", "redhat", "suse", "debian", "openlogic", "oracle", "almalinux", "resf", "kinvolk", "microsoftcblmariner"]);

/** Reads a VM, scale set or Arc machine from its kind, Pulumi resource name and property bag (input- or output-shaped). */
export function readServer(kind: ServerKind, name: string, props: unknown): ServerModel {
  const r = new PropertyReader(props);
  const id = r.string(["id"]);
  const fromId = typeof id === "string" ? parseServerId(id) : undefined;
  const common = {
    kind,
    name,
    azureName: preferKnown(r.string([NAME_PROPERTY[kind]]), r.string(["name"]), fromId?.name),
    resourceGroupName: preferKnown(r.string(["resourceGroupName"]), fromId?.resourceGroupName),
    id,
    tags: r.stringMap(["tags"]),
  };
  if (kind === "arcMachine") {
    const arcOs: ArcOsModel = { osType: r.string(["osType"]), osName: r.string(["osName"]), osSku: r.string(["osSku"]), osVersion: r.string(["osVersion"]) };
    return { ...common, osFamily: arcOsFamily(arcOs), arcOs, carriers: [], problems: r.problems };
  }
  // A scale set keeps the machine settings one level down.
  const profile = kind === "vmss" ? r.at(["virtualMachineProfile"]) : r;
  const image = readImage(profile.at(["storageProfile", "imageReference"]));
  const osFamily = machineOsFamily(profile, image);
  const target: TargetRef = { kind, property: NAME_PROPERTY[kind], name: common.azureName, resourceGroupName: common.resourceGroupName, ...(fromId ? { resourceId: fromId.id } : {}), embedded: true };
  return {
    ...common,
    osFamily,
    image,
    ...(osFamily === "linux" ? {} : { patch: readPatch(kind, r, profile) }),
    carriers: kind === "vmss" ? readEmbeddedExtensions(name, profile, target) : [],
    problems: r.problems,
  };
}

function readImage(ref: PropertyReader): ImageModel {
  const version = ref.string(["version"]);
  // `latest` tells nothing; the output's `exactVersion` carries the OS build it resolved to.
  const exact = typeof version === "string" && version.toLowerCase() === "latest" ? ref.string(["exactVersion"]) : undefined;
  return {
    publisher: ref.string(["publisher"]),
    offer: ref.string(["offer"]),
    sku: ref.string(["sku"]),
    version: typeof exact === "string" ? exact : version,
    customImageId: preferKnown(ref.string(["id"]), ref.string(["sharedGalleryImageId"]), ref.string(["communityGalleryImageId"])),
  };
}

function familyOfText(text: Field<string>): OsFamily {
  if (typeof text !== "string") return "unknown";
  if (/windows/i.test(text)) return "windows";
  if (/linux|ubuntu|red ?hat|rhel|suse|debian|centos|alma|rocky|oracle|mariner/i.test(text)) return "linux";
  return "unknown";
}

function firstKnownFamily(families: readonly OsFamily[]): OsFamily {
  return families.find((f) => f !== "unknown") ?? "unknown";
}

function arcOsFamily(os: ArcOsModel): OsFamily {
  return firstKnownFamily([familyOfText(os.osType), familyOfText(os.osName), familyOfText(os.osSku)]);
}

function isPresent(r: PropertyReader, path: PropertyPath): boolean {
  const found = r.lookup(path);
  return found !== undefined && !isUnknownValue(found);
}

/** Evidence in order of strength: the OS configuration block, the OS disk type, the image publisher. */
function machineOsFamily(profile: PropertyReader, image: ImageModel): OsFamily {
  const publisher = typeof image.publisher === "string" ? image.publisher.toLowerCase() : undefined;
  return firstKnownFamily([
    isPresent(profile, ["osProfile", "windowsConfiguration"]) ? "windows" : "unknown",
    isPresent(profile, ["osProfile", "linuxConfiguration"]) ? "linux" : "unknown",
    familyOfText(profile.string(["storageProfile", "osDisk", "osType"])),
    publisher && WINDOWS_PUBLISHERS.has(publisher) ? "windows" : publisher && LINUX_PUBLISHERS.has(publisher) ? "linux" : "unknown",
  ]);
}

function readPatch(kind: "vm" | "vmss", r: PropertyReader, profile: PropertyReader): PatchModel {
  const windows = profile.at(["osProfile", "windowsConfiguration"]);
  const settings = windows.at(["patchSettings"]);
  return {
    kind,
    enableAutomaticUpdates: windows.boolean(["enableAutomaticUpdates"]),
    patchMode: settings.string(["patchMode"]),
    assessmentMode: settings.string(["assessmentMode"]),
    rebootSetting: settings.string(["automaticByPlatformSettings", "rebootSetting"]),
    ...(kind === "vmss" ? { automaticOSUpgrade: r.boolean(["upgradePolicy", "automaticOSUpgradePolicy", "enableAutomaticOSUpgrade"]) } : {}),
  };
}

/**
 * Scale set extensions declared in `extensionProfile`. When the list itself is a preview unknown,
 * one placeholder carrier stands for it, so the unknown content is not mistaken for "no carriers".
 */
function readEmbeddedExtensions(serverName: string, profile: PropertyReader, target: TargetRef): CarrierModel[] {
  const path: PropertyPath = ["extensionProfile", "extensions"];
  const list = profile.list(path);
  if (list === undefined) return [];
  if (isUnknownValue(list)) {
    return [{ kind: "vmssExtension", name: `${serverName}/extensionProfile`, azureName: undefined, target, content: [{ kind: "unknown", origin: list.path }], publicSettings: [], protectedSettings: [], problems: [] }];
  }
  // Named by position, not by its `name` property: messages quote carrier names, and a property
  // value is not vocabulary (it could hold anything, a secret included).
  return list.map((_, i) => readEmbeddedExtension(`${serverName}/extensions[${i}]`, profile.detached([...path, i]), target));
}
