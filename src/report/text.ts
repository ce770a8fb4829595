import { type FindingState, findingState, place, policiesOf, stateLabel } from "./audit.js";
import { type ReportFinding, type RuleInfo, type ScanReport, SEVERITIES, type TargetStatus, targetsWithFindings } from "./model.js";

export interface TextOptions {
  /** ANSI colours, for a terminal that shows them; the report model itself carries none. */
  readonly color?: boolean;
}

type Tone = FindingState | TargetStatus;

const ANSI: Readonly<Record<Tone, string>> = {
  blocking: "31", // red
  violation: "31",
  advisory: "33", // yellow
  indeterminate: "36", // cyan
  waived: "90", // grey
  compliant: "32", // green
};

/** Control characters from inputs (resource names, file paths) must not drive the terminal. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function findingsNote(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return "";
  const blocking = findings.filter((f) => f.level === "mandatory").length;
  const waived = findings.filter((f) => findingState(f) === "waived").length;
  const parts = [plural(findings.length, "finding"), blocking ? `${blocking} blocking` : "", waived ? `${waived} waived` : ""];
  return parts.filter(Boolean).join(", ");
}

/** A terse summary for terminals: per target with its findings one line each, then per policy, then totals. */
export function renderText(report: ScanReport, rules: readonly RuleInfo[], options: TextOptions = {}): string {
  const paint = (tone: Tone, s: string): string => (options.color ? `\u001b[${ANSI[tone]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const { summary, inputs } = report;
  lines.push(`${report.tool.name} ${report.tool.version}, baseline ${report.baseline.version} (reviewed ${report.baseline.reviewed}), as of ${report.asOf}`);
  lines.push(`Inputs: ${plural(inputs.files.length, "file")} read, ${inputs.skipped.length} skipped, ${inputs.errors.length} unreadable`);
  for (const e of inputs.errors) lines.push(`  unreadable ${printable(e.file)}: ${printable(e.message)}`);
  for (const s of inputs.skipped) lines.push(`  skipped ${printable(s)}`);

  const targets = targetsWithFindings(report);
  const width = Math.min(40, Math.max(0, ...targets.map((t) => printable(t.target.name).length)));
  lines.push("", "Servers");
  for (const { target, findings } of targets) {
    const status = paint(target.status, target.status.toUpperCase().padEnd(13));
    lines.push(`  ${status} ${printable(target.name).padEnd(width)}  ${findingsNote(findings)}`.trimEnd());
  }
  for (const { target, findings } of targets) {
    if (findings.length === 0) continue;
    lines.push("", printable(target.name));
    for (const f of findings) {
      const state = paint(findingState(f), stateLabel(f).padEnd(13));
      lines.push(`  ${state} ${f.severity.padEnd(8)} ${f.policy}  ${printable(f.message)}`);
      const at = place(f.file, f.line);
      if (at) lines.push(`  ${"".padEnd(22)} at ${printable(at)}`);
    }
  }

  const policies = policiesOf(report, rules)
    .map((p) => ({ name: p.name, findings: report.findings.filter((f) => f.policy === p.name) }))
    .filter((p) => p.findings.length > 0);
  if (policies.length > 0) {
    lines.push("", "Policies");
    const nameWidth = Math.max(...policies.map((p) => p.name.length));
    for (const p of policies) lines.push(`  ${p.name.padEnd(nameWidth)}  ${findingsNote(p.findings)}`);
  }

  const severities = SEVERITIES.map((s) => `${s} ${summary.bySeverity[s]}`).join(", ");
  lines.push(
    "",
    `Total: ${plural(summary.servers, "server")}, ${plural(summary.findings, "finding")} (${summary.blocking} blocking, ${summary.waived} waived; ` +
      `${summary.byOutcome.violation} violations, ${summary.byOutcome.indeterminate} indeterminate; ${severities})` +
      (summary.unchanged !== undefined ? `; ${summary.unchanged} unchanged since the baseline report left out` : ""),
  );
  return `${lines.join("\n")}\n`;
}
