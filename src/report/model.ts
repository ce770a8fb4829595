import Ajv, { type ValidateFunction } from "ajv";
import { BASELINE_REVIEWED, BASELINE_VERSION } from "../baseline/index.js";
import { type Severity } from "../baseline/controls.js";
import { type Evidence } from "../evaluate/finding.js";
import { type Diagnostic } from "../rules/decide.js";
import { type Rule } from "../rules/types.js";
import { type AppliedWaiver } from "../rules/waivers.js";
import { REPORT_SCHEMA } from "./schema.js";

/**
 * The JSON report: one plain object every renderer reads, and the document the CLI's `--baseline`
 * and the stack's `findingsFile` read back. Field names are public (docs/report-format.md).
 */
export const TOOL_NAME = "mailflow-tls-guard";

/** Most severe first: the order reports list severities in. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** Higher is more severe; for "at or above" comparisons. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export type ReportLevel = "mandatory" | "advisory";
export type ReportOutcome = "violation" | "indeterminate";
/** Worst first: violation (not waived), indeterminate, waived, compliant (no finding at all). */
export type TargetStatus = "violation" | "indeterminate" | "waived" | "compliant";

/** What the renderers need of a policy; a catalogue `Rule` is one. */
export type RuleInfo = Pick<Rule, "name" | "description" | "severity" | "enforcementLevel" | "controls" | "remediationSteps" | "url">;

export interface ReportEvidence {
  readonly path?: string;
  readonly valueName?: string;
  readonly found?: string;
  readonly expected?: string;
  readonly carrier?: string;
  readonly file?: string;
  readonly line?: number;
}

export interface ReportWaiver {
  readonly status: AppliedWaiver["status"];
  readonly source: AppliedWaiver["source"];
  readonly reason?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
  /** For `incomplete`: what the waiver lacks. */
  readonly missing?: readonly string[];
}

export interface ReportFinding {
  readonly policy: string;
  readonly control: string;
  readonly severity: Severity;
  readonly level: ReportLevel;
  readonly outcome: ReportOutcome;
  readonly code: string;
  /** The resource the finding is about: the server for server and stack policies, the carrier otherwise. */
  readonly target: string;
  readonly urn?: string;
  /** The Azure resource id of the target, when the input carried one. */
  readonly azureId?: string;
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
  readonly evidence: readonly ReportEvidence[];
  readonly waiver?: ReportWaiver;
  /**
   * For a finding about a carrier: the servers it configures (by the stack policies' correlation).
   * The finding is filed under them; a carrier tied to no server stays a target of its own.
   */
  readonly servers?: readonly ServerRef[];
}

export interface ServerRef {
  readonly name: string;
  readonly urn: string;
}

export interface ReportTarget {
  readonly name: string;
  readonly urn?: string;
  readonly file?: string;
  readonly line?: number;
  readonly status: TargetStatus;
}

export interface ReportSummary {
  /** Resources reported on: every evaluated target, compliant ones included. */
  readonly servers: number;
  readonly findings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byLevel: Readonly<Record<ReportLevel, number>>;
  readonly byOutcome: Readonly<Record<ReportOutcome, number>>;
  /** Findings at level mandatory: they block `pulumi preview` and can fail a scan. */
  readonly blocking: number;
  /** Findings under an active waiver. */
  readonly waived: number;
  /** Only in a report filtered by `newFindings`: findings left out because the baseline report has them. */
  readonly unchanged?: number;
}

export interface ReportInputs {
  readonly files: readonly string[];
  readonly skipped: readonly string[];
  readonly errors: readonly { readonly file: string; readonly message: string }[];
}

export interface ScanReport {
  readonly reportVersion: 1;
  readonly tool: { readonly name: typeof TOOL_NAME; readonly version: string };
  readonly baseline: { readonly version: string; readonly reviewed: string };
  readonly asOf: string;
  readonly summary: ReportSummary;
  readonly inputs: ReportInputs;
  readonly targets: readonly ReportTarget[];
  readonly findings: readonly ReportFinding[];
}

/** Where a resource was read from (the CLI's readers), by URN. */
export interface Origin {
  readonly file: string;
  readonly line?: number;
  readonly azureId?: string;
}

export interface ReportMeta {
  /** The tool's version. */
  readonly version: string;
  /** Evaluation date (yyyy-mm-dd). */
  readonly asOf: string;
  readonly inputs: ReportInputs;
  readonly origins?: ReadonlyMap<string, Origin>;
  /** Every resource evaluated, so that those without findings are reported compliant. */
  readonly targets?: readonly { readonly name: string; readonly urn: string }[];
  /** Carrier URN to the servers it configures: its findings are filed under those servers. */
  readonly serversOf?: ReadonlyMap<string, readonly ServerRef[]>;
}

/** Drops undefined fields, so that the JSON carries only what is known. */
function known<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function validLine(line: number | undefined): number | undefined {
  return typeof line === "number" && Number.isInteger(line) && line >= 1 ? line : undefined;
}

function reportEvidence(e: Evidence): ReportEvidence {
  return known({
    path: e.path,
    valueName: e.valueName,
    found: e.found,
    expected: e.expected,
    carrier: e.carrier,
    file: e.location?.file,
    line: validLine(e.location?.line),
  });
}

function reportWaiver(w: AppliedWaiver): ReportWaiver {
  return known({ status: w.status, source: w.source, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires, missing: w.missing ? [...w.missing] : undefined });
}

export function isWaived(f: Pick<ReportFinding, "waiver">): boolean {
  return f.waiver?.status === "active";
}

/**
 * Identity of a finding across scans: policy, code, target and the registry paths / property
 * paths and value names of its evidence. Not the message, whose wording (and waiver note) can change.
 */
export function findingIdentity(f: Pick<ReportFinding, "policy" | "code" | "target" | "evidence">): string {
  const places = [...new Set(f.evidence.map((e) => `${e.path ?? ""}\\${e.valueName ?? ""}`))].sort();
  return JSON.stringify([f.policy, f.code, f.target, places]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return compareText(a.target, b.target) || compareText(a.urn ?? "", b.urn ?? "") || severityRank(b.severity) - severityRank(a.severity) || compareText(a.policy, b.policy) || compareText(a.code, b.code) || compareText(findingIdentity(a), findingIdentity(b));
}

function targetKey(t: { readonly name: string; readonly urn?: string }): string {
  return t.urn ?? t.name;
}

/** The status of a target from its findings: worst first, and only an empty list is compliant. */
export function targetStatus(findings: readonly ReportFinding[]): TargetStatus {
  if (findings.some((f) => f.outcome === "violation" && !isWaived(f))) return "violation";
  if (findings.some((f) => f.outcome === "indeterminate")) return "indeterminate";
  return findings.length > 0 ? "waived" : "compliant";
}

function summarise(targets: readonly ReportTarget[], findings: readonly ReportFinding[]): ReportSummary {
  const tally = <K extends string>(keys: readonly K[], of: (f: ReportFinding) => K): Record<K, number> => {
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const f of findings) out[of(f)] += 1;
    return out;
  };
  return {
    servers: targets.length,
    findings: findings.length,
    bySeverity: tally(SEVERITIES, (f) => f.severity),
    byLevel: tally(["mandatory", "advisory"], (f) => f.level),
    byOutcome: tally(["violation", "indeterminate"], (f) => f.outcome),
    blocking: findings.filter((f) => f.level === "mandatory").length,
    waived: findings.filter(isWaived).length,
  };
}

/** Where a finding is filed: under the servers its carrier configures, else under its own target. */
function filedUnder(f: ReportFinding): { readonly name: string; readonly urn?: string }[] {
  return f.servers && f.servers.length > 0 ? [...f.servers] : [{ name: f.target, urn: f.urn }];
}

function findingsByTarget(findings: readonly ReportFinding[]): Map<string, ReportFinding[]> {
  const out = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    for (const t of filedUnder(f)) {
      const key = targetKey(t);
      out.set(key, [...(out.get(key) ?? []), f]);
    }
  }
  return out;
}

/**
 * Every target with its findings, in report order; a finding whose target the list lacks (a
 * hand-made findings file) gets an entry of its own, so no renderer drops a finding.
 */
export function targetsWithFindings(report: Pick<ScanReport, "targets" | "findings">): { target: ReportTarget; findings: ReportFinding[] }[] {
  const byTarget = findingsByTarget(report.findings);
  const out = report.targets.map((target) => ({ target, findings: byTarget.get(targetKey(target)) ?? [] }));
  const listed = new Set(report.targets.map(targetKey));
  for (const [key, findings] of byTarget) {
    const first = findings[0];
    if (listed.has(key) || !first) continue;
    const t = filedUnder(first).find((x) => targetKey(x) === key) ?? { name: first.target, urn: first.urn };
    out.push({ target: known({ name: t.name, urn: t.urn, status: targetStatus(findings) }), findings });
  }
  return out;
}

/**
 * Builds the report from the engine's diagnostics. A finding's file and line are those of its
 * first evidence read from a file (the script line), else where its resource was read from.
 */
export function buildReport(diagnostics: readonly Diagnostic[], meta: ReportMeta): ScanReport {
  const findings = diagnostics
    .map((d): ReportFinding => {
      const evidence = d.evidence.map(reportEvidence);
      const origin = meta.origins?.get(d.urn);
      const fromEvidence = evidence.find((e) => e.file !== undefined);
      const place = fromEvidence ? { file: fromEvidence.file, line: fromEvidence.line } : { file: origin?.file, line: validLine(origin?.line) };
      return known({
        policy: d.policy,
        control: d.control,
        severity: d.severity,
        level: d.level,
        outcome: d.outcome,
        code: d.code,
        target: d.resourceName,
        urn: d.urn,
        azureId: origin?.azureId,
        ...place,
        message: d.message,
        evidence,
        waiver: d.waiver ? reportWaiver(d.waiver) : undefined,
        servers: meta.serversOf?.get(d.urn)?.length ? [...(meta.serversOf.get(d.urn) ?? [])] : undefined,
      });
    })
    .sort(compareFindings);

  const byTarget = findingsByTarget(findings);
  // Carriers tied to servers are reported under those servers, not as targets of their own.
  const names = new Map<string, { name: string; urn?: string }>();
  for (const t of meta.targets ?? []) if (!meta.serversOf?.get(t.urn)?.length) names.set(targetKey(t), t);
  for (const f of findings) for (const t of filedUnder(f)) names.set(targetKey(t), t);
  const targets = [...names.entries()]
    .map(([key, t]): ReportTarget => {
      const origin = t.urn ? meta.origins?.get(t.urn) : undefined;
      return known({ name: t.name, urn: t.urn, file: origin?.file, line: validLine(origin?.line), status: targetStatus(byTarget.get(key) ?? []) });
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.urn ?? "", b.urn ?? ""));

  return {
    reportVersion: 1,
    tool: { name: TOOL_NAME, version: meta.version },
    baseline: { version: BASELINE_VERSION, reviewed: BASELINE_REVIEWED },
    asOf: meta.asOf,
    summary: summarise(targets, findings),
    inputs: { files: [...meta.inputs.files], skipped: [...meta.inputs.skipped], errors: meta.inputs.errors.map((e) => ({ file: e.file, message: e.message })) },
    targets,
    findings,
  };
}

let validator: ValidateFunction | undefined;

/** Reads a JSON report back (already JSON-parsed). Never throws: a document that is not a report gives `{ error }`. */
export function parseReport(json: unknown): ScanReport | { readonly error: string } {
  validator ??= new Ajv({ allErrors: true }).compile(REPORT_SCHEMA);
  if (validator(json)) return json as ScanReport;
  const problems = (validator.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "(document)"} ${e.message ?? "is invalid"}`);
  return { error: `not a ${TOOL_NAME} JSON report: ${problems.join("; ")}` };
}

/**
 * The findings of `current` that `baseline` does not have (same identity, counted: two equal
 * findings now against one before leave one new). Targets keep their full-scan status, so a server
 * with only known violations is not shown compliant; `summary.unchanged` counts what was left out.
 */
export function newFindings(current: ScanReport, baseline: Pick<ScanReport, "findings">): ScanReport {
  const inBaseline = new Map<string, number>();
  for (const f of baseline.findings) inBaseline.set(findingIdentity(f), (inBaseline.get(findingIdentity(f)) ?? 0) + 1);
  const fresh = current.findings.filter((f) => {
    const id = findingIdentity(f);
    const left = inBaseline.get(id) ?? 0;
    if (left === 0) return true;
    inBaseline.set(id, left - 1);
    return false;
  });
  return { ...current, summary: { ...summarise(current.targets, fresh), unchanged: current.findings.length - fresh.length }, findings: fresh };
}
