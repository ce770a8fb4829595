import { classifyResource } from "../../azure/classify.js";
import { SOURCES } from "../../baseline/sources.js";
import { checkPatching, PATCH_FIX } from "../../evaluate/patching.js";
import { UNKNOWN, isUnknown } from "../../values.js";
import { analyzeServer, evaluateServerCheck, isVmOrScaleSetType } from "../analysis.js";
import { type RuleConfig } from "../config.js";
import { type ResourceRule } from "../types.js";

const PATCH_MODES = ["AutomaticByPlatform", "AutomaticByOS"];
const ASSESSMENT_MODES = ["AutomaticByPlatform"];
const WINDOWS_CONFIGURATION = ["osProfile", "windowsConfiguration"];
/** Deeper than any Azure machine definition: beyond it a remediation snapshot stops reading. */
const MAX_SNAPSHOT_DEPTH = 64;

/**
 * Reads one property of the SDK's object. In a remediation the SDK hands over a proxy that throws
 * on preview-unknown values; such a value reads as the unknown sentinel here, never as an error.
 */
function readProperty(obj: object, key: string | number): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch {
    return UNKNOWN;
  }
}

/** Plain data read from the SDK's object without throwing, for the shared (pure) server reader. */
function snapshot(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_SNAPSHOT_DEPTH) return UNKNOWN;
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => snapshot(readProperty(value, i), depth + 1));
  return Object.fromEntries(Object.keys(value).map((k) => [k, snapshot(readProperty(value, k), depth + 1)]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * True when `path` can be written without overwriting anything the program declared otherwise:
 * each level is absent or an object, and the value itself is not a preview unknown (the program's
 * computed choice, which cannot be seen).
 */
function writable(root: Record<string, unknown>, path: readonly string[]): boolean {
  let cur: unknown = root;
  for (const [i, key] of path.entries()) {
    const child = readProperty(cur as object, key);
    if (i === path.length - 1) return !isUnknown(child);
    if (child === undefined || child === null) return true;
    if (!isPlainObject(child)) return false;
    cur = child;
  }
  return true;
}

/** The object at `path`, creating missing levels (check `writable` first). */
function ensureObject(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let cur = root;
  for (const key of path) {
    const child = readProperty(cur, key);
    if (child === undefined || child === null) cur[key] = {};
    // Read back through the parent: the SDK's object keeps secrets marked on what is written into it.
    cur = readProperty(cur, key) as Record<string, unknown>;
  }
  return cur;
}

function configured(config: RuleConfig, key: "patchMode" | "assessmentMode", allowed: readonly string[]): string {
  const v = config.own[key];
  return typeof v === "string" && allowed.includes(v) ? v : PATCH_FIX[key];
}

export const windowsAutomaticPatching: ResourceRule = {
  kind: "resource",
  name: "windows-automatic-patching",
  description:
    "VMs use patchMode AutomaticByPlatform or AutomaticByOS with assessmentMode AutomaticByPlatform and enableAutomaticUpdates not false; scale sets use automatic OS image upgrades or AutomaticByPlatform patching.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: ["MTG-PATCHING"],
  remediationSteps: [
    "VMs: under `osProfile.windowsConfiguration` set",
    "",
    "- `patchSettings.patchMode` = `AutomaticByPlatform` (or `AutomaticByOS`),",
    "- `patchSettings.assessmentMode` = `AutomaticByPlatform` (absent means `ImageDefault`, which does not assess periodically),",
    "- `enableAutomaticUpdates` = `true` (or leave it out).",
    "",
    "Scale sets: set `upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade` = `true` (Azure then requires `enableAutomaticUpdates` = `false`), or `virtualMachineProfile.osProfile.windowsConfiguration.patchSettings.patchMode` = `AutomaticByPlatform`.",
    "Schedule reboots with a maintenance configuration (the remediation stack's `patching` setting). At the `remediate` level this policy sets patchMode and assessmentMode to the configured values itself.",
  ].join("\n"),
  url: SOURCES["azure-vm-patch-modes"].url,
  serverScoped: true,
  ownConfig: {
    patchMode: { type: "string", enum: PATCH_MODES, default: PATCH_FIX.patchMode, description: "patchMode the remediate level sets." },
    assessmentMode: { type: "string", enum: ASSESSMENT_MODES, default: PATCH_FIX.assessmentMode, description: "assessmentMode the remediate level sets." },
  },
  appliesTo: isVmOrScaleSetType,
  evaluate: (resource, config) => Promise.resolve(evaluateServerCheck(resource, config, "MTG-PATCHING", ({ server }) => (server.patch ? checkPatching(server.patch) : []))),
  /**
   * Sets patchMode and assessmentMode (and enableAutomaticUpdates back to true where it is false)
   * on an in-scope Windows machine that violates the policy. Without the resource name, mail
   * servers are told by tags, include lists and the Azure name in the properties.
   */
  remediate: (type, props, config) => {
    const kind = classifyResource(type);
    if (kind !== "vm" && kind !== "vmss") return undefined;
    const s = analyzeServer({ type, name: "", props: snapshot(props) as Record<string, unknown> }, config);
    if (!s?.inScope || !s.server.patch) return undefined;
    if (!checkPatching(s.server.patch).some((f) => f.outcome === "violation")) return undefined;
    const windows = kind === "vmss" ? ["virtualMachineProfile", ...WINDOWS_CONFIGURATION] : WINDOWS_CONFIGURATION;
    const patchSettings = [...windows, "patchSettings"];
    if (![[...patchSettings, "patchMode"], [...patchSettings, "assessmentMode"], [...windows, "enableAutomaticUpdates"]].every((path) => writable(props, path))) return undefined;
    const settings = ensureObject(props, patchSettings);
    settings.patchMode = configured(config, "patchMode", PATCH_MODES);
    settings.assessmentMode = configured(config, "assessmentMode", ASSESSMENT_MODES);
    const windowsConfiguration = ensureObject(props, windows);
    if (readProperty(windowsConfiguration, "enableAutomaticUpdates") === false) windowsConfiguration.enableAutomaticUpdates = PATCH_FIX.enableAutomaticUpdates;
    return props;
  },
};
