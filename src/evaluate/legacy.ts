/** `schannel-legacy-protocols-disabled` (BASELINE.md §1), with HealthChecker's .NET cross-check (§3). */
import { DOTNET_EXPECTED, DOTNET_VALUE_NAMES, dotNetKeys } from "../baseline/dotnet.js";
import { DEFAULT_LEGACY_PROTOCOLS, isProtocolId, type ProtocolId } from "../baseline/schannel.js";
import { type RegistryState } from "../registry/state.js";
import { makeFinding, readValue, requirementFindings, valueEvidence, where, type EvaluationContext } from "./common.js";
import { type Finding } from "./finding.js";
import { ACCEPT_DISABLED, declaredLocation, judgeProtocol, protocolRequirements, protocolRoot } from "./protocols.js";

const CONTROL = "MTG-LEGACY-PROTOCOLS";

export interface LegacyOptions extends EvaluationContext {
  /** The protocols to require disabled; DEFAULT_LEGACY_PROTOCOLS when not given. */
  readonly protocols?: readonly string[];
}

/**
 * Each listed protocol explicitly disabled on Client and Server (Enabled=0, DisabledByDefault=1),
 * plus the cross-check below. Callers decide applicability (a carrier that declares the TLS baseline).
 */
export function checkLegacyDisabled(state: RegistryState, ctx: LegacyOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const protocol of ctx.protocols ?? DEFAULT_LEGACY_PROTOCOLS) {
    if (!isProtocolId(protocol)) {
      findings.push(
        makeFinding({
          code: "LEGACY_PROTOCOL_UNRECOGNISED",
          control: CONTROL,
          outcome: "indeterminate",
          message: "The configured legacy-protocol list names a protocol SCHANNEL does not know, so it cannot be checked; expected one of SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1 (or another SCHANNEL protocol key name).",
          evidence: [{ path: "protocols", expected: "an SCHANNEL protocol key name" }],
        }),
      );
      continue;
    }
    findings.push(...requirementFindings(state, protocolRequirements(protocol, ACCEPT_DISABLED), { codePrefix: "LEGACY", control: CONTROL }, ctx));
  }
  findings.push(...checkDotNetReadyForLegacyDisable(state, ctx));
  return findings;
}

const CROSS_CHECKED: readonly ProtocolId[] = ["TLS 1.0", "TLS 1.1"];

/**
 * HealthChecker's cross-rule: with TLS 1.0 or 1.1 disabled, a .NET application that does not use
 * the OS defaults (SystemDefaultTlsVersions) or strong crypto offers only those protocols and can no
 * longer connect. It belongs to the legacy policy because disabling is what breaks; the .NET values
 * themselves are `dotnet-strong-crypto`'s. Absent counts as "not 1", as in HealthChecker.
 */
export function checkDotNetReadyForLegacyDisable(state: RegistryState, ctx: EvaluationContext = {}): Finding[] {
  const disabled = CROSS_CHECKED.map((p) => judgeProtocol(state, p)).filter((j) => j.status === "disabled");
  const first = disabled[0];
  if (!first) return [];
  const notOne = dotNetKeys(false)
    .flatMap((k) => DOTNET_VALUE_NAMES.map((valueName) => ({ k, valueName, reading: readValue(state, k.key, valueName) })))
    .filter((v) => !(v.reading.kind === "dword" && v.reading.value === DOTNET_EXPECTED));
  if (notOne.length === 0) return [];
  // Values that cannot be read leave the outcome open; any value that is plainly not 1 settles it.
  const outcome = notOne.every((v) => v.reading.kind === "unreadable") ? "indeterminate" : "violation";
  const protocols = disabled.map((j) => j.protocol).join(" and ");
  return [
    makeFinding({
      code: "LEGACY_DISABLED_DOTNET_NOT_READY",
      control: CONTROL,
      outcome,
      message: `${protocols} disabled while .NET Framework v4.0.30319 values are not 1 (${notOne.map((v) => `${v.k.view} ${v.valueName}`).join(", ")}): .NET applications that do not use the OS defaults lose their only protocols; expected SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 in both views${where(protocolRoot(first.protocol), declaredLocation(first), ctx)}`,
      evidence: notOne.map((v) => valueEvidence(v.k.key, v.valueName, v.reading, String(DOTNET_EXPECTED), ctx)),
    }),
  ];
}
