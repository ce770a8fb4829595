/**
 * AnalyzeStack: carriers correlated to the mail servers they configure, with input-shaped
 * (preview) and output-shaped (after create) properties, through each link the engine provides:
 * propertyDependencies, Azure resource ids, names. Every case has a twin where the link points at
 * another server, so a correlation that always matches would fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FULL_BASELINE, tlsBaselineScript } from "../../examples/fleet/scripts.js";
import { POLICY_NAMES } from "../../src/rules/types.js";
import { outcomeLines, startPack, unknown, urnOf, type PackHandle, type PackResource } from "../support/analyzer.js";
import { baselineRunCommand, MAIL_TAGS, mailVm, VM, VM_RUN_COMMAND, vmId } from "../support/resources.js";

const mbx = mailVm("mbx");
const other = mailVm("mbx-b");
const otherCarrier = baselineRunCommand("mbx-b-tls", "mbx-b");
const MISSING = "mail-server-tls-baseline | mbx | mandatory";

/** A VM as its outputs look after create: `name` and `id`, no `vmName`. */
function outputVm(name: string): PackResource {
  const { vmName: _input, ...outputs } = mailVm(name).props;
  return { type: VM, name, props: { ...outputs, name, id: vmId(name) } };
}
/** A run command as its outputs look after create: only its own name and id point at the VM. */
function outputRunCommand(name: string, vmName: string): PackResource {
  return { type: VM_RUN_COMMAND, name, props: { name: "tls-baseline", id: `${vmId(vmName)}/runCommands/tls-baseline`, location: "westeurope", source: { script: tlsBaselineScript() } } };
}
function byPropertyDependency(name: string, target: PackResource): PackResource {
  return { ...baselineRunCommand(name, unknown()), propertyDependencies: { vmName: [urnOf(target.type, target.name)] }, dependencies: [urnOf(target.type, target.name)] };
}

const CASES: readonly (readonly [string, readonly PackResource[], readonly string[]])[] = [
  ["a mail server no carrier targets", [mbx, other, otherCarrier], [MISSING]],
  ["by name (input vmName)", [mbx, baselineRunCommand("mbx-tls", "mbx"), other, otherCarrier], []],
  ["by name, pointing at the other server", [mbx, baselineRunCommand("mbx-tls", "mbx-b"), other, otherCarrier], [MISSING]],
  ["by propertyDependencies while vmName is unknown", [mbx, byPropertyDependency("mbx-tls", mbx), other, otherCarrier], []],
  ["by propertyDependencies on the other server", [mbx, byPropertyDependency("mbx-tls", other), other, otherCarrier], [MISSING]],
  ["by Azure id (outputs)", [outputVm("mbx"), outputRunCommand("mbx-tls", "mbx"), outputVm("mbx-b"), outputRunCommand("mbx-b-tls", "mbx-b")], []],
  ["by Azure id of the other server (outputs)", [outputVm("mbx"), outputRunCommand("mbx-tls", "mbx-b"), outputVm("mbx-b"), outputRunCommand("mbx-b-tls", "mbx-b")], [MISSING]],
  [
    "two carriers in conflict over TLS 1.2",
    [mbx, baselineRunCommand("mbx-tls", "mbx"), baselineRunCommand("mbx-tls-off", "mbx", { ...FULL_BASELINE, protocols: { "TLS 1.2": "disabled" } }), other, otherCarrier],
    [MISSING],
  ],
  ["two carriers that together declare the baseline", [mbx, baselineRunCommand("mbx-schannel", "mbx", { ...FULL_BASELINE, dotnet: false }), baselineRunCommand("mbx-dotnet", "mbx", { protocols: {}, dotnet: true }), other, otherCarrier], []],
  // Conservative: a carrier that cannot be tied to any server does not count for one (never a false pass).
  ["a carrier whose target is unknown", [mbx, baselineRunCommand("mbx-tls", unknown()), other, otherCarrier], [MISSING]],
  [
    "Exchange 2019 CU14 on Server 2022 with TLS 1.3 left on",
    [mailVm("mbx", { tags: { ...MAIL_TAGS, "exchange-build": "15.2.1544.39" } }), baselineRunCommand("mbx-tls", "mbx"), other, otherCarrier],
    ["tls13-exchange-compatible | mbx | advisory"],
  ],
  [
    "Exchange 2019 CU14 on Server 2022 with TLS 1.3 disabled",
    [mailVm("mbx", { tags: { ...MAIL_TAGS, "exchange-build": "15.2.1544.39" } }), baselineRunCommand("mbx-tls", "mbx", { ...FULL_BASELINE, protocols: { ...FULL_BASELINE.protocols, "TLS 1.3": "disabled" } }), other, otherCarrier],
    [],
  ],
];

describe("AnalyzeStack", () => {
  let pack: PackHandle;
  beforeAll(async () => {
    pack = await startPack();
    await pack.configure(Object.fromEntries(POLICY_NAMES.map((n) => [n, { asOf: "2026-06-01" }])));
  });
  afterAll(async () => pack?.close());

  it.each(CASES)("%s", async (_case, resources, expected) => {
    const { diagnostics } = await pack.analyzeStack(resources);
    expect(outcomeLines(diagnostics, resources)).toEqual(expected);
  });

  it("names the carrier it could not tie to a server, and the server it misses", async () => {
    const { diagnostics } = await pack.analyzeStack([mbx, baselineRunCommand("mbx-tls-orphan", unknown()), other, otherCarrier]);
    expect(diagnostics.map((d) => d.message).join("\n")).toContain("mbx-tls-orphan");
    expect(diagnostics.map((d) => d.urn)).toEqual([urnOf(VM, "mbx")]);
  });
});
