/** `schannel-tls12-enabled`: TLS 1.2 explicitly enabled for SCHANNEL client and server (BASELINE.md §1). */
import { DOTNET_KEYS, DOTNET_VALUE_NAMES } from "../baseline/dotnet.js";
import { SCHANNEL_PROTOCOLS_KEY } from "../baseline/schannel.js";
import { type RegistryState } from "../registry/state.js";
import { makeFinding, requirementFindings, valueEvidence, where, type EvaluationContext } from "./common.js";
import { type Finding } from "./finding.js";
import { ACCEPT_ENABLED, declaredLocation, judgeProtocol, protocolRequirements, protocolRoot, touchesProtocol } from "./protocols.js";

const CONTROL = "MTG-TLS12";

/**
 * A carrier that declares any TLS 1.2 value, or deletes the TLS 1.2 key, declares all four
 * values enabled. A carrier that does not touch TLS 1.2 gets no finding here.
 */
export function checkTls12(state: RegistryState, ctx: EvaluationContext = {}): Finding[] {
  return touchesProtocol(state, "TLS 1.2") ? checkTls12Baseline(state, ctx) : [];
}

/**
 * The four TLS 1.2 values declared enabled, whether or not the state mentions TLS 1.2 (for
 * `mail-server-tls-baseline`, which requires them of every mail server). A TLS 1.2 that ends
 * disabled is one `TLS12_DISABLED` finding rather than one per value.
 */
export function checkTls12Baseline(state: RegistryState, ctx: EvaluationContext = {}): Finding[] {
  const judgement = judgeProtocol(state, "TLS 1.2");
  if (judgement.status === "disabled") {
    return [
      makeFinding({
        code: "TLS12_DISABLED",
        control: CONTROL,
        outcome: "violation",
        message: `TLS 1.2 is disabled on Client and Server: Exchange Online refuses older protocols, so mail flow fails; expected Enabled=1, DisabledByDefault=0 on both sides${where(protocolRoot("TLS 1.2"), declaredLocation(judgement), ctx)}`,
        evidence: judgement.values.map((v) => valueEvidence(v.key, v.valueName, v.reading, v.valueName === "Enabled" ? "1" : "0", ctx)),
      }),
    ];
  }
  return requirementFindings(state, protocolRequirements("TLS 1.2", ACCEPT_ENABLED), { codePrefix: "TLS12", control: CONTROL }, ctx);
}

/**
 * PRODUCT.md: a carrier "declares the TLS baseline" when it writes any SCHANNEL protocol value or
 * any .NET crypto value. Deleting one counts as well: a carrier that removes them manages them.
 */
export function declaresTlsBaseline(state: RegistryState): boolean {
  return (
    state.touches(SCHANNEL_PROTOCOLS_KEY) ||
    DOTNET_KEYS.some((k) => DOTNET_VALUE_NAMES.some((name) => state.get(k.key, name) !== undefined || state.deletionOf(k.key, name) !== undefined))
  );
}
