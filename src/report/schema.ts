import { type JsonSchema } from "../rules/types.js";

/**
 * JSON schema of the JSON report (`docs/report-format.md`). `parseReport` checks documents against
 * it before the CLI's `--baseline` or the stack's `findingsFile` trust them. Objects accept extra
 * properties (a newer report read by an older tool), but every field the tools read is required
 * and typed.
 */
const text: JsonSchema = { type: "string" };
const count: JsonSchema = { type: "integer", minimum: 0 };
const line: JsonSchema = { type: "integer", minimum: 1 };
const isoDate: JsonSchema = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" };
const severity: JsonSchema = { enum: ["critical", "high", "medium", "low"] };
const level: JsonSchema = { enum: ["mandatory", "advisory"] };
const outcome: JsonSchema = { enum: ["violation", "indeterminate"] };

function countsOf(keys: readonly string[]): JsonSchema {
  return { type: "object", properties: Object.fromEntries(keys.map((k) => [k, count])), required: [...keys] };
}

const evidence: JsonSchema = {
  type: "object",
  properties: { path: text, valueName: text, found: text, expected: text, carrier: text, file: text, line },
};

const waiver: JsonSchema = {
  type: "object",
  properties: {
    status: { enum: ["active", "expired", "incomplete"] },
    source: { enum: ["config", "tag"] },
    reason: text,
    approvedBy: text,
    expires: text,
    missing: { type: "array", items: text },
  },
  required: ["status", "source"],
};

const finding: JsonSchema = {
  type: "object",
  properties: {
    policy: text,
    control: text,
    severity,
    level,
    outcome,
    code: text,
    target: text,
    urn: text,
    azureId: text,
    file: text,
    line,
    message: text,
    evidence: { type: "array", items: evidence },
    waiver,
    servers: { type: "array", items: { type: "object", properties: { name: text, urn: text }, required: ["name", "urn"] } },
  },
  required: ["policy", "control", "severity", "level", "outcome", "code", "target", "message", "evidence"],
};

const target: JsonSchema = {
  type: "object",
  properties: {
    name: text,
    urn: text,
    file: text,
    line,
    status: { enum: ["violation", "indeterminate", "waived", "compliant"] },
  },
  required: ["name", "status"],
};

export const REPORT_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    reportVersion: { const: 1 },
    tool: { type: "object", properties: { name: { const: "mailflow-tls-guard" }, version: text }, required: ["name", "version"] },
    baseline: { type: "object", properties: { version: text, reviewed: text }, required: ["version", "reviewed"] },
    asOf: isoDate,
    summary: {
      type: "object",
      properties: {
        servers: count,
        findings: count,
        bySeverity: countsOf(["critical", "high", "medium", "low"]),
        byLevel: countsOf(["mandatory", "advisory"]),
        byOutcome: countsOf(["violation", "indeterminate"]),
        blocking: count,
        waived: count,
        unchanged: count,
      },
      required: ["servers", "findings", "bySeverity", "byLevel", "byOutcome", "blocking", "waived"],
    },
    inputs: {
      type: "object",
      properties: {
        files: { type: "array", items: text },
        skipped: { type: "array", items: text },
        errors: { type: "array", items: { type: "object", properties: { file: text, message: text }, required: ["file", "message"] } },
      },
      required: ["files", "skipped", "errors"],
    },
    targets: { type: "array", items: target },
    findings: { type: "array", items: finding },
  },
  required: ["reportVersion", "tool", "baseline", "asOf", "summary", "inputs", "targets", "findings"],
};
