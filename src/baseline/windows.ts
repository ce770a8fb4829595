import { type ControlId } from "./controls.js";
import { type SourceId } from "./sources.js";

/** Windows Server releases with end of extended support (BASELINE.md §6). */
export type WindowsVersion = "2008 R2" | "2012" | "2012 R2" | "2016" | "2019" | "2022" | "2025";

export interface WindowsRelease {
  readonly version: WindowsVersion;
  /** Sort key: releases compare by this rank. */
  readonly rank: number;
  /** OS build number (first part of a marketplace image `version`, e.g. 20348.2340.240303). */
  readonly osBuild: number;
  readonly endOfExtendedSupport: string;
  /** Paid Extended Security Updates end, where offered. */
  readonly esuEnd?: string;
  /** True where the date is announced only as a month. */
  readonly approximate?: boolean;
  /** TLS 1.3 present and enabled when its key is absent. */
  readonly tls13ByDefault: boolean;
  readonly controls: readonly ControlId[];
  readonly sources: readonly SourceId[];
}

const C: readonly ControlId[] = ["MTG-WINDOWS-SUPPORTED"];
const S: readonly SourceId[] = ["windows-server-lifecycle"];

/** Sorted by rank (a test checks it). */
export const WINDOWS_RELEASES: readonly WindowsRelease[] = [
  { version: "2008 R2", rank: 1, osBuild: 7601, endOfExtendedSupport: "2020-01-14", tls13ByDefault: false, controls: C, sources: S },
  { version: "2012", rank: 2, osBuild: 9200, endOfExtendedSupport: "2023-10-10", esuEnd: "2026-10-13", tls13ByDefault: false, controls: C, sources: S },
  { version: "2012 R2", rank: 3, osBuild: 9600, endOfExtendedSupport: "2023-10-10", esuEnd: "2026-10-13", tls13ByDefault: false, controls: C, sources: S },
  { version: "2016", rank: 4, osBuild: 14393, endOfExtendedSupport: "2027-01-12", tls13ByDefault: false, controls: C, sources: S },
  { version: "2019", rank: 5, osBuild: 17763, endOfExtendedSupport: "2029-01-09", tls13ByDefault: false, controls: C, sources: S },
  { version: "2022", rank: 6, osBuild: 20348, endOfExtendedSupport: "2031-10-14", tls13ByDefault: true, controls: C, sources: S },
  { version: "2025", rank: 7, osBuild: 26100, endOfExtendedSupport: "2034-10-10", approximate: true, tls13ByDefault: true, controls: C, sources: S },
];

/** Marketplace publisher and offers of Windows Server images (BASELINE.md §6). */
export const WINDOWS_PUBLISHER = "MicrosoftWindowsServer";
export const WINDOWS_OFFERS: readonly string[] = ["WindowsServer", "windowsserver-gen2preview", "WindowsServerSemiAnnual", "windows-server-2022-azure-edition-preview"];

/**
 * Marketplace SKU spellings that name a release: `2008-R2-SP1`, `2012-R2-Datacenter`,
 * `2016-Datacenter`, `2019-datacenter-gensecond`, `2022-datacenter-azure-edition`,
 * `2025-datacenter-core-g2`, `2016-Datacenter-smalldisk`, ... The year, an optional `-R2`,
 * then an edition word.
 */
const SKU_PATTERN = /^(2008|2012|2016|2019|2022|2025)(-r2)?(?:-(?:sp1|datacenter|standard|core|server|smalldisk|gensecond|g2|azure|with|zhcn|hotpatch)[a-z0-9-]*|$)/i;

export const DEFAULT_MINIMUM_WINDOWS: WindowsVersion = "2016";

export function windowsRelease(version: WindowsVersion): WindowsRelease {
  const r = WINDOWS_RELEASES.find((x) => x.version === version);
  if (!r) throw new Error(`unknown Windows release ${version}`);
  return r;
}

export function isWindowsVersion(s: string): s is WindowsVersion {
  return WINDOWS_RELEASES.some((r) => r.version === s);
}

/** The release a marketplace SKU names, or undefined when the SKU does not follow the known patterns. */
export function releaseOfSku(sku: string): WindowsRelease | undefined {
  const m = SKU_PATTERN.exec(sku.trim());
  if (!m) return undefined;
  const year = m[1] ?? "";
  const version = (m[2] ? `${year} R2` : year) as WindowsVersion;
  return WINDOWS_RELEASES.find((r) => r.version === version);
}

/** The release an image `version` (e.g. `20348.2340.240303`) names, by its OS build. */
export function releaseOfImageVersion(version: string): WindowsRelease | undefined {
  const m = /^(\d{4,5})\.\d+\.\d+$/.exec(version.trim());
  if (!m) return undefined;
  return WINDOWS_RELEASES.find((r) => r.osBuild === Number(m[1]));
}

export function isKnownSku(sku: string): boolean {
  return releaseOfSku(sku) !== undefined;
}
