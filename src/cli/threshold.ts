import { type Severity } from "../baseline/controls.js";
import { type Diagnostic } from "../rules/decide.js";

export const FAIL_ON_CHOICES = ["critical", "high", "medium", "low", "none"] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/** Blocks on high and critical by default: the catalogue's mandatory policies are high or critical. */
export const DEFAULT_FAIL_ON: FailOn = "high";

const RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * The diagnostics that fail a scan: reported at level `mandatory` (a blocking policy's violation,
 * not waived; or an indeterminate outcome when `indeterminate: mandatory`) AND of a severity at or
 * above `failOn`. Advisory and waived findings never fail a scan, whatever their severity, just as
 * they never block `pulumi preview`. `none` never fails.
 */
export function failingDiagnostics(diagnostics: readonly Diagnostic[], failOn: FailOn): Diagnostic[] {
  if (failOn === "none") return [];
  const floor = RANK[failOn];
  return diagnostics.filter((d) => d.level === "mandatory" && RANK[d.severity] >= floor);
}
