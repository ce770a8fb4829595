import { type Severity } from "../baseline/controls.js";
import { severityRank } from "../report/model.js";

export const FAIL_ON_CHOICES = ["critical", "high", "medium", "low", "none"] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/**
 * By default a scan fails exactly when `pulumi preview` with the pack would block: on any finding
 * at level mandatory, whatever its severity. A higher threshold relaxes the gate (`--fail-on high`
 * lets the mandatory medium `machine-configuration-min-tls` pass); `none` only reports.
 */
export const DEFAULT_FAIL_ON: FailOn = "low";

/**
 * The findings that fail a scan: reported at level `mandatory` (a blocking policy's violation,
 * not waived; or an indeterminate outcome under `indeterminate: mandatory`) AND of a severity at
 * or above `failOn`. Advisory and waived findings never fail a scan, whatever their severity, just
 * as they never block `pulumi preview`. `none` never fails.
 */
export function failingFindings<F extends { readonly level: string; readonly severity: Severity }>(findings: readonly F[], failOn: FailOn): F[] {
  if (failOn === "none") return [];
  const floor = severityRank(failOn);
  return findings.filter((f) => f.level === "mandatory" && severityRank(f.severity) >= floor);
}
