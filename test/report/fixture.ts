import { type ControlId, type Severity } from "../../src/baseline/controls.js";
import { type Evidence } from "../../src/evaluate/finding.js";
import { parseRuleConfig, type WaiverConfig } from "../../src/rules/config.js";
import { decide, type Diagnostic } from "../../src/rules/decide.js";
import { type PolicyName, type Rule, type RuleFinding } from "../../src/rules/types.js";
import { type WaiverSource } from "../../src/rules/waivers.js";
import { buildReport, type ScanReport } from "../../src/report/model.js";

/**
 * A realistic report: six servers of one estate, each in one situation (blocking and advisory
 * violations, compliant, indeterminate, waived, expired waiver, incomplete tag waiver). The
 * diagnostics come from the real `decide`, so levels and waiver notes are the engine's own.
 */

export const AS_OF = "2026-12-01";

function fakeRule(name: PolicyName, severity: Severity, enforcementLevel: "mandatory" | "advisory", control: ControlId, remediationSteps: string): Rule {
  return {
    kind: "resource",
    name,
    description: `Test description of ${name}.`,
    severity,
    enforcementLevel,
    controls: [control],
    remediationSteps,
    url: `https://example.test/policies/${name}`,
    ownConfig: {},
    appliesTo: () => false,
    evaluate: () => Promise.resolve([]),
  };
}

export const RULES_UNDER_TEST: readonly Rule[] = [
  fakeRule("schannel-tls12-enabled", "critical", "mandatory", "MTG-TLS12", "1. Set `Enabled=1` and `DisabledByDefault=0` under TLS 1.2 Client and Server.\n2. Restart the server."),
  fakeRule("schannel-legacy-protocols-disabled", "medium", "advisory", "MTG-LEGACY-PROTOCOLS", "Disable SSL 3.0, TLS 1.0 and TLS 1.1 on client and server."),
  fakeRule("dotnet-strong-crypto", "high", "mandatory", "MTG-DOTNET-STRONG-CRYPTO", "Set SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 in both hives."),
  fakeRule("windows-automatic-patching", "high", "mandatory", "MTG-PATCHING", "Use patchMode AutomaticByPlatform with assessmentMode AutomaticByPlatform."),
];

function rule(name: PolicyName): Rule {
  const found = RULES_UNDER_TEST.find((r) => r.name === name);
  if (!found) throw new Error(`no test rule ${name}`);
  return found;
}

export function urnOf(name: string): string {
  return `urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::${name}`;
}

const SCHANNEL = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";

export const WAIVERS: readonly WaiverConfig[] = [
  { policy: "schannel-tls12-enabled", resource: "mx04", reason: "Legacy relay decommissioned in Q2", approvedBy: "CISO office", expires: "2027-06-30" },
  { policy: "windows-automatic-patching", resource: "mx05", reason: "Vendor freeze during migration", approvedBy: "Change board", expires: "2026-01-31" },
];

interface Situation {
  readonly policy: PolicyName;
  readonly server: string;
  readonly outcome: "violation" | "indeterminate";
  readonly code: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
}

const SITUATIONS: readonly Situation[] = [
  {
    policy: "schannel-tls12-enabled",
    server: "mx01",
    outcome: "violation",
    code: "TLS12_DISABLED",
    message: `mx01-tls (DSC configuration) sets ${SCHANNEL}\\TLS 1.2\\Server Enabled to 0; expected 1.`,
    evidence: [{ path: `${SCHANNEL}\\TLS 1.2\\Server`, valueName: "Enabled", found: "0", expected: "1", carrier: "mx01-tls", location: { file: "dsc/mx01-tls.ps1", line: 14 } }],
  },
  {
    policy: "schannel-legacy-protocols-disabled",
    server: "mx01",
    outcome: "violation",
    code: "LEGACY_PROTOCOL_NOT_DISABLED",
    message: `mx01-tls (DSC configuration) does not disable TLS 1.0: ${SCHANNEL}\\TLS 1.0\\Server Enabled is not declared; expected 0.`,
    evidence: [{ path: `${SCHANNEL}\\TLS 1.0\\Server`, valueName: "Enabled", found: "(not declared)", expected: "0", carrier: "mx01-tls" }],
  },
  {
    policy: "dotnet-strong-crypto",
    server: "mx03",
    outcome: "indeterminate",
    code: "CONTENT_AT_URL",
    message: "mx03-cse (Custom Script Extension) runs a script that lives only at a URL; its .NET values cannot be read.",
    evidence: [{ path: "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", valueName: "SchUseStrongCrypto", carrier: "mx03-cse" }],
  },
  {
    policy: "schannel-tls12-enabled",
    server: "mx04",
    outcome: "violation",
    code: "TLS12_NOT_DECLARED",
    message: `mx04-run (run command) writes SCHANNEL values but not ${SCHANNEL}\\TLS 1.2\\Client Enabled; expected 1.`,
    evidence: [{ path: `${SCHANNEL}\\TLS 1.2\\Client`, valueName: "Enabled", found: "(not declared)", expected: "1", carrier: "mx04-run" }],
  },
  {
    policy: "windows-automatic-patching",
    server: "mx05",
    outcome: "violation",
    code: "PATCH_MODE_MANUAL",
    message: "mx05 has osProfile.windowsConfiguration.patchSettings.patchMode Manual; expected AutomaticByPlatform or AutomaticByOS.",
    evidence: [{ path: "osProfile.windowsConfiguration.patchSettings.patchMode", found: "Manual", expected: "AutomaticByPlatform" }],
  },
  {
    policy: "windows-automatic-patching",
    server: "mx06",
    outcome: "violation",
    code: "ASSESSMENT_MODE_IMAGE_DEFAULT",
    message: "mx06 has osProfile.windowsConfiguration.patchSettings.assessmentMode ImageDefault; expected AutomaticByPlatform.",
    evidence: [{ path: "osProfile.windowsConfiguration.patchSettings.assessmentMode", found: "ImageDefault", expected: "AutomaticByPlatform" }],
  },
];

/** mx06 carries a waiver tag without an expiry date: incomplete, so not applied. */
function tagWaivers(urn: string): WaiverSource[] {
  return urn === urnOf("mx06") ? [{ policy: "windows-automatic-patching", resource: "mx06", reason: "Pilot ring", approvedBy: "Ops lead", source: "tag" }] : [];
}

export function fixtureDiagnostics(situations: readonly Situation[] = SITUATIONS): Diagnostic[] {
  return situations.flatMap((s) => {
    const r = rule(s.policy);
    const { config } = parseRuleConfig(r, { asOf: AS_OF, waivers: WAIVERS }, AS_OF);
    const finding: RuleFinding = { code: s.code, control: r.controls[0] ?? "MTG-TLS12", severity: r.severity, outcome: s.outcome, message: s.message, evidence: s.evidence, urn: urnOf(s.server), resourceName: s.server };
    return decide(r, r.enforcementLevel, config, [finding], tagWaivers);
  });
}

export const SERVERS = ["mx01", "mx02", "mx03", "mx04", "mx05", "mx06"] as const;

export function fixtureReport(diagnostics: readonly Diagnostic[] = fixtureDiagnostics(), servers: readonly string[] = SERVERS): ScanReport {
  return buildReport(diagnostics, {
    version: "0.1.0",
    asOf: AS_OF,
    inputs: { files: ["exports/prod.json", "dsc/mx01-tls.ps1"], skipped: ["notes.txt"], errors: [{ file: "exports/broken.json", message: "not valid JSON (line 3)" }] },
    origins: new Map([
      [urnOf("mx01"), { file: "exports/prod.json", line: 120, azureId: "/subscriptions/0000/resourceGroups/mail/providers/Microsoft.Compute/virtualMachines/mx01" }],
      [urnOf("mx05"), { file: "exports/prod.json", line: 300 }],
    ]),
    targets: servers.map((name) => ({ name, urn: urnOf(name) })),
  });
}

/** A server whose name is hostile markup, with a violation carrying the same in its evidence. */
export const HOSTILE_NAME = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">|**bold**`;

export function hostileReport(): ScanReport {
  const diagnostics = fixtureDiagnostics([
    {
      policy: "schannel-tls12-enabled",
      server: HOSTILE_NAME,
      outcome: "violation",
      code: "TLS12_DISABLED",
      message: `${HOSTILE_NAME} sets TLS 1.2 Server Enabled to 0; expected 1.`,
      evidence: [{ path: `${SCHANNEL}\\TLS 1.2\\Server`, valueName: "Enabled", found: "0", expected: "1", carrier: HOSTILE_NAME, location: { file: `${HOSTILE_NAME}.ps1`, line: 3 } }],
    },
  ]);
  return fixtureReport(diagnostics, [HOSTILE_NAME, "mx02"]);
}
