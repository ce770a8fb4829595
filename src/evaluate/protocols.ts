/**
 * How HealthChecker (microsoft/CSS-Exchange, Get-AllTlsSettingsFromRegistry) judges one SCHANNEL
 * protocol from its four values (BASELINE.md §3), and the `schannel-protocols-consistent` check.
 */
import {
  DEFINED_VALUES,
  ENABLED_VALUES,
  STATE_DISABLED,
  STATE_ENABLED,
  SCHANNEL_PROTOCOLS,
  SCHANNEL_PROTOCOLS_KEY,
  SCHANNEL_VALUE_NAMES,
  SIDES,
  schannelKey,
  schannelProtocol,
  type ProtocolId,
  type SchannelValueName,
  type Side,
} from "../baseline/schannel.js";
import { isUnderKey, sameKey } from "../registry/key.js";
import { type RegistryState } from "../registry/state.js";
import { type SourceLocation } from "../registry/types.js";
import { describeReading, formatAccepted, formatDword, makeFinding, readValue, valueEvidence, valueMessage, where, withDefined, type EvaluationContext, type RequirementSet, type ValueReading } from "./common.js";
import { type Finding } from "./finding.js";

export type ProtocolStatus =
  | "enabled"
  | "disabled"
  | "half-disabled"
  | "misconfigured"
  /** None of the four values is declared (or all were deleted): the OS default, which differs per release. */
  | "not-declared"
  /** A value is declared with data that is not a readable DWORD: what SCHANNEL makes of it cannot be told. */
  | "undetermined";

export interface ProtocolValue {
  readonly side: Side;
  readonly valueName: SchannelValueName;
  readonly key: string;
  readonly reading: ValueReading;
}

export interface ProtocolJudgement {
  readonly protocol: ProtocolId;
  /** Client Enabled, Client DisabledByDefault, Server Enabled, Server DisabledByDefault. */
  readonly values: readonly ProtocolValue[];
  readonly status: ProtocolStatus;
  /** All four values are declared as DWORDs, as the Exchange guidance and HealthChecker require. */
  readonly allExplicit: boolean;
}

/** `HKLM\...\SCHANNEL\Protocols\<P>`: the key whose Client and Server subkeys hold the values. */
export function protocolRoot(protocol: ProtocolId): string {
  return `${SCHANNEL_PROTOCOLS_KEY}\\${schannelProtocol(protocol).keyName}`;
}

/** True when the state writes or deletes anything under the protocol's key (or deletes a parent). */
export function touchesProtocol(state: RegistryState, protocol: ProtocolId): boolean {
  return state.touches(protocolRoot(protocol));
}

export function judgeProtocol(state: RegistryState, protocol: ProtocolId): ProtocolJudgement {
  const values: ProtocolValue[] = SIDES.flatMap((side) =>
    SCHANNEL_VALUE_NAMES.map((valueName) => {
      const key = schannelKey(protocol, side);
      return { side, valueName, key, reading: readValue(state, key, valueName) };
    }),
  );
  return { protocol, values, status: statusOf(protocol, values), allExplicit: values.every((v) => v.reading.kind === "dword") };
}

/** One side read the way HealthChecker reads it. */
interface SideReading {
  readonly enabled: boolean;
  readonly disabledByDefault: boolean;
  readonly disabledByDefaultPresent: boolean;
}

function statusOf(protocol: ProtocolId, values: readonly ProtocolValue[]): ProtocolStatus {
  if (values.some((v) => v.reading.kind === "not-dword" || v.reading.kind === "unreadable")) return "undetermined";
  if (values.every((v) => v.reading.kind !== "dword")) return "not-declared";
  // HealthChecker reads an absent Enabled as enabled, except for TLS 1.3, which older releases lack.
  const absentEnabledMeansEnabled = protocol !== "TLS 1.3";
  const side = (s: Side): SideReading => {
    const enabled = values.find((v) => v.side === s && v.valueName === "Enabled")?.reading;
    const dbd = values.find((v) => v.side === s && v.valueName === "DisabledByDefault")?.reading;
    return {
      enabled: enabled?.kind === "dword" ? enabled.value !== 0 : absentEnabledMeansEnabled,
      disabledByDefault: dbd?.kind === "dword" && dbd.value !== 0,
      disabledByDefaultPresent: dbd?.kind === "dword",
    };
  };
  const server = side("Server");
  const client = side("Client");
  if (server.enabled !== client.enabled || server.disabledByDefault !== client.disabledByDefault) return "misconfigured";
  // Client and server agree from here on, so the server side tells.
  if ((!server.enabled && !server.disabledByDefault && server.disabledByDefaultPresent) || (server.enabled && server.disabledByDefault)) return "half-disabled";
  if (!server.enabled) return "disabled";
  return "enabled";
}

const CONTROL = "MTG-PROTOCOL-STATE";

/**
 * `schannel-protocols-consistent`: every protocol the state touches ends enabled or disabled on
 * both sides, with DWORD data 0, 1 or 0xFFFFFFFF only; values written where SCHANNEL never reads
 * them (a misspelt protocol, side or value name) are reported too, since they do nothing.
 */
export function checkProtocolConsistency(state: RegistryState, ctx: EvaluationContext = {}): Finding[] {
  const findings: Finding[] = [];
  for (const p of SCHANNEL_PROTOCOLS) {
    if (!touchesProtocol(state, p.id)) continue;
    const judgement = judgeProtocol(state, p.id);
    const statusFinding = protocolStatusFinding(judgement, ctx);
    if (statusFinding) findings.push(statusFinding);
    for (const v of judgement.values) {
      const valueFinding = protocolValueFinding(p.id, v, ctx);
      if (valueFinding) findings.push(valueFinding);
    }
  }
  findings.push(...unrecognisedEntries(state, ctx));
  return findings;
}

function protocolStatusFinding(j: ProtocolJudgement, ctx: EvaluationContext): Finding | undefined {
  if (j.status !== "misconfigured" && j.status !== "half-disabled") return undefined;
  const found = j.values.map((v) => `${v.side} ${v.valueName}${valueText(v.reading)}`).join(", ");
  const problem = j.status === "misconfigured" ? "Client and Server disagree" : "is half disabled (Enabled and DisabledByDefault contradict each other)";
  return makeFinding({
    code: j.status === "misconfigured" ? "PROTOCOL_MISCONFIGURED" : "PROTOCOL_HALF_DISABLED",
    control: CONTROL,
    outcome: "violation",
    message: `${j.protocol} ${problem}: ${found}; expected Enabled=1, DisabledByDefault=0 (enabled) or Enabled=0, DisabledByDefault=1 (disabled) on both sides${where(protocolRoot(j.protocol), declaredLocation(j), ctx)}`,
    evidence: j.values.map((v) => valueEvidence(v.key, v.valueName, v.reading, v.valueName === "Enabled" ? "1 (enabled) or 0 (disabled), the same on Client and Server" : "0 (enabled) or 1 (disabled), the same on Client and Server", ctx)),
  });
}

function valueText(reading: ValueReading): string {
  return reading.kind === "dword" ? `=${formatDword(reading.value)}` : ` ${describeReading(reading)}`;
}

/** Where the protocol's first declared value sits: where a finding about the whole protocol points. */
export function declaredLocation(j: ProtocolJudgement): SourceLocation | undefined {
  for (const v of j.values) if (v.reading.kind === "dword") return v.reading.declared.location;
  return undefined;
}

function protocolValueFinding(protocol: ProtocolId, v: ProtocolValue, ctx: EvaluationContext): Finding | undefined {
  const expected = formatAccepted(DEFINED_VALUES);
  const subject = `${protocol} ${v.side}`;
  const base = { control: CONTROL, evidence: [valueEvidence(v.key, v.valueName, v.reading, expected, ctx)] } as const;
  switch (v.reading.kind) {
    case "dword":
      if (DEFINED_VALUES.includes(v.reading.value)) return undefined;
      return makeFinding({ ...base, code: "PROTOCOL_VALUE_UNDEFINED", outcome: "violation", message: valueMessage(subject, v.valueName, v.reading, expected, ctx, "SCHANNEL defines no other data") });
    case "not-dword":
      return makeFinding({ ...base, code: "PROTOCOL_VALUE_NOT_DWORD", outcome: "violation", message: valueMessage(subject, v.valueName, v.reading, `a DWORD ${expected}`, ctx) });
    case "unreadable":
      return makeFinding({ ...base, code: "PROTOCOL_VALUE_UNREADABLE", outcome: "indeterminate", message: valueMessage(subject, v.valueName, v.reading, `a DWORD ${expected}`, ctx) });
    case "absent":
    case "deleted":
      return undefined;
  }
}

/** Values under `Protocols\` that SCHANNEL never reads: not `<known protocol>\<Client|Server>\<Enabled|DisabledByDefault>`. */
function unrecognisedEntries(state: RegistryState, ctx: EvaluationContext): Finding[] {
  return state
    .entries()
    .filter((v) => isUnderKey(v.key, SCHANNEL_PROTOCOLS_KEY) && !isRecognisedEntry(v.key, v.valueName))
    .map((v) =>
      makeFinding({
        code: "PROTOCOL_ENTRY_UNRECOGNISED",
        control: CONTROL,
        outcome: "violation",
        message: `SCHANNEL never reads ${v.valueName} under this key, so it has no effect (a misspelt protocol, side or value name?); expected Enabled or DisabledByDefault under Protocols\\<protocol>\\Client or Server${where(v.key, v.location, ctx)}`,
        evidence: [withDefined({ path: v.key, valueName: v.valueName, expected: "Protocols\\<protocol>\\Client|Server, Enabled|DisabledByDefault", location: v.location, carrier: ctx.carrier })],
      }),
    );
}

function isRecognisedEntry(key: string, valueName: string): boolean {
  return SCHANNEL_PROTOCOLS.some((p) =>
    SIDES.some((side) => sameKey(schannelKey(p.id, side), key) && SCHANNEL_VALUE_NAMES.some((n) => n.toLowerCase() === valueName.toLowerCase())),
  );
}

/** The data a check accepts per value name: explicitly enabled or explicitly disabled (BASELINE.md §1). */
export type AcceptedState = Readonly<Record<SchannelValueName, readonly number[]>>;
export const ACCEPT_ENABLED: AcceptedState = { Enabled: ENABLED_VALUES, DisabledByDefault: [STATE_ENABLED.DisabledByDefault] };
export const ACCEPT_DISABLED: AcceptedState = { Enabled: [STATE_DISABLED.Enabled], DisabledByDefault: [STATE_DISABLED.DisabledByDefault] };

/** The four values of a protocol, each with the data `accepted` allows. */
export function protocolRequirements(protocol: ProtocolId, accepted: AcceptedState): RequirementSet {
  return {
    subject: protocol,
    values: SIDES.flatMap((side) => SCHANNEL_VALUE_NAMES.map((valueName) => ({ scope: side, key: schannelKey(protocol, side), valueName, accepted: accepted[valueName] }))),
  };
}
