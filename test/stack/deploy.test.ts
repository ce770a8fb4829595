// The stack program under Pulumi's mocks (no CLI, no cloud): for every worked configuration in
// stacks/, the exact resources registered, their key arguments, and the outputs per target.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parseStackConfig } from "../../src/stack/config.js";
import { planStack } from "../../src/stack/plan.js";
import { PROJECT, rawStackConfig, stackNames } from "./stacks.js";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

beforeAll(() => {
  pulumi.runtime.setAllConfig({ [`${PROJECT}:scriptStorageSasToken`]: "sv=2024-01-01&sig=CANARY-SAS" }, [`${PROJECT}:scriptStorageSasToken`]);
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        return { id: `/mock/${args.type}/${args.name}`, state: inputs };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    PROJECT,
    "test",
    false,
  );
});

function output<T>(o: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

/** Deploys a worked configuration and waits until every resource is registered (the outputs depend on all of them). */
async function run(stack: string): Promise<{ targets: Record<string, unknown>[] }> {
  const { deploy } = await import("../../src/stack/index.js");
  registered.length = 0;
  const outputs = deploy(parseStackConfig(rawStackConfig(stack)), new pulumi.Config());
  const targets = (await output(outputs.targets as pulumi.Input<Record<string, unknown>[]>)) ?? [];
  return { targets };
}

/** The resources each worked configuration registers: `type name`, in order. */
const EXPECTED: Record<string, string[]> = {
  example: [
    "azure-native:compute:VirtualMachineRunCommandByVirtualMachine vm-rg-mail-prod-mx01-tls-baseline",
    "azure-native:compute:VirtualMachineRunCommandByVirtualMachine vm-rg-mail-prod-mx02-tls-baseline",
    "azure-native:hybridcompute:MachineRunCommand arc-rg-arc-onprem-exch-onprem-01-tls-baseline",
  ],
  customscript: [
    "azure-native:storage:Blob remediation-script",
    "azure-native:compute:VirtualMachineExtension vm-rg-mail-prod-mx03-tls-baseline",
    "azure-native:compute:VirtualMachineScaleSetExtension vmss-rg-mail-edge-vmss-edge-tls-baseline",
  ],
  dsc: [
    "azure-native:storage:Blob remediation-dsc-package",
    "azure-native:maintenance:MaintenanceConfiguration mailflow-tls-guard-patching",
    "azure-native:compute:VirtualMachineExtension vm-rg-mail-prod-mx04-tls-baseline",
    "azure-native:maintenance:ConfigurationAssignment vm-rg-mail-prod-mx04-patching",
  ],
  machineconfig: [
    "azure-native:maintenance:MaintenanceConfiguration mailflow-tls-guard-patching",
    "azure-native:guestconfiguration:GuestConfigurationAssignment vm-rg-mail-prod-mx05-tls-baseline",
    "azure-native:maintenance:ConfigurationAssignment vm-rg-mail-prod-mx05-patching",
    "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment arc-rg-arc-onprem-exch-onprem-02-tls-baseline",
    "azure-native:maintenance:ConfigurationAssignment arc-rg-arc-onprem-exch-onprem-02-patching",
  ],
};

describe("remediation stack under mocks", () => {
  it("every worked configuration has an expectation", () => {
    expect(stackNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))("stacks/Pulumi.%s.yaml registers exactly the expected resources", async (stack) => {
    const config = parseStackConfig(rawStackConfig(stack));
    const { targets } = await run(stack);
    // Registration is asynchronous: compare as sets.
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([...(EXPECTED[stack] ?? [])].sort());
    expect(targets).toHaveLength(config.targets.length);
    const plan = planStack(config);
    for (const t of targets) {
      expect(t.baselineVersion).toBe(plan.script.baselineVersion);
      expect((t.carrierIds as string[])[0]).toMatch(/^\/mock\/azure-native:/);
      expect(t.restartPending).toBe(config.remediation.restart !== "ifRequired");
    }
  });

  it("run commands carry the rendered script and never a restart when restart is never", async () => {
    const config = parseStackConfig(rawStackConfig("example"));
    await run("example");
    const plan = planStack(config);
    for (const r of registered) {
      const source = r.inputs.source as { script?: string };
      expect(source.script).toBe(plan.script.text);
      expect(source.script).not.toMatch(/Restart-Computer/);
      expect(r.inputs.tags).toMatchObject({ "mailflow-tls-guard-baseline": plan.script.baselineVersion });
    }
  });

  it("the DSC extension's SAS token goes to protectedSettings as a secret, never into settings", async () => {
    await run("dsc");
    const ext = registered.find((r) => r.type === "azure-native:compute:VirtualMachineExtension");
    expect(JSON.stringify(ext?.inputs.settings)).not.toContain("CANARY-SAS");
    expect(JSON.stringify(ext?.inputs.protectedSettings)).toContain("CANARY-SAS");
    const assignment = registered.find((r) => r.type === "azure-native:maintenance:ConfigurationAssignment");
    expect(assignment?.inputs.maintenanceConfigurationId).toBe("/mock/azure-native:maintenance:MaintenanceConfiguration/mailflow-tls-guard-patching");
  });
});
