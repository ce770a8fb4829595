import { dotNetKeys } from "../../baseline/dotnet.js";
import { SOURCES } from "../../baseline/sources.js";
import { describeReading, makeFinding, readValue, valueEvidence, where } from "../../evaluate/common.js";
import { checkDotNet } from "../../evaluate/dotnet.js";
import { type Evidence, type Finding } from "../../evaluate/finding.js";
import { protocolRoot } from "../../evaluate/protocols.js";
import { checkTls12Baseline, declaresTlsBaseline } from "../../evaluate/tls12.js";
import { isUnderKey } from "../../registry/key.js";
import { type RegistryData } from "../../registry/types.js";
import { carriersContext, evaluateMailServers, mergedState, openFindings, TLS_BASELINE_ROOTS, withOpen, type CarrierAnalysis, type StackAnalysis } from "../analysis.js";
import { type StackRule } from "../types.js";
import { INCLUDE_V2_SCHEMA } from "./dotnet-strong-crypto.js";

const CONTROL = "MTG-TLS12";

function sameData(a: RegistryData, b: RegistryData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Baseline values two carriers both declare with different data: the result depends on which runs last. */
function conflictFindings(carriers: readonly CarrierAnalysis[]): Finding[] {
  const findings: Finding[] = [];
  carriers.forEach((a, i) => {
    for (const b of carriers.slice(i + 1)) {
      const differing = a.state
        .entries()
        .filter((v) => TLS_BASELINE_ROOTS.some((root) => isUnderKey(v.key, root)))
        .filter((v) => {
          const other = b.state.get(v.key, v.valueName);
          return other !== undefined && !sameData(v.data, other.data);
        });
      if (differing.length === 0) continue;
      const evidence: Evidence[] = differing.flatMap((v) => [a, b].map((c) => valueEvidence(v.key, v.valueName, readValue(c.state, v.key, v.valueName), "the same value in every carrier", { carrier: c.carrier.name })));
      const values = differing.map((v) => `${v.key}\\${v.valueName} is ${describeReading(readValue(a.state, v.key, v.valueName))} in ${a.carrier.name} and ${describeReading(readValue(b.state, v.key, v.valueName))} in ${b.carrier.name}`);
      findings.push(
        makeFinding({
          code: "BASELINE_CONFLICT",
          control: CONTROL,
          outcome: "violation",
          message: `Carriers ${a.carrier.name} and ${b.carrier.name} declare different TLS baseline values for this mail server, so the result depends on which runs last: ${values.join("; ")}; expected the same values (or one carrier declaring the baseline)`,
          evidence,
        }),
      );
    }
  });
  return findings;
}

function noCarrierFinding(carriers: readonly CarrierAnalysis[], stack: StackAnalysis): Finding {
  const targeting = carriers.length === 0 ? "no carrier targets it" : `${carriers.length} carrier(s) target it (${carriers.map((a) => a.carrier.name).join(", ")}), none writes SCHANNEL or .NET values`;
  const loose = stack.uncorrelated.filter((a) => declaresTlsBaseline(a.state)).map((a) => a.carrier.name);
  const hint = loose.length === 0 ? "" : `; carriers that declare it but could not be tied to a server: ${loose.join(", ")} (give their vmName / machineName a dependency on the server)`;
  return makeFinding({
    code: "BASELINE_NO_CARRIER",
    control: CONTROL,
    outcome: "violation",
    message: `No carrier declares the TLS baseline for this mail server: ${targeting}${hint}; expected a carrier declaring TLS 1.2 and .NET v4.0.30319 strong crypto${where(protocolRoot("TLS 1.2"), undefined, {})}`,
    evidence: [{ path: protocolRoot("TLS 1.2"), found: "not declared", expected: "TLS 1.2 Client and Server Enabled=1, DisabledByDefault=0; .NET SystemDefaultTlsVersions=1, SchUseStrongCrypto=1" }],
  });
}

export const mailServerTlsBaseline: StackRule = {
  kind: "stack",
  name: "mail-server-tls-baseline",
  description: "Every mail server has, across the carriers that target it, the full TLS 1.2 and .NET v4 baseline declared, without conflicts between carriers.",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [CONTROL, "MTG-DOTNET-STRONG-CRYPTO"],
  remediationSteps: [
    "Give every mail server one carrier that declares the whole baseline, tied to the server (its `vmName` / `machineName` taken from the server resource, so Pulumi records the dependency):",
    "",
    "- TLS 1.2 `Client` and `Server`: `Enabled` = 1, `DisabledByDefault` = 0;",
    "- .NET Framework `v4.0.30319` (64-bit and Wow6432Node): `SystemDefaultTlsVersions` = 1, `SchUseStrongCrypto` = 1.",
    "",
    "Deploy it with the remediation stack (`pulumi up` with the server as a target) or declare it in your own DSC configuration / run command; `mailflow-tls-guard render script|dsc` prints it. Where two carriers declare the same value differently, remove it from one of them.",
  ].join("\n"),
  url: SOURCES["exchange-tls-configuration"].url,
  ownConfig: { includeV2: INCLUDE_V2_SCHEMA },
  evaluate: (resources, config) =>
    evaluateMailServers(resources, config, CONTROL, ({ carriers }, stack) => {
      const includeV2 = config.own.includeV2 === true;
      const roots = [protocolRoot("TLS 1.2"), ...dotNetKeys(includeV2).map((k) => k.key)];
      const declaring = carriers.filter((a) => declaresTlsBaseline(a.state));
      if (declaring.length === 0) {
        const open = carriers.flatMap((a) => openFindings(a, CONTROL, TLS_BASELINE_ROOTS));
        return open.length > 0 ? open : [noCarrierFinding(carriers, stack)];
      }
      const merged = mergedState(declaring);
      const ctx = carriersContext(declaring);
      const findings = [...checkTls12Baseline(merged, ctx), ...checkDotNet(merged, { ...ctx, includeV2 }), ...conflictFindings(declaring)];
      return withOpen(findings, carriers.flatMap((a) => openFindings(a, CONTROL, roots)));
    }),
};
