import { createHash } from "node:crypto";
import { type Location, type Log, type Notification, type ReportingDescriptor, type Result } from "sarif";
import { controlInfo, policiesOf, waiverText } from "./audit.js";
import { findingIdentity, isWaived, type ReportFinding, type RuleInfo, type ScanReport } from "./model.js";
import { type Severity } from "../baseline/controls.js";

/** The schema URI SARIF consumers (GitHub code scanning, Azure DevOps, VS Code) recognise. */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** Key of `partialFingerprints`: bump the version if `findingIdentity` ever changes. */
export const FINGERPRINT_KEY = "mailflowTlsGuardIdentity/v1";

/** GitHub code scanning ranks security results by this 0–10 score (its documented bands). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/**
 * Result level (docs/report-format.md): error for a finding at level mandatory (a blocking
 * violation, or an indeterminate outcome when `indeterminate: mandatory`), warning for an advisory
 * violation, note for a waived violation and an advisory indeterminate outcome.
 */
export function sarifLevel(f: ReportFinding): Result.level {
  if (isWaived(f)) return "note";
  if (f.level === "mandatory") return "error";
  return f.outcome === "violation" ? "warning" : "note";
}

function isAbsoluteUri(s: string): boolean {
  return URL.canParse(s);
}

/** A file path as a SARIF URI: relative paths stay relative (forward slashes), absolute ones become file URIs. */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  const encoded = slashed.split("/").map(encodeURIComponent).join("/");
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${slashed.slice(0, 2)}${encoded.slice(encoded.indexOf("/"))}`;
  return slashed.startsWith("/") ? `file://${encoded}` : encoded;
}

function ruleDescriptor(rule: RuleInfo): ReportingDescriptor {
  const controls = rule.controls.map(controlInfo);
  const requirement = controls.map((c) => `${c.id} (${c.title}): ${c.requirement}`.trim()).join(" ");
  const remediation = rule.remediationSteps.trim();
  return {
    id: rule.name,
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} Controls: ${requirement}` },
    help: {
      text: remediation || rule.description,
      markdown: `${remediation ? `**Remediation**\n\n${remediation}\n\n` : ""}**Controls:** ${controls.map((c) => `${c.id}: ${c.title}`).join("; ")}`,
    },
    ...(isAbsoluteUri(rule.url) ? { helpUri: rule.url } : {}),
    defaultConfiguration: { level: rule.enforcementLevel === "mandatory" ? "error" : "warning" },
    properties: {
      tags: ["security", ...rule.controls],
      severity: rule.severity,
      "security-severity": SECURITY_SEVERITY[rule.severity],
    },
  };
}

function locationOf(f: ReportFinding): Location {
  const physical = f.file
    ? { physicalLocation: { artifactLocation: { uri: artifactUri(f.file) }, ...(f.line ? { region: { startLine: f.line } } : {}) } }
    : {};
  return { ...physical, logicalLocations: [{ name: f.target, fullyQualifiedName: f.urn ?? f.target, kind: "resource" }] };
}

function resultOf(f: ReportFinding, ruleIndex: number): Result {
  const fingerprint = createHash("sha256").update(findingIdentity(f)).digest("hex");
  return {
    ruleId: f.policy,
    ruleIndex,
    level: sarifLevel(f),
    message: { text: f.message },
    locations: [locationOf(f)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(f.waiver && isWaived(f)
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: f.waiver.reason ?? "",
              properties: { approvedBy: f.waiver.approvedBy, expires: f.waiver.expires, source: f.waiver.source },
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      control: f.control,
      outcome: f.outcome,
      level: f.level,
      code: f.code,
      target: f.target,
      ...(f.urn ? { urn: f.urn } : {}),
      ...(f.azureId ? { azureId: f.azureId } : {}),
      evidence: f.evidence,
      ...(f.waiver ? { waiver: { ...f.waiver, text: waiverText(f.waiver) } } : {}),
    },
  };
}

function inputNotifications(report: ScanReport): Notification[] {
  const at = (file: string): Location[] => [{ physicalLocation: { artifactLocation: { uri: artifactUri(file) } } }];
  return [
    ...report.inputs.errors.map((e): Notification => ({ level: "error", message: { text: `${e.file}: ${e.message}` }, locations: at(e.file) })),
    ...report.inputs.skipped.map((file): Notification => ({ level: "note", message: { text: `${file}: skipped, not a recognised input` }, locations: at(file) })),
  ];
}

/** SARIF 2.1.0: one run, the policy catalogue as the driver's rules, one result per finding. */
export function renderSarif(report: ScanReport, rules: readonly RuleInfo[]): string {
  const policies = policiesOf(report, rules);
  const index = new Map(policies.map((p, i) => [p.name as string, i]));
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules: policies.map(ruleDescriptor) } },
        invocations: [{ executionSuccessful: report.inputs.errors.length === 0, toolExecutionNotifications: inputNotifications(report) }],
        results: report.findings.map((f) => resultOf(f, index.get(f.policy) ?? -1)),
        properties: { baseline: report.baseline, asOf: report.asOf, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
