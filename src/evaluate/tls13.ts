/**
 * `tls13-exchange-compatible` (BASELINE.md §4): on Windows Server 2022+ an absent TLS 1.3 key means
 * enabled, and Exchange older than 2019 CU15 / SE does not support it, so it must be disabled there.
 */
import { EXCHANGE_TLS_THRESHOLDS, buildAtLeast, findCu, parseBuild, productOfBuild } from "../baseline/exchange.js";
import { type WindowsRelease } from "../baseline/windows.js";
import { type ExchangeEvidence } from "../model/index.js";
import { type RegistryState } from "../registry/state.js";
import { makeFinding, requirementFindings, where, type EvaluationContext } from "./common.js";
import { describeExchange } from "./exchange.js";
import { type Finding } from "./finding.js";
import { ACCEPT_DISABLED, protocolRequirements, protocolRoot } from "./protocols.js";

const CONTROL = "MTG-TLS13-EXCHANGE";

export interface Tls13Input extends EvaluationContext {
  /** The registry state of the server (all its carriers merged). */
  readonly state: RegistryState;
  /** The server's Windows release, undefined when it cannot be told. */
  readonly windows: WindowsRelease | undefined;
  /** Every Exchange build or version declared for the server. */
  readonly exchange: readonly ExchangeEvidence[];
}

export type Tls13Support = "supported" | "unsupported" | "unknown";

/** Whether the Exchange the evidence names supports TLS 1.3 (2019 CU15 or later, SE). */
export function exchangeSupportsTls13(evidence: ExchangeEvidence): Tls13Support {
  const threshold = EXCHANGE_TLS_THRESHOLDS.tls13;
  if (typeof evidence.build === "string") {
    const build = parseBuild(evidence.build);
    const product = build && productOfBuild(build);
    if (!build || !product) return "unknown";
    return buildAtLeast(build, threshold) ? "supported" : "unsupported";
  }
  switch (evidence.product) {
    case "SE":
      return "supported";
    case "2013":
    case "2016":
      return "unsupported";
    case "2019": {
      const row = typeof evidence.cu === "string" ? findCu("2019", evidence.cu) : undefined;
      const base = row && parseBuild(row.baseBuild);
      return base ? (buildAtLeast(base, threshold) ? "supported" : "unsupported") : "unknown";
    }
    case undefined:
    default:
      return "unknown";
  }
}

export function checkTls13Compatibility(input: Tls13Input): Finding[] {
  const { state, windows, exchange } = input;
  const ctx: EvaluationContext = input.carrier === undefined ? {} : { carrier: input.carrier };
  const requirements = protocolRequirements("TLS 1.3", ACCEPT_DISABLED);
  // Explicitly disabled is compliant whatever the Windows release or Exchange build.
  if (requirementFindings(state, requirements, { codePrefix: "TLS13", control: CONTROL }, ctx).length === 0) return [];

  const indeterminate = (code: string, text: string): Finding[] => [
    makeFinding({ code, control: CONTROL, outcome: "indeterminate", message: `${text}; TLS 1.3 is not explicitly disabled${where(protocolRoot("TLS 1.3"), undefined, ctx)}`, evidence: [{ path: protocolRoot("TLS 1.3"), expected: "Enabled=0, DisabledByDefault=1 on Client and Server where Exchange does not support TLS 1.3", ...ctx }] }),
  ];
  if (!windows) return indeterminate("TLS13_WINDOWS_UNKNOWN", "The Windows release cannot be told, so whether TLS 1.3 is on by default cannot be told");
  if (!windows.tls13ByDefault) return [];

  const verdicts = exchange.map((e) => ({ e, support: exchangeSupportsTls13(e) }));
  const unsupported = verdicts.find((v) => v.support === "unsupported");
  if (unsupported) {
    const because = `${describeExchange(unsupported.e)} does not support TLS 1.3, which Windows Server ${windows.version} enables when its key is absent`;
    return requirementFindings(state, requirements, { codePrefix: "TLS13", control: CONTROL, because }, ctx);
  }
  if (verdicts.length === 0 || verdicts.some((v) => v.support === "unknown")) {
    return indeterminate("TLS13_EXCHANGE_UNKNOWN", `The Exchange build on this Windows Server ${windows.version} server cannot be told, so whether it supports TLS 1.3 cannot be told`);
  }
  return [];
}
