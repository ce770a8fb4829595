import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type ControlId, type Severity } from "../../baseline/controls.js";
import { type Diagnostic } from "../../rules/decide.js";
import { type Rule } from "../../rules/types.js";
import { describeFsError, InputFileError } from "../files.js";
import { asObject } from "./json-values.js";
import { nameFromUrn } from "./stack-export.js";

export interface EventLogResult {
  /** The pack's violations, with the catalogue's metadata (control, severity) joined in. */
  readonly diagnostics: Diagnostic[];
  /** Policy events of other packs, left out. */
  readonly otherPolicyEvents: number;
  /** Where each resource's first policy event is in the log, by URN. */
  readonly origins: ReadonlyMap<string, { readonly file: string; readonly line: number }>;
}

// Pulumi colour directives (`<{%fg 1%}>`, `<{%reset%}>`) and ANSI escapes, when the log kept them.
const COLOUR_DIRECTIVE = /<\{%[^%]*%\}>/g;
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;
const MESSAGE_CODE = /^\[([A-Z0-9_]+)\]\s*/;
const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

function primaryControl(rule: Rule): ControlId {
  const control = rule.controls[0];
  // The catalogue test guarantees a control per policy; a rule without one is a bug, not bad input.
  if (!control) throw new Error(`policy ${rule.name} names no control`);
  return control;
}

/**
 * The pack's message without what the engine adds: colour codes, and the policy description the
 * SDK puts on the first line of a plain `reportViolation` message.
 */
function packMessage(raw: string, rule: Rule): string {
  const plain = raw.replace(COLOUR_DIRECTIVE, "").replace(ANSI_ESCAPE, "").trim();
  return plain.startsWith(`${rule.description}\n`) ? plain.slice(rule.description.length + 1).trim() : plain;
}

/** One `policyEvent` of this pack as a diagnostic; undefined for another pack's event. */
export function policyEventDiagnostic(event: Record<string, unknown>, rules: readonly Rule[]): Diagnostic | undefined {
  const rule = rules.find((r) => r.name === event.policyName);
  if (!rule) return undefined;
  const message = packMessage(typeof event.message === "string" ? event.message : "", rule);
  const code = MESSAGE_CODE.exec(message)?.[1] ?? "POLICY_EVENT";
  const urn = typeof event.resourceUrn === "string" ? event.resourceUrn : "";
  const severity = SEVERITIES.find((s) => s === event.severity) ?? rule.severity;
  return {
    policy: rule.name,
    control: primaryControl(rule),
    severity,
    outcome: message.replace(MESSAGE_CODE, "").startsWith("Indeterminate:") ? "indeterminate" : "violation",
    code,
    // The engine says "mandatory", or "advisory" / "warning" for what does not block.
    level: event.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
    urn,
    resourceName: urn ? nameFromUrn(urn) : "(stack)",
    message,
    evidence: [],
  };
}

/**
 * Reads a Pulumi engine event log (`pulumi preview --event-log <file>`: one JSON engine event per
 * line) line by line, so a long log never sits in memory whole. A line that is not JSON makes the
 * file unreadable: a truncated log must not pass for a clean one.
 */
export async function readEventLog(file: string, rules: readonly Rule[]): Promise<EventLogResult> {
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<string, { file: string; line: number }>();
  let otherPolicyEvents = 0;
  let lineNumber = 0;
  const stream = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      if (line.includes("\u0000")) throw new InputFileError(file, "binary content, not an event log");
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        throw new InputFileError(file, `line ${lineNumber} is not a JSON engine event (truncated or not an event log)`);
      }
      const policyEvent = asObject(asObject(event)?.policyEvent);
      if (!policyEvent) continue;
      const diagnostic = policyEventDiagnostic(policyEvent, rules);
      if (!diagnostic) {
        otherPolicyEvents++;
        continue;
      }
      diagnostics.push(diagnostic);
      if (diagnostic.urn && !origins.has(diagnostic.urn)) origins.set(diagnostic.urn, { file, line: lineNumber });
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(file, describeFsError(error));
  } finally {
    lines.close();
    stream.destroy();
  }
  return { diagnostics, otherPolicyEvents, origins };
}
