import { CONTROLS, type Reference } from "../baseline/controls.js";
import { type ReportFinding, type ReportTarget, type ReportWaiver, type RuleInfo, type ScanReport, isWaived, targetsWithFindings } from "./model.js";

/**
 * Presentation shared by the renderers: labels, the auditor's view (per target, per control) and
 * the policy list. Judgement stays in the model; this only arranges and words it.
 */

/** Controls whose violation breaks SMTP TLS to Exchange Online, so the server shows the symptoms above. */
const MAIL_FLOW_CONTROLS: ReadonlySet<string> = new Set(["MTG-TLS12", "MTG-PROTOCOL-STATE", "MTG-TLS13-EXCHANGE"]);

export interface ControlInfo {
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly references: readonly Reference[];
}

/** The control from the baseline; a report read back may cite one this version does not know. */
export function controlInfo(id: string): ControlInfo {
  return CONTROLS.find((c) => c.id === id) ?? { id, title: "Control not in this baseline version", requirement: "", references: [] };
}

/** How a finding stands: `blocking` and `advisory` are violations; waived only by an active waiver. */
export type FindingState = "blocking" | "advisory" | "waived" | "indeterminate";

export function findingState(f: ReportFinding): FindingState {
  if (isWaived(f)) return "waived";
  if (f.outcome === "indeterminate") return "indeterminate";
  return f.level === "mandatory" ? "blocking" : "advisory";
}

/** The state in words, noting an indeterminate outcome that blocks (`indeterminate: mandatory`). */
export function stateLabel(f: ReportFinding): string {
  const state = findingState(f);
  return state === "indeterminate" && f.level === "mandatory" ? "indeterminate, blocking" : state;
}

export function place(file: string | undefined, line: number | undefined): string {
  if (!file) return "";
  return line ? `${file}:${line}` : file;
}

/** A waiver in one line; expired and incomplete ones say so first, since they no longer apply. */
export function waiverText(w: ReportWaiver): string {
  const who = w.approvedBy ? `approved by ${w.approvedBy}` : "no approver given";
  const why = w.reason ? `reason: ${w.reason}` : "no reason given";
  switch (w.status) {
    case "active":
      return `Waived until ${w.expires ?? "?"}, ${who} (${w.source}); ${why}`;
    case "expired":
      return `EXPIRED waiver: ended ${w.expires ?? "?"}, ${who} (${w.source}); ${why}. The violation applies again.`;
    case "incomplete":
      return `INCOMPLETE waiver, not applied: lacks ${(w.missing ?? []).join(" and ") || "required fields"}; ${who} (${w.source}); ${why}`;
  }
}

/**
 * The policies a report speaks of: the catalogue in its order, then any policy a finding names
 * that the catalogue lacks (a report from another version), described from the finding.
 */
export function policiesOf(report: Pick<ScanReport, "findings">, rules: readonly RuleInfo[]): RuleInfo[] {
  const out: RuleInfo[] = [...rules];
  const names = new Set(rules.map((r) => r.name as string));
  for (const f of report.findings) {
    if (names.has(f.policy)) continue;
    names.add(f.policy);
    out.push({
      name: f.policy as RuleInfo["name"],
      description: `Policy ${f.policy} (not in this version's catalogue)`,
      severity: f.severity,
      enforcementLevel: f.level,
      controls: [f.control as RuleInfo["controls"][number]],
      remediationSteps: "",
      url: "",
    });
  }
  return out;
}

export interface ControlGroup {
  readonly control: ControlInfo;
  readonly findings: readonly ReportFinding[];
}

export interface AuditTarget {
  readonly target: ReportTarget;
  readonly findings: readonly ReportFinding[];
  /** Findings grouped by control, in the order controls first appear. */
  readonly controls: readonly ControlGroup[];
  /** A violation, not waived, of a control that breaks mail flow: the server shows the MAIL_FLOW_SYMPTOMS of src/baseline/symptoms.ts. */
  readonly mailFlowAtRisk: boolean;
}

export interface AuditView {
  readonly targets: readonly AuditTarget[];
  /** Policies with at least one finding, for the remediation section. */
  readonly policies: readonly RuleInfo[];
  /** Every finding that carries a waiver, whatever its status: waivers are never hidden. */
  readonly waived: readonly ReportFinding[];
}

export function auditView(report: ScanReport, rules: readonly RuleInfo[]): AuditView {
  const targets = targetsWithFindings(report).map(({ target, findings }): AuditTarget => {
    const groups = new Map<string, ReportFinding[]>();
    for (const f of findings) groups.set(f.control, [...(groups.get(f.control) ?? []), f]);
    return {
      target,
      findings,
      controls: [...groups.entries()].map(([id, list]) => ({ control: controlInfo(id), findings: list })),
      mailFlowAtRisk: findings.some((f) => f.outcome === "violation" && !isWaived(f) && MAIL_FLOW_CONTROLS.has(f.control)),
    };
  });
  const withFindings = new Set(report.findings.map((f) => f.policy));
  return {
    targets,
    policies: policiesOf(report, rules).filter((p) => withFindings.has(p.name)),
    waived: report.findings.filter((f) => f.waiver !== undefined),
  };
}
