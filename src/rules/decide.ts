import { type ControlId, type Severity } from "../baseline/controls.js";
import { type Evidence, type Outcome } from "../evaluate/finding.js";
import { type RuleConfig } from "./config.js";
import { type EnforcementLevel, type PolicyName, type Rule, type RuleFinding } from "./types.js";
import { type AppliedWaiver, findWaiver, type WaiverSource } from "./waivers.js";

/**
 * A finding as reported: the level it is reported at after the indeterminate setting and waivers,
 * and the final message. The pack turns it into a `reportViolation` call; the CLI into reports.
 */
export interface Diagnostic {
  readonly policy: PolicyName;
  readonly control: ControlId;
  readonly severity: Severity;
  readonly outcome: Outcome;
  readonly code: string;
  /** Level the diagnostic is reported at: `mandatory` blocks, `advisory` does not. */
  readonly level: "mandatory" | "advisory";
  readonly urn: string;
  readonly resourceName: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly waiver?: AppliedWaiver;
}

function configuredLevel(level: EnforcementLevel): "mandatory" | "advisory" {
  return level === "advisory" ? "advisory" : "mandatory";
}

function waiverNote(w: AppliedWaiver): string {
  const who = w.approvedBy ? `approved by ${w.approvedBy}` : "approver not given";
  switch (w.status) {
    case "active":
      return `Waived until ${w.expires ?? "?"} (${who}): ${w.reason ?? ""}`;
    case "expired":
      return `Waiver expired on ${w.expires ?? "?"} (${who}; reason was: ${w.reason ?? ""}); the violation applies again.`;
    case "incomplete":
      return `A waiver matches but is not applied: it lacks ${(w.missing ?? []).join(" and ")}.`;
  }
}

/**
 * Decides the reported level of each finding (PRODUCT.md rules of evaluation): violations at the
 * policy's level unless an active waiver turns them advisory; indeterminate at the configured
 * `indeterminate` level (never compliant). Waivers apply to violations only: an indeterminate
 * outcome is not a violation to waive.
 */
export function decide(
  rule: Rule,
  level: EnforcementLevel,
  config: RuleConfig,
  findings: readonly RuleFinding[],
  tagWaivers: (urn: string) => readonly WaiverSource[] = () => [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const base = {
      policy: rule.name,
      control: f.control,
      severity: f.severity,
      outcome: f.outcome,
      code: f.code,
      urn: f.urn,
      resourceName: f.resourceName,
      evidence: f.evidence,
    };
    if (f.outcome === "indeterminate") {
      out.push({ ...base, level: config.indeterminate, message: `[${f.code}] Indeterminate: ${f.resourceName}: ${f.message}` });
      continue;
    }
    const waivers: WaiverSource[] = [...config.waivers.map((w) => ({ ...w, source: "config" as const })), ...tagWaivers(f.urn)];
    const waiver = findWaiver(waivers, rule.name, f.urn, f.resourceName, config.asOf);
    const blocked = configuredLevel(level);
    // Every message names the resource it is about (the server for server and stack policies).
    const message = `[${f.code}] ${f.resourceName}: ${f.message}${waiver ? ` ${waiverNote(waiver)}` : ""}`;
    out.push({ ...base, level: waiver?.status === "active" ? "advisory" : blocked, message, ...(waiver ? { waiver } : {}) });
  }
  return out;
}
