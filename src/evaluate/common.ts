/**
 * What every evaluator shares: reading one registry value out of a state, formatting what was
 * found from the known vocabulary only, and building findings. Evaluators never format a value or
 * construct a `Finding` by hand, so messages read the same everywhere and never quote input.
 */
import { control, type ControlId, type Severity } from "../baseline/controls.js";
import { type DeclaredValue, type DeletedValue, type RegistryState } from "../registry/state.js";
import { type SourceLocation } from "../registry/types.js";
import { type Evidence, type Finding, type Outcome } from "./finding.js";

/** Who declared what is being judged: evidence and messages name the carrier. */
export interface EvaluationContext {
  /** The carrier (DSC configuration, extension, run command) by resource name. */
  readonly carrier?: string;
}

/** What a state says about one registry value. */
export type ValueReading =
  | { readonly kind: "dword"; readonly value: number; readonly declared: DeclaredValue }
  /** REG_SZ, REG_QWORD...: declared, but SCHANNEL and .NET read only DWORDs. */
  | { readonly kind: "not-dword"; readonly declared: DeclaredValue }
  /** Declared as a DWORD whose data cannot be read as a number: it cannot be told what it does. */
  | { readonly kind: "unreadable"; readonly declared: DeclaredValue }
  | { readonly kind: "deleted"; readonly deletion: DeletedValue }
  | { readonly kind: "absent" };

export const MAX_DWORD = 0xffffffff;

export function isDword(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= MAX_DWORD;
}

export function readValue(state: RegistryState, key: string, valueName: string): ValueReading {
  const declared = state.get(key, valueName);
  if (!declared) {
    const deletion = state.deletionOf(key, valueName);
    return deletion ? { kind: "deleted", deletion } : { kind: "absent" };
  }
  const data: unknown = declared.data;
  const type = typeof data === "object" && data !== null ? (data as { type?: unknown }).type : undefined;
  if (type === "dword") {
    const value = (data as { value?: unknown }).value;
    return isDword(value) ? { kind: "dword", value, declared } : { kind: "unreadable", declared };
  }
  if (type === "string" || type === "qword") return { kind: "not-dword", declared };
  return { kind: "unreadable", declared };
}

/** Decimal, with hex beside it where hex is how people write the value (0x800, 0xFFFFFFFF). */
export function formatDword(n: number): string {
  return n < 10 ? String(n) : `${n} (0x${n.toString(16).toUpperCase()})`;
}

/** `1`, `1 or 4294967295 (0xFFFFFFFF)`, `0, 1 or 4294967295 (0xFFFFFFFF)`. */
export function formatAccepted(accepted: readonly number[]): string {
  const words = accepted.map(formatDword);
  const last = words.pop();
  return words.length > 0 ? `${words.join(", ")} or ${last}` : (last ?? "");
}

/**
 * The found value in words from the vocabulary: a DWORD, `absent`, `deleted`, or a description of
 * data that is not a DWORD. Strings are quoted only when they are plain decimal numbers.
 */
export function describeReading(reading: ValueReading): string {
  switch (reading.kind) {
    case "dword":
      return formatDword(reading.value);
    case "absent":
      return "absent";
    case "deleted":
      return "deleted";
    case "unreadable":
      return "not a DWORD";
    case "not-dword":
      return describeNonDword(reading.declared);
  }
}

function describeNonDword(declared: DeclaredValue): string {
  const data = declared.data;
  if (data.type === "qword") return isDword(data.value) ? `a QWORD value ${formatDword(data.value)} (not a DWORD)` : "a QWORD value (not a DWORD)";
  if (data.type === "string") return typeof data.value === "string" && /^\d{1,10}$/.test(data.value) ? `a string value ${data.value} (not a DWORD)` : "a string value (not a DWORD)";
  return "not a DWORD";
}

export function locationOfReading(reading: ValueReading): SourceLocation | undefined {
  switch (reading.kind) {
    case "dword":
    case "not-dword":
    case "unreadable":
      return reading.declared.location;
    case "deleted":
      return reading.deletion.location;
    case "absent":
      return undefined;
  }
}

/** `dsc.ps1 line 12`, `line 12`, `dsc.ps1`, or undefined when nothing is known. */
export function formatLocation(location: SourceLocation | undefined): string | undefined {
  if (!location) return undefined;
  const line = typeof location.line === "number" && Number.isFinite(location.line) ? `line ${location.line}` : undefined;
  const file = typeof location.file === "string" && location.file.length > 0 ? location.file : undefined;
  if (file && line) return `${file} ${line}`;
  return file ?? line;
}

/** The parenthesised tail of a message: path, location, carrier, whichever are known. */
export function where(path: string | undefined, location: SourceLocation | undefined, ctx: EvaluationContext): string {
  const parts = [path, formatLocation(location), ctx.carrier === undefined ? undefined : `carrier ${ctx.carrier}`].filter((p): p is string => p !== undefined && p.length > 0);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

export interface FindingInput {
  readonly code: string;
  readonly control: ControlId;
  readonly outcome: Outcome;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Defaults to the control's severity. */
  readonly severity?: Severity;
}

export function makeFinding(input: FindingInput): Finding {
  return {
    code: input.code,
    control: input.control,
    severity: input.severity ?? control(input.control).severity,
    outcome: input.outcome,
    message: input.message,
    evidence: input.evidence,
  };
}

/** Evidence for one registry value, carrier attached. */
export function valueEvidence(key: string, valueName: string, reading: ValueReading, expected: string | undefined, ctx: EvaluationContext): Evidence {
  return withDefined({ path: key, valueName, found: describeReading(reading), expected, location: locationOfReading(reading), carrier: ctx.carrier });
}

/** Drops undefined members, so evidence compares and serialises cleanly. */
export function withDefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A calendar date `yyyy-mm-dd` that exists; ISO dates then compare as strings. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The finding every lifecycle evaluator returns when its evaluation date is not a date. */
export function invalidDateFinding(controlId: ControlId): Finding {
  return makeFinding({
    code: "EVALUATION_DATE_INVALID",
    control: controlId,
    outcome: "indeterminate",
    message: "The evaluation date (asOf) is not a yyyy-mm-dd calendar date, so support dates cannot be compared.",
    evidence: [{ path: "asOf", expected: "yyyy-mm-dd" }],
  });
}

// ---------------------------------------------------------------------------------------------
// Required DWORD values: one comparison serves TLS 1.2, legacy protocols, .NET and TLS 1.3.

/** One value a check requires, e.g. TLS 1.2 / Server / Enabled ∈ {1, 0xFFFFFFFF}. */
export interface ValueRequirement {
  /** The part of the subject this value belongs to: `Server`, `64-bit`. */
  readonly scope: string;
  readonly key: string;
  readonly valueName: string;
  readonly accepted: readonly number[];
}

/** Values judged together, e.g. the four TLS 1.2 values. */
export interface RequirementSet {
  /** `TLS 1.2`, `.NET Framework v4.0.30319`. */
  readonly subject: string;
  readonly values: readonly ValueRequirement[];
}

export interface RequirementOptions {
  /** Codes are `<prefix>_NOT_DECLARED`, `_DELETED`, `_WRONG_VALUE`, `_NOT_DWORD`, `_UNREADABLE`. */
  readonly codePrefix: string;
  readonly control: ControlId;
  /** Why the requirement applies here, when it is conditional (TLS 1.3). */
  readonly because?: string;
}

export type RequirementVerdict = "met" | "absent" | "deleted" | "wrong" | "not-dword" | "unreadable";

export function verdictOf(reading: ValueReading, accepted: readonly number[]): RequirementVerdict {
  switch (reading.kind) {
    case "dword":
      return accepted.includes(reading.value) ? "met" : "wrong";
    case "absent":
      return "absent";
    case "deleted":
      return "deleted";
    case "not-dword":
      return "not-dword";
    case "unreadable":
      return "unreadable";
  }
}

/**
 * Findings for a set of required values. Values not declared are reported together (one finding
 * per set), values removed together by one deletion are reported together (one finding per
 * deletion), and every declared value that is wrong gets its own finding.
 */
export function requirementFindings(state: RegistryState, set: RequirementSet, options: RequirementOptions, ctx: EvaluationContext): Finding[] {
  const because = options.because ? `: ${options.because}` : "";
  const judged = set.values.map((req) => {
    const reading = readValue(state, req.key, req.valueName);
    return { req, reading, verdict: verdictOf(reading, req.accepted) };
  });
  const label = (req: ValueRequirement): string => `${req.scope} ${req.valueName}`;
  const expectation = (req: ValueRequirement): string => `${label(req)}=${formatAccepted(req.accepted)}`;
  const evidence = (j: (typeof judged)[number]): Evidence => valueEvidence(j.req.key, j.req.valueName, j.reading, formatAccepted(j.req.accepted), ctx);

  const findings: Finding[] = [];
  const absent = judged.filter((j) => j.verdict === "absent");
  if (absent.length > 0) {
    const keys = [...new Set(absent.map((j) => j.req.key))].join("; ");
    findings.push(
      makeFinding({
        code: `${options.codePrefix}_NOT_DECLARED`,
        control: options.control,
        outcome: "violation",
        message: `${set.subject}: ${absent.map((j) => label(j.req)).join(", ")} not declared, expected ${absent.map((j) => expectation(j.req)).join(", ")}${because}${where(keys, undefined, ctx)}`,
        evidence: absent.map(evidence),
      }),
    );
  }

  const deletions = new Map<DeletedValue, typeof judged>();
  for (const j of judged) if (j.reading.kind === "deleted") deletions.set(j.reading.deletion, [...(deletions.get(j.reading.deletion) ?? []), j]);
  for (const [deletion, removed] of deletions) {
    const what = deletion.valueName === undefined ? "key removed" : "value removed";
    findings.push(
      makeFinding({
        code: `${options.codePrefix}_DELETED`,
        control: options.control,
        outcome: "violation",
        message: `${set.subject}: ${removed.map((j) => label(j.req)).join(", ")} deleted (${what}: falls back to the OS default), expected ${removed.map((j) => expectation(j.req)).join(", ")}${because}${where(deletion.key, deletion.location, ctx)}`,
        evidence: removed.map(evidence),
      }),
    );
  }

  for (const j of judged) {
    const suffix = j.verdict === "wrong" ? "WRONG_VALUE" : j.verdict === "not-dword" ? "NOT_DWORD" : j.verdict === "unreadable" ? "UNREADABLE" : undefined;
    if (!suffix) continue;
    findings.push(
      makeFinding({
        code: `${options.codePrefix}_${suffix}`,
        control: options.control,
        outcome: j.verdict === "unreadable" ? "indeterminate" : "violation",
        message: valueMessage(`${set.subject} ${j.req.scope}`, j.req.valueName, j.reading, formatAccepted(j.req.accepted), ctx, options.because),
        evidence: [evidence(j)],
      }),
    );
  }
  return findings;
}

/** `TLS 1.2 Server: Enabled is 0, expected 1 (HKLM\...\TLS 1.2\Server, line 12)`. */
export function valueMessage(subject: string, valueName: string, reading: ValueReading, expected: string, ctx: EvaluationContext, because?: string): string {
  const key = reading.kind === "dword" || reading.kind === "not-dword" || reading.kind === "unreadable" ? reading.declared.key : undefined;
  const found = reading.kind === "unreadable" ? "declared with data that cannot be read as a DWORD" : `is ${describeReading(reading)}`;
  return `${subject}: ${valueName} ${found}, expected ${expected}${because ? `: ${because}` : ""}${where(key, locationOfReading(reading), ctx)}`;
}
