import { type RuleInfo, type ScanReport } from "./model.js";

/** The report model itself, pretty-printed: what `--baseline` and the stack's `findingsFile` read back. */
export function renderJson(report: ScanReport, _rules: readonly RuleInfo[]): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
