/** `windows-server-supported`: Windows Server release at or above the minimum and in support (BASELINE.md §6). */
import { WINDOWS_PUBLISHER, WINDOWS_RELEASES, isWindowsVersion, releaseOfImageVersion, releaseOfSku, windowsRelease, type WindowsRelease, type WindowsVersion } from "../baseline/windows.js";
import { isUnknownValue, type Field, type ImageModel } from "../model/index.js";
import { invalidDateFinding, isIsoDate, makeFinding, withDefined } from "./common.js";
import { type Finding } from "./finding.js";

const CONTROL = "MTG-WINDOWS-SUPPORTED";

/** Property paths of the image reference, for evidence about known (not unknown) fields. */
export const IMAGE_PATHS = {
  publisher: "storageProfile.imageReference.publisher",
  sku: "storageProfile.imageReference.sku",
  version: "storageProfile.imageReference.version",
  customImageId: "storageProfile.imageReference.id",
} as const;

/** How the release was told from the image, or why it cannot be told. */
export type ReleaseIdentification =
  | { readonly kind: "release"; readonly release: WindowsRelease; readonly from: "sku" | "version"; readonly evidence: string }
  | { readonly kind: "unknown-field"; readonly path: string }
  /** `reason` completes "the release cannot be told ...". */
  | { readonly kind: "cannot-tell"; readonly path: string; readonly reason: string };

/** True for a marketplace Windows Server image. False for custom images: other evidence must decide. */
export function isWindowsImage(image: ImageModel): boolean {
  return typeof image.publisher === "string" && image.publisher.toLowerCase() === WINDOWS_PUBLISHER.toLowerCase();
}

export function windowsReleaseOf(image: ImageModel): WindowsRelease | undefined {
  const id = identifyRelease(image);
  return id.kind === "release" ? id.release : undefined;
}

/** The SKU first (it names the release), then the image version (its OS build). */
export function identifyRelease(image: ImageModel): ReleaseIdentification {
  const sku = image.sku;
  if (typeof sku === "string") {
    const release = releaseOfSku(sku);
    if (release) return { kind: "release", release, from: "sku", evidence: `SKU ${sku}` };
  }
  const version = image.version;
  if (typeof version === "string") {
    const release = releaseOfImageVersion(version);
    if (release) return { kind: "release", release, from: "version", evidence: `image version ${version}` };
  }
  const custom = image.customImageId;
  if (isUnknownValue(custom)) return { kind: "unknown-field", path: custom.path };
  if (isPresent(custom)) return { kind: "cannot-tell", path: IMAGE_PATHS.customImageId, reason: "from a custom image id (gallery or managed image)" };
  if (isUnknownValue(sku)) return { kind: "unknown-field", path: sku.path };
  if (isUnknownValue(version)) return { kind: "unknown-field", path: version.path };
  if (isPresent(sku)) return { kind: "cannot-tell", path: IMAGE_PATHS.sku, reason: "from an image SKU outside the known Windows Server patterns" };
  return { kind: "cannot-tell", path: IMAGE_PATHS.sku, reason: "from an image reference without a SKU" };
}

function isPresent(v: Field<unknown>): boolean {
  return v !== undefined && v !== null && v !== "";
}

export interface WindowsImageOptions {
  readonly minimum: WindowsVersion;
  /** Evaluation date, yyyy-mm-dd. */
  readonly asOf: string;
}

/** Callers decide applicability (`isWindowsImage`, or other evidence for custom images); a known non-Windows publisher gets no finding. */
export function checkWindowsImage(image: ImageModel, options: WindowsImageOptions): Finding[] {
  if (typeof image.publisher === "string" && image.publisher !== "" && !isWindowsImage(image)) return [];
  if (!isIsoDate(options.asOf)) return [invalidDateFinding(CONTROL)];
  if (!isWindowsVersion(options.minimum)) return [indeterminate("WINDOWS_MINIMUM_INVALID", "minimum", "The configured minimum is not a known Windows Server release, so the image cannot be compared with it", WINDOWS_RELEASES.map((r) => r.version).join(", "))];
  const id = identifyRelease(image);
  switch (id.kind) {
    case "unknown-field":
      return [indeterminate("WINDOWS_RELEASE_UNKNOWN", id.path, `The Windows release cannot be told: ${id.path} is not known yet (preview)`)];
    case "cannot-tell":
      return [indeterminate("WINDOWS_RELEASE_UNKNOWN", id.path, `The Windows release cannot be told ${id.reason}`)];
    case "release":
      return judgeRelease(id.release, id.evidence, id.from === "sku" ? IMAGE_PATHS.sku : IMAGE_PATHS.version, options);
  }
}

function indeterminate(code: string, path: string, message: string, expected = "a Windows Server marketplace SKU or image version"): Finding {
  return makeFinding({ code, control: CONTROL, outcome: "indeterminate", message: `${message}.`, evidence: [{ path, expected }] });
}

function judgeRelease(release: WindowsRelease, from: string, path: string, options: WindowsImageOptions): Finding[] {
  const name = `Windows Server ${release.version}`;
  const findings: Finding[] = [];
  const minimum = windowsRelease(options.minimum);
  if (release.rank < minimum.rank) {
    findings.push(
      makeFinding({
        code: "WINDOWS_BELOW_MINIMUM",
        control: CONTROL,
        outcome: "violation",
        message: `${name} (${from}) is below the minimum Windows Server ${minimum.version}.`,
        evidence: [{ path, found: name, expected: `Windows Server ${minimum.version} or later` }],
      }),
    );
  }
  if (options.asOf > release.endOfExtendedSupport) {
    const esu = release.esuEnd ? `; paid Extended Security Updates ${options.asOf > release.esuEnd ? "ended" : "run until"} ${release.esuEnd}` : "";
    findings.push(
      makeFinding({
        code: "WINDOWS_END_OF_SUPPORT",
        control: CONTROL,
        outcome: "violation",
        message: `${name} (${from}) reached end of extended support on ${release.approximate ? "about " : ""}${release.endOfExtendedSupport}${esu}; evaluated on ${options.asOf}.`,
        evidence: [withDefined({ path, found: name, expected: `a release in extended support on ${options.asOf}` })],
      }),
    );
  }
  return findings;
}
