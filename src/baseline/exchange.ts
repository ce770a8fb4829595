import { type ControlId } from "./controls.js";
import { type SourceId } from "./sources.js";

/**
 * Exchange Server builds and lifecycle: the one place to update when a release ships
 * (BASELINE.md §5, from "Exchange Server build numbers and release dates", revised below).
 */
export const EXCHANGE_TABLE_REVISED = "2026-05-29";

export type ExchangeProduct = "2013" | "2016" | "2019" | "SE";

/** A build number `major.minor.build.revision`, e.g. 15.2.1748.43. */
export type Build = readonly [number, number, number, number];

export interface ExchangeCu {
  readonly product: ExchangeProduct;
  /** "CU23", "CU15", "RTM" (SE). */
  readonly cu: string;
  /** Build of the CU itself (setup media). */
  readonly baseBuild: string;
  /**
   * The lowest build we accept on this CU: the latest security update seen when the table was
   * revised. Compared with "at least": hotfix updates appear after each security update.
   * Undefined for CUs that no longer receive security updates at all.
   */
  readonly minimumSecurityBuild?: string;
  /** End of (mainstream or extended) support; undefined for the modern-lifecycle SE. */
  readonly endOfSupport?: string;
  /** Security updates after `endOfSupport` go to Extended Security Update customers only. */
  readonly esuAfterEndOfSupport: boolean;
  readonly note: string;
  readonly controls: readonly ControlId[];
  readonly sources: readonly SourceId[];
}

const C: readonly ControlId[] = ["MTG-EXCHANGE-BUILD"];
const S: readonly SourceId[] = ["exchange-build-numbers", "exchange-lifecycle"];

/** Sorted by product, then base build ascending (a test checks it). */
export const EXCHANGE_CUS: readonly ExchangeCu[] = [
  { product: "2013", cu: "CU19", baseBuild: "15.0.1365.1", endOfSupport: "2023-04-11", esuAfterEndOfSupport: false, note: "first 2013 CU with TLS 1.2", controls: C, sources: S },
  { product: "2013", cu: "CU20", baseBuild: "15.0.1367.3", endOfSupport: "2023-04-11", esuAfterEndOfSupport: false, note: "first 2013 CU that supports disabling TLS 1.0/1.1", controls: C, sources: S },
  { product: "2013", cu: "CU23", baseBuild: "15.0.1497.2", minimumSecurityBuild: "15.0.1497.48", endOfSupport: "2023-04-11", esuAfterEndOfSupport: false, note: "final 2013 CU; Mar 2023 SU is the last update", controls: C, sources: S },
  { product: "2016", cu: "CU8", baseBuild: "15.1.1415.2", endOfSupport: "2025-10-14", esuAfterEndOfSupport: false, note: "first 2016 CU with TLS 1.2", controls: C, sources: S },
  { product: "2016", cu: "CU9", baseBuild: "15.1.1466.3", endOfSupport: "2025-10-14", esuAfterEndOfSupport: false, note: "first 2016 CU that supports disabling TLS 1.0/1.1", controls: C, sources: S },
  { product: "2016", cu: "CU22", baseBuild: "15.1.2375.7", endOfSupport: "2025-10-14", esuAfterEndOfSupport: false, note: "no longer receives security updates", controls: C, sources: S },
  { product: "2016", cu: "CU23", baseBuild: "15.1.2507.6", minimumSecurityBuild: "15.1.2507.66", endOfSupport: "2025-10-14", esuAfterEndOfSupport: true, note: "Feb 2026 SU for ESU customers", controls: C, sources: S },
  { product: "2019", cu: "CU13", baseBuild: "15.2.1258.12", endOfSupport: "2025-10-14", esuAfterEndOfSupport: false, note: "no longer receives security updates", controls: C, sources: S },
  { product: "2019", cu: "CU14", baseBuild: "15.2.1544.4", minimumSecurityBuild: "15.2.1544.39", endOfSupport: "2025-10-14", esuAfterEndOfSupport: true, note: "Feb 2026 SU for ESU customers", controls: C, sources: S },
  { product: "2019", cu: "CU15", baseBuild: "15.2.1748.10", minimumSecurityBuild: "15.2.1748.43", endOfSupport: "2025-10-14", esuAfterEndOfSupport: true, note: "Feb 2026 SU for ESU customers; first CU with TLS 1.3 (not for SMTP)", controls: C, sources: S },
  { product: "SE", cu: "RTM", baseBuild: "15.2.2562.17", minimumSecurityBuild: "15.2.2562.37", esuAfterEndOfSupport: false, note: "modern lifecycle; Feb 2026 SU 15.2.2562.37, May 2026 HU 15.2.2562.41", controls: C, sources: S },
];

/** Builds that gate TLS capabilities (BASELINE.md §5, §4). */
export const EXCHANGE_TLS_THRESHOLDS = {
  /** TLS 1.2 support: 2013 CU19 / 2016 CU8 (2019 and SE always). */
  tls12: { "2013": "15.0.1365.1", "2016": "15.1.1415.2", "2019": "15.2.221.12", SE: "15.2.2562.17" },
  /** Disabling TLS 1.0/1.1 supported: 2013 CU20 / 2016 CU9. */
  disableLegacy: { "2013": "15.0.1367.3", "2016": "15.1.1466.3", "2019": "15.2.221.12", SE: "15.2.2562.17" },
  /** TLS 1.3 (not for SMTP): 2019 CU15 or SE on Windows Server 2022+. */
  tls13: "15.2.1748.10",
} as const;

export function parseBuild(text: string): Build | undefined {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,5})\.(\d{1,5})\s*$/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

export function compareBuilds(a: Build, b: Build): number {
  for (let i = 0; i < 4; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function build(text: string): Build {
  const b = parseBuild(text);
  if (!b) throw new Error(`bad build in table: ${text}`);
  return b;
}

/** Version from the build: 15.0 = 2013, 15.1 = 2016, 15.2 below 2562 = 2019, 15.2.2562+ = SE. */
export function productOfBuild(b: Build): ExchangeProduct | undefined {
  if (b[0] !== 15) return undefined;
  if (b[1] === 0) return "2013";
  if (b[1] === 1) return "2016";
  if (b[1] === 2) return b[2] >= 2562 ? "SE" : "2019";
  return undefined;
}

/** The CU a build belongs to: the table row with the highest base build not above it, same product. */
export function cuOfBuild(b: Build): ExchangeCu | undefined {
  const product = productOfBuild(b);
  let best: ExchangeCu | undefined;
  for (const row of EXCHANGE_CUS) {
    if (row.product !== product) continue;
    if (compareBuilds(build(row.baseBuild), b) <= 0) best = row;
  }
  // Only a build of the same major.minor.build as the row is "on" that CU; a build between two rows
  // belongs to a CU the table does not list (an older one).
  return best && build(best.baseBuild)[2] === b[2] ? best : undefined;
}

export function findCu(product: ExchangeProduct, cu: string): ExchangeCu | undefined {
  return EXCHANGE_CUS.find((r) => r.product === product && r.cu.toLowerCase() === cu.toLowerCase());
}

export function latestCu(product: ExchangeProduct): ExchangeCu | undefined {
  return EXCHANGE_CUS.filter((r) => r.product === product).at(-1);
}

export function buildAtLeast(b: Build, min: string): boolean {
  return compareBuilds(b, build(min)) >= 0;
}

export function formatBuild(b: Build): string {
  return b.join(".");
}
