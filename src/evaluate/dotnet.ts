/** `dotnet-strong-crypto` (BASELINE.md §2) and the WinHTTP `DefaultSecureProtocols` mask. */
import { DOTNET_EXPECTED, DOTNET_VALUE_NAMES, dotNetKeys, type DotNetVersion } from "../baseline/dotnet.js";
import { WINHTTP_KEYS, WINHTTP_PROTOCOL_BITS, WINHTTP_TLS12_ONLY, WINHTTP_VALUE_NAME } from "../baseline/winhttp.js";
import { type RegistryState } from "../registry/state.js";
import { formatDword, makeFinding, readValue, requirementFindings, valueEvidence, valueMessage, type EvaluationContext, type RequirementSet } from "./common.js";
import { type Finding } from "./finding.js";

export interface DotNetOptions extends EvaluationContext {
  /** Check v2.0.50727 too (recommended by the Exchange guidance, required only when configured). */
  readonly includeV2?: boolean;
}

/** Per .NET version, SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 in the 64-bit and 32-bit views. */
export function dotNetRequirements(includeV2: boolean): RequirementSet[] {
  const keys = dotNetKeys(includeV2);
  const versions = [...new Set(keys.map((k) => k.version))];
  return versions.map((version: DotNetVersion) => ({
    subject: `.NET Framework ${version}`,
    values: keys
      .filter((k) => k.version === version)
      .flatMap((k) => DOTNET_VALUE_NAMES.map((valueName) => ({ scope: k.view, key: k.key, valueName, accepted: [DOTNET_EXPECTED] }))),
  }));
}

/** Every .NET value set to 1. Callers decide applicability (a carrier that declares the TLS baseline). */
export function checkDotNet(state: RegistryState, ctx: DotNetOptions = {}): Finding[] {
  return dotNetRequirements(ctx.includeV2 === true).flatMap((set) => requirementFindings(state, set, { codePrefix: "DOTNET", control: "MTG-DOTNET-STRONG-CRYPTO" }, ctx));
}

const TLS12_BIT = WINHTTP_PROTOCOL_BITS["TLS 1.2"] ?? WINHTTP_TLS12_ONLY;

/**
 * A declared WinHTTP `DefaultSecureProtocols` includes the TLS 1.2 bit. Not declaring it is not a
 * finding: only Server 2012 R2 and older need it, and releases from 2016 on allow TLS 1.2 by default.
 */
export function checkWinHttp(state: RegistryState, ctx: EvaluationContext = {}): Finding[] {
  const findings: Finding[] = [];
  const expected = `a mask including ${formatDword(TLS12_BIT)} (TLS 1.2)`;
  for (const key of WINHTTP_KEYS) {
    const reading = readValue(state, key, WINHTTP_VALUE_NAME);
    const base = { control: "MTG-WINHTTP", evidence: [valueEvidence(key, WINHTTP_VALUE_NAME, reading, expected, ctx)] } as const;
    const message = valueMessage("WinHTTP", WINHTTP_VALUE_NAME, reading, expected, ctx);
    if (reading.kind === "dword" && (reading.value & TLS12_BIT) === 0) findings.push(makeFinding({ ...base, code: "WINHTTP_TLS12_MISSING", outcome: "violation", message }));
    if (reading.kind === "not-dword") findings.push(makeFinding({ ...base, code: "WINHTTP_NOT_DWORD", outcome: "violation", message }));
    if (reading.kind === "unreadable") findings.push(makeFinding({ ...base, code: "WINHTTP_UNREADABLE", outcome: "indeterminate", message }));
  }
  return findings;
}
