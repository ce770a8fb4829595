import { create } from "xmlbuilder2";
import { findingState, place, policiesOf, stateLabel, waiverText } from "./audit.js";
import { type ReportFinding, type RuleInfo, type ScanReport, targetsWithFindings } from "./model.js";

/**
 * How one testcase (a target under a policy) ends, worst first (docs/report-format.md):
 * a violation that is not waived, blocking or advisory, is a `failure` (CI systems list failures
 * first; the exit code, not this file, decides the gate); an indeterminate outcome is an `error`
 * (the check could not be run to a verdict); a testcase whose findings are all waived is `skipped`
 * with the waiver; no finding is a pass.
 */
type CaseResult = { readonly kind: "failure" | "error"; readonly type: string } | { readonly kind: "skipped" } | { readonly kind: "passed" };

function caseResult(findings: readonly ReportFinding[]): CaseResult {
  const states = new Set(findings.map(findingState));
  if (states.has("blocking")) return { kind: "failure", type: "blocking" };
  if (states.has("advisory")) return { kind: "failure", type: "advisory" };
  if (states.has("indeterminate")) return { kind: "error", type: "indeterminate" };
  return findings.length > 0 ? { kind: "skipped" } : { kind: "passed" };
}

function findingDetails(f: ReportFinding, helpUrl: string): string {
  const lines = [`[${stateLabel(f)}, ${f.severity}] ${f.message}`];
  const at = place(f.file, f.line);
  if (at) lines.push(`  at ${at}`);
  for (const e of f.evidence) {
    const parts = [e.path && `path ${e.path}`, e.valueName && `value ${e.valueName}`, e.found && `found ${e.found}`, e.expected && `expected ${e.expected}`, e.carrier && `carrier ${e.carrier}`, place(e.file, e.line)];
    lines.push(`  evidence: ${parts.filter(Boolean).join(", ")}`);
  }
  if (f.waiver) lines.push(`  ${waiverText(f.waiver)}`);
  if (helpUrl) lines.push(`  see ${helpUrl}`);
  return lines.join("\n");
}

function summaryMessage(findings: readonly ReportFinding[]): string {
  const first = findings[0]?.message ?? "";
  return findings.length > 1 ? `${first} (and ${findings.length - 1} more)` : first;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countsAttributes(c: Counts): Record<string, string> {
  return { tests: String(c.tests), failures: String(c.failures), errors: String(c.errors), skipped: String(c.skipped), time: "0" };
}

/**
 * JUnit XML: one testsuite per policy, one testcase per target and policy (`classname` = policy,
 * `name` = target). Every policy of the catalogue gets its suite, so a clean scan shows passes.
 */
export function renderJunit(report: ScanReport, rules: readonly RuleInfo[]): string {
  const targets = targetsWithFindings(report);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele("testsuites", { name: report.tool.name });
  for (const policy of policiesOf(report, rules)) {
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const suite = root.ele("testsuite", { name: policy.name, timestamp: `${report.asOf}T00:00:00` });
    for (const { target, findings: all } of targets) {
      const findings = all.filter((f) => f.policy === policy.name);
      const at = findings.find((f) => f.file) ?? target;
      const testcase = suite.ele("testcase", { name: target.name, classname: policy.name, time: "0", ...(at.file ? { file: at.file } : {}), ...(at.line ? { line: String(at.line) } : {}) });
      counts.tests += 1;
      const result = caseResult(findings);
      const details = findings.map((f) => findingDetails(f, policy.url)).join("\n\n");
      switch (result.kind) {
        case "failure":
        case "error":
          counts[result.kind === "failure" ? "failures" : "errors"] += 1;
          testcase.ele(result.kind, { type: result.type, message: summaryMessage(findings) }).txt(details);
          break;
        case "skipped":
          counts.skipped += 1;
          testcase.ele("skipped", { message: findings.map((f) => (f.waiver ? waiverText(f.waiver) : "")).join("; ") });
          testcase.ele("system-out").txt(details);
          break;
        case "passed":
          break;
      }
    }
    suite.att(countsAttributes(counts));
    for (const key of ["tests", "failures", "errors", "skipped"] as const) total[key] += counts[key];
  }
  root.att(countsAttributes(total));
  return `${doc.end({ prettyPrint: true })}\n`;
}
