/**
 * Plain shapes shared by the extractors (PowerShell, Azure adapters, CLI readers) and the pure
 * evaluators. Nothing here knows Pulumi.
 */
import { type ExchangeProduct } from "../baseline/exchange.js";
import { type SourceLocation } from "../registry/types.js";

/** A value that is not known yet (a preview unknown) at `path`. */
export interface UnknownValue {
  readonly unknown: true;
  /** Property path, e.g. `storageProfile.imageReference.sku`. */
  readonly path: string;
}

/** A field read from resource properties: the value, unknown during preview, or absent. */
export type Field<T> = T | UnknownValue | undefined;

export function isUnknownValue(v: unknown): v is UnknownValue {
  return typeof v === "object" && v !== null && (v as { unknown?: unknown }).unknown === true && typeof (v as { path?: unknown }).path === "string";
}

/** Marketplace image reference of a VM or scale set (`storageProfile.imageReference`). */
export interface ImageModel {
  readonly publisher: Field<string>;
  readonly offer: Field<string>;
  readonly sku: Field<string>;
  readonly version: Field<string>;
  /** Gallery / managed image id: the release cannot be told from it. */
  readonly customImageId: Field<string>;
}

/** Patch and upgrade settings (BASELINE.md §7). */
export interface PatchModel {
  readonly kind: "vm" | "vmss";
  readonly enableAutomaticUpdates: Field<boolean>;
  /** `AutomaticByOS` (Azure default when absent), `AutomaticByPlatform`, `Manual`. */
  readonly patchMode: Field<string>;
  /** `ImageDefault` (default when absent), `AutomaticByPlatform`. */
  readonly assessmentMode: Field<string>;
  readonly rebootSetting: Field<string>;
  /** Scale sets: `upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade`. */
  readonly automaticOSUpgrade?: Field<boolean>;
}

/** Where an Exchange build or version was declared, and what it reveals. */
export interface ExchangeEvidence {
  /** e.g. "tag exchange-build", "ExchInstall Path", "Setup.exe arguments". */
  readonly source: string;
  readonly product?: ExchangeProduct;
  /** "CU23", "RTM" (SE) when the evidence names a CU. */
  readonly cu?: string;
  /** Full build `15.2.1748.43` when the evidence gives one (or the table maps the CU to one). */
  readonly build?: string;
  readonly location?: SourceLocation;
}
