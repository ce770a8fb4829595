import { MAIL_FLOW_SYMPTOMS } from "../baseline/symptoms.js";
import { type AuditTarget, auditView, type ControlGroup, controlInfo, place, stateLabel, waiverText } from "./audit.js";
import { isWaived, type ReportFinding, type RuleInfo, type ScanReport, SEVERITIES, severityRank } from "./model.js";

/**
 * The auditor's report, written once against a small document interface that the Markdown and
 * HTML renderers implement: same content, same order, two syntaxes.
 */

/** A piece of running text: plain, or emphasised (marks such as "unverified" and "EXPIRED"). */
export type Inline = string | { readonly strong: string };

export interface AuditWriter {
  heading(level: 1 | 2 | 3 | 4, text: string, anchor?: string): void;
  paragraph(...parts: Inline[]): void;
  list(items: readonly (readonly Inline[])[]): void;
  table(headers: readonly string[], rows: readonly (readonly Inline[])[]): void;
  /** Remediation steps from the policy catalogue (Markdown written by this project, not input). */
  remediation(markdown: string): void;
  /** The severity filter control (HTML only: it needs a script). */
  severityFilter(): void;
  /** One finding: `rank` is `severityRank` of its severity, for the severity filter. */
  finding(rank: number, body: () => void): void;
  /** A control group of a target: hidden by the filter when all its findings are. */
  control(body: () => void): void;
}

/** Anchor of a target section: stable, and safe in both syntaxes whatever the name holds. */
export function targetAnchor(index: number): string {
  return `target-${index + 1}`;
}

function count(findings: readonly ReportFinding[], pick: (f: ReportFinding) => boolean): string {
  return String(findings.filter(pick).length);
}

function writeSummary(report: ScanReport, w: AuditWriter): void {
  const s = report.summary;
  w.heading(2, "Summary");
  const rows: Inline[][] = [
    ["Servers evaluated", String(s.servers)],
    ["Findings", String(s.findings)],
    ["Blocking (level mandatory)", String(s.blocking)],
    ["Waived (active waiver)", String(s.waived)],
    ["Violations", String(s.byOutcome.violation)],
    ["Indeterminate", String(s.byOutcome.indeterminate)],
    ...SEVERITIES.map((sev): Inline[] => [`Severity ${sev}`, String(s.bySeverity[sev])]),
  ];
  if (s.unchanged !== undefined) rows.push(["Left out: already in the baseline report", String(s.unchanged)]);
  w.table(["Measure", "Count"], rows);
}

function writeSymptoms(w: AuditWriter): void {
  w.heading(2, "What a failing server shows");
  w.paragraph(
    "Exchange Online accepts SMTP only over TLS 1.2 or later (MC229914). A server marked ",
    { strong: "mail flow at risk" },
    " below cannot negotiate it and shows these errors:",
  );
  w.list(MAIL_FLOW_SYMPTOMS.map((s) => [{ strong: s.text }, ` (${s.where})`]));
}

function writeEvidence(f: ReportFinding, w: AuditWriter): void {
  if (f.evidence.length === 0) return;
  w.table(
    ["Path", "Value name", "Found", "Expected", "File:line", "Carrier"],
    f.evidence.map((e) => [e.path ?? "", e.valueName ?? "", e.found ?? "", e.expected ?? "", place(e.file, e.line), e.carrier ?? ""]),
  );
}

function writeWaiver(f: ReportFinding, w: AuditWriter): void {
  if (!f.waiver) return;
  const text = waiverText(f.waiver);
  w.paragraph(f.waiver.status === "active" ? "Waiver:" : { strong: "Waiver:" }, " ", f.waiver.status === "active" ? text : { strong: text });
}

function writeControl(group: ControlGroup, w: AuditWriter): void {
  const { control, findings } = group;
  w.control(() => {
    w.heading(3, `${control.id}: ${control.title}`);
    if (control.requirement) w.paragraph({ strong: "Requirement:" }, " ", control.requirement);
    if (control.references.length > 0) {
      w.list(control.references.map((r) => [`${r.framework} ${r.id}: ${r.title}`, ...(r.verified ? [] : [" ", { strong: "(unverified)" }])]));
    }
    for (const f of findings) {
      w.finding(severityRank(f.severity), () => {
        w.heading(4, `${f.severity} · ${stateLabel(f)} · ${f.policy}`);
        w.paragraph(f.message);
        const at = place(f.file, f.line);
        w.paragraph(`Code ${f.code}, level ${f.level}, outcome ${f.outcome}${at ? `, at ${at}` : ""}. Remediation: see policy ${f.policy} below.`);
        writeEvidence(f, w);
        writeWaiver(f, w);
      });
    }
  });
}

function writeTarget(t: AuditTarget, index: number, w: AuditWriter): void {
  const { target } = t;
  w.heading(2, `Server ${target.name}`, targetAnchor(index));
  const facts = [`Status: ${target.status}`, target.urn && `URN: ${target.urn}`, target.file && `read from ${place(target.file, target.line)}`];
  w.paragraph(facts.filter(Boolean).join(" · "));
  if (t.mailFlowAtRisk) w.paragraph({ strong: "Mail flow at risk:" }, " this server can show the SMTP errors listed above until the TLS violations below are fixed.");
  if (t.findings.length === 0) w.paragraph("No findings: no policy reported a violation or an indeterminate outcome for this resource.");
  for (const group of t.controls) writeControl(group, w);
}

function writeWaivers(report: ScanReport, waived: readonly ReportFinding[], w: AuditWriter): void {
  w.heading(2, "Waivers");
  if (waived.length === 0) {
    w.paragraph("No waiver matches any finding.");
    return;
  }
  w.paragraph("Every waiver that matches a finding, whatever its state. Expired and incomplete waivers do not apply: their violations count again.");
  w.table(
    ["Server", "Policy", "Status", "Reason", "Approved by", "Expires", "Source"],
    waived.map((f) => {
      const wv = f.waiver;
      const status = wv?.status ?? "";
      const missing = wv?.missing?.length ? ` (lacks ${wv.missing.join(" and ")})` : "";
      return [f.target, f.policy, status === "active" ? status : { strong: `${status.toUpperCase()}${missing}` }, wv?.reason ?? "", wv?.approvedBy ?? "", wv?.expires ?? "", wv?.source ?? ""];
    }),
  );
}

function writeControlsIndex(report: ScanReport, w: AuditWriter): void {
  const ids = [...new Set(report.findings.map((f) => f.control))];
  if (ids.length === 0) return;
  w.heading(2, "Controls");
  w.table(
    ["Control", "Title", "Servers with findings", "References"],
    ids.map((id) => {
      const c = controlInfo(id);
      const servers = [...new Set(report.findings.filter((f) => f.control === id).map((f) => f.target))].join(", ");
      const refs = c.references.map((r) => `${r.framework} ${r.id}${r.verified ? "" : " (unverified)"}`).join("; ");
      return [c.id, c.title, servers, refs];
    }),
  );
}

function writeRemediation(policies: readonly RuleInfo[], w: AuditWriter): void {
  if (policies.length === 0) return;
  w.heading(2, "Remediation");
  for (const p of policies) {
    w.heading(3, p.name);
    w.paragraph(p.description, ` (${p.severity}, ${p.enforcementLevel}; controls ${p.controls.join(", ")})`);
    if (p.remediationSteps.trim()) w.remediation(p.remediationSteps);
    if (p.url) w.paragraph("Source: ", p.url);
  }
}

function writeInputs(report: ScanReport, w: AuditWriter): void {
  const { files, skipped, errors } = report.inputs;
  w.heading(2, "Inputs");
  w.paragraph(`${files.length} files read, ${skipped.length} skipped, ${errors.length} unreadable.`);
  const items: Inline[][] = [
    ...files.map((f): Inline[] => [`read: ${f}`]),
    ...skipped.map((f): Inline[] => [`skipped (not a recognised input): ${f}`]),
    ...errors.map((e): Inline[] => [{ strong: "unreadable:" }, ` ${e.file}: ${e.message}`]),
  ];
  if (items.length > 0) w.list(items);
}

export function writeAuditReport(report: ScanReport, rules: readonly RuleInfo[], w: AuditWriter): void {
  const view = auditView(report, rules);
  w.heading(1, "Mail flow TLS audit report");
  w.paragraph(`${report.tool.name} ${report.tool.version} · baseline ${report.baseline.version} (reviewed ${report.baseline.reviewed}) · evaluation date ${report.asOf}`);
  writeSummary(report, w);
  w.heading(2, "Servers");
  w.table(
    ["Server", "Status", "Findings", "Blocking", "Waived"],
    view.targets.map((t) => [t.target.name, t.target.status, String(t.findings.length), count(t.findings, (f) => f.level === "mandatory"), count(t.findings, isWaived)]),
  );
  writeSymptoms(w);
  w.severityFilter();
  view.targets.forEach((t, i) => writeTarget(t, i, w));
  writeWaivers(report, view.waived, w);
  writeControlsIndex(report, w);
  writeRemediation(view.policies, w);
  writeInputs(report, w);
}
