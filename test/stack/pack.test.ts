// What the remediation stack deploys, fed to the policy pack over the analyzer protocol: every
// carrier it registers draws no violation, and `mail-server-tls-baseline` passes for the targets
// with the stack's carriers and fails without them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStackConfig, type Target } from "../../src/stack/config.js";
import { planStack, type PlannedResource } from "../../src/stack/plan.js";
import { secret, startPack, unknown, urnOf, type PackDiagnostic, type PackHandle, type PackResource } from "../support/analyzer.js";
import { merge, windowsVm } from "../support/resources.js";
import { rawStackConfig, stackNames } from "./stacks.js";

/** Plan values as the engine would send them during preview: ids unknown, secrets as secrets, assets as their text. */
function engineValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(engineValue);
  if (typeof v !== "object" || v === null) return v;
  if ("$ref" in v) return unknown();
  if ("$secretConfig" in v) return secret("sv=2025-01-05&sig=STACK-SAS-CANARY");
  if ("$text" in v) return (v as { $text: string }).$text;
  if ("$zip" in v) return unknown();
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, engineValue(x)]));
}

function packResource(r: PlannedResource): PackResource {
  return { type: r.type, name: r.name, props: engineValue(r.args) as Record<string, unknown> };
}

const SERVER_TYPES: Readonly<Record<Target["kind"], string>> = {
  vm: "azure-native:compute:VirtualMachine",
  vmss: "azure-native:compute:VirtualMachineScaleSet",
  arc: "azure-native:hybridcompute:Machine",
};

/** A compliant Exchange server of the target's kind, in the target's resource group. */
function server(t: Target): PackResource {
  const tags = { role: "exchange", "exchange-build": "15.2.2562.41" };
  if (t.kind === "arc") {
    return { type: SERVER_TYPES.arc, name: t.name, props: { resourceGroupName: t.resourceGroup, machineName: t.name, location: "northeurope", osType: "windows", osSku: "Windows Server 2022 Datacenter", osVersion: "10.0.20348", tags } };
  }
  const vm = windowsVm(t.name, { resourceGroupName: t.resourceGroup, tags });
  if (t.kind === "vm") return vm;
  return {
    type: SERVER_TYPES.vmss,
    name: t.name,
    props: merge(
      { resourceGroupName: t.resourceGroup, vmScaleSetName: t.name, location: "westeurope", tags, upgradePolicy: { mode: "Automatic", automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } } },
      { virtualMachineProfile: { storageProfile: vm.props.storageProfile, osProfile: merge(vm.props.osProfile as Record<string, unknown>, { windowsConfiguration: { enableAutomaticUpdates: false } }) } },
    ),
  };
}

const isViolation = (d: PackDiagnostic): boolean => !/^\[[A-Z0-9_]+\] Indeterminate: /.test(d.message.split("\n").pop() ?? "");

describe("the remediation stack's resources through the policy pack", () => {
  let pack: PackHandle;
  beforeAll(async () => {
    pack = await startPack();
    await pack.configure({});
  });
  afterAll(async () => {
    await pack.close();
  });

  // The one violation a stack may draw is the advisory legacy-protocol policy, and only where its
  // configuration leaves TLS 1.0/1.1 alone for a transition (disableLegacyProtocols: false).
  it.each(stackNames())("stacks/Pulumi.%s.yaml: no carrier draws a violation beyond what its configuration chose, and no message quotes the SAS token", async (stack) => {
    const config = parseStackConfig(rawStackConfig(stack));
    const diagnostics: PackDiagnostic[] = [];
    for (const r of planStack(config).resources) diagnostics.push(...(await pack.analyze(packResource(r))).diagnostics);
    const violations = diagnostics.filter(isViolation);
    const chosen = (d: PackDiagnostic): boolean => !config.remediation.disableLegacyProtocols && d.policyName === "schannel-legacy-protocols-disabled" && d.enforcementLevel === "advisory";
    expect(violations.filter((d) => !chosen(d)).map((d) => `${d.policyName}: ${d.message}`)).toEqual([]);
    expect(diagnostics.filter((d) => d.enforcementLevel === "mandatory")).toEqual([]);
    for (const d of diagnostics) expect(d.message).not.toContain("STACK-SAS-CANARY");
  });

  it("run commands with legacy protocols disabled are judged compliant outright: nothing indeterminate either", async () => {
    const config = parseStackConfig({ ...rawStackConfig("example"), disableLegacyProtocols: true });
    for (const r of planStack(config).resources) expect((await pack.analyze(packResource(r))).diagnostics).toEqual([]);
  });

  it("mail-server-tls-baseline passes for every target with the stack's carriers, and fails for each without them", async () => {
    const config = parseStackConfig(rawStackConfig("example"));
    const servers = config.targets.map(server);
    const carriers = planStack(config).resources.map(packResource);
    const baseline = (result: { diagnostics: readonly PackDiagnostic[] }): string[] =>
      result.diagnostics.filter((d) => d.policyName === "mail-server-tls-baseline").map((d) => d.urn ?? "").sort();
    expect(baseline(await pack.analyzeStack([...servers, ...carriers]))).toEqual([]);
    expect(baseline(await pack.analyzeStack(servers))).toEqual(servers.map((s) => urnOf(s.type, s.name)).sort());
  });
});
