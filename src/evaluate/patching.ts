/** `windows-automatic-patching` (BASELINE.md §7): guest patching and update assessment. */
import { isUnknownValue, type Field, type PatchModel } from "../model/index.js";
import { makeFinding, where } from "./common.js";
import { type Finding, type Outcome } from "./finding.js";

const CONTROL = "MTG-PATCHING";

/** The values a remediation sets: platform-orchestrated patching and periodic assessment. */
export const PATCH_FIX = {
  patchMode: "AutomaticByPlatform",
  assessmentMode: "AutomaticByPlatform",
  /** Azure requires it true with AutomaticByPlatform. */
  enableAutomaticUpdates: true,
} as const;

const PATCH_MODES = ["AutomaticByOS", "AutomaticByPlatform", "Manual"] as const;
const ASSESSMENT_MODES = ["ImageDefault", "AutomaticByPlatform"] as const;

type PatchField = "enableAutomaticUpdates" | "patchMode" | "assessmentMode" | "automaticOSUpgrade";

const VM_OS = "osProfile.windowsConfiguration";
const VMSS_OS = `virtualMachineProfile.${VM_OS}`;
/** Property paths per resource kind, for evidence about fields that are known. */
export const PATCH_PATHS: Readonly<Record<PatchModel["kind"], Readonly<Partial<Record<PatchField, string>>>>> = {
  vm: {
    enableAutomaticUpdates: `${VM_OS}.enableAutomaticUpdates`,
    patchMode: `${VM_OS}.patchSettings.patchMode`,
    assessmentMode: `${VM_OS}.patchSettings.assessmentMode`,
  },
  vmss: {
    enableAutomaticUpdates: `${VMSS_OS}.enableAutomaticUpdates`,
    patchMode: `${VMSS_OS}.patchSettings.patchMode`,
    assessmentMode: `${VMSS_OS}.patchSettings.assessmentMode`,
    automaticOSUpgrade: "upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade",
  },
};

/** A field read against its vocabulary: a known value, absent, unknown during preview, or outside it. */
type Read<T> = { readonly kind: "value"; readonly value: T } | { readonly kind: "absent" } | { readonly kind: "unknown"; readonly path: string } | { readonly kind: "other" };

function readEnum<T extends string>(field: Field<unknown>, vocabulary: readonly T[]): Read<T> {
  if (isUnknownValue(field)) return { kind: "unknown", path: field.path };
  if (field === undefined || field === null) return { kind: "absent" };
  const value = typeof field === "string" ? vocabulary.find((v) => v.toLowerCase() === field.trim().toLowerCase()) : undefined;
  return value === undefined ? { kind: "other" } : { kind: "value", value };
}

function readBoolean(field: Field<unknown>): Read<boolean> {
  if (isUnknownValue(field)) return { kind: "unknown", path: field.path };
  if (field === undefined || field === null) return { kind: "absent" };
  return typeof field === "boolean" ? { kind: "value", value: field } : { kind: "other" };
}

function describe<T>(read: Read<T>, vocabulary: string): string {
  switch (read.kind) {
    case "value":
      return String(read.value);
    case "absent":
      return "absent";
    case "unknown":
      return "not known yet (preview)";
    case "other":
      return `a value outside ${vocabulary}`;
  }
}

export function checkPatching(model: PatchModel): Finding[] {
  const kind = model.kind === "vmss" ? "vmss" : "vm";
  const paths = PATCH_PATHS[kind];
  const patchMode = readEnum(model.patchMode, PATCH_MODES);
  const finding = (code: string, outcome: Outcome, field: PatchField, found: string, expected: string, text: string, path = paths[field] ?? field): Finding =>
    makeFinding({ code, control: CONTROL, outcome, message: `${text}${where(path, undefined, {})}`, evidence: [{ path, found, expected }] });
  const unknown = (field: PatchField, read: Read<unknown>, expected: string): Finding[] =>
    read.kind === "unknown" ? [finding("PATCH_VALUE_UNKNOWN", "indeterminate", field, describe(read, ""), expected, `${field} is not known yet (preview), so patching cannot be judged; expected ${expected}`, read.path)] : [];
  const unrecognised = (field: PatchField, vocabulary: string, expected: string): Finding =>
    finding("PATCH_VALUE_UNRECOGNISED", "violation", field, `a value outside ${vocabulary}`, expected, `${field} is a value outside ${vocabulary}; expected ${expected}`);

  if (kind === "vmss") {
    const upgrade = readBoolean(model.automaticOSUpgrade);
    if ((upgrade.kind === "value" && upgrade.value) || (patchMode.kind === "value" && patchMode.value === "AutomaticByPlatform")) return [];
    const expected = "automaticOSUpgrade true or patchMode AutomaticByPlatform";
    const open = [...unknown("automaticOSUpgrade", upgrade, expected), ...unknown("patchMode", patchMode, expected)];
    if (open.length > 0) return open;
    return [
      finding(
        "VMSS_NO_AUTOMATIC_UPDATES",
        "violation",
        "automaticOSUpgrade",
        `automaticOSUpgrade ${describe(upgrade, "true, false")}, patchMode ${describe(patchMode, PATCH_MODES.join(", "))}`,
        expected,
        `Scale set has neither automatic OS image upgrades (${describe(upgrade, "true, false")}) nor AutomaticByPlatform patching (patchMode ${describe(patchMode, PATCH_MODES.join(", "))}); expected ${expected}`,
      ),
    ];
  }

  const findings: Finding[] = [];
  const patchExpected = "AutomaticByPlatform or AutomaticByOS";
  findings.push(...unknown("patchMode", patchMode, patchExpected));
  if (patchMode.kind === "value" && patchMode.value === "Manual") findings.push(finding("PATCH_MODE_MANUAL", "violation", "patchMode", "Manual", patchExpected, `patchMode is Manual: nothing installs updates; expected ${patchExpected}`));
  if (patchMode.kind === "other") findings.push(unrecognised("patchMode", PATCH_MODES.join(", "), patchExpected));

  const assessment = readEnum(model.assessmentMode, ASSESSMENT_MODES);
  findings.push(...unknown("assessmentMode", assessment, "AutomaticByPlatform"));
  if (assessment.kind === "absent" || (assessment.kind === "value" && assessment.value === "ImageDefault")) {
    const found = assessment.kind === "absent" ? "absent (ImageDefault)" : "ImageDefault";
    findings.push(finding("ASSESSMENT_MODE_IMAGE_DEFAULT", "violation", "assessmentMode", found, "AutomaticByPlatform", `assessmentMode is ${found}: missing updates are not assessed periodically; expected AutomaticByPlatform`));
  }
  if (assessment.kind === "other") findings.push(unrecognised("assessmentMode", ASSESSMENT_MODES.join(", "), "AutomaticByPlatform"));

  const updates = readBoolean(model.enableAutomaticUpdates);
  findings.push(...unknown("enableAutomaticUpdates", updates, "true (or absent)"));
  if (updates.kind === "value" && !updates.value) findings.push(finding("AUTOMATIC_UPDATES_DISABLED", "violation", "enableAutomaticUpdates", "false", "true (or absent)", "enableAutomaticUpdates is false; expected true (or absent)"));
  if (updates.kind === "other") findings.push(unrecognised("enableAutomaticUpdates", "true, false", "true (or absent)"));
  return findings;
}
