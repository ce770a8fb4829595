/**
 * The example estate (examples/fleet) run under Pulumi mocks, its registered resources fed to the
 * pack over the analyzer protocol exactly as the engine would send them (inputs as the program
 * serialized them, secrets still marked), and the exact set of outcomes checked.
 */
import * as pulumi from "@pulumi/pulumi";
import { type RegisterResourceRequest, type RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY_NAMES } from "../../src/rules/types.js";
import { outcomeLines, PROJECT, STACK, startPack, type PackDiagnostic, type PackHandle, type PackResource } from "../support/analyzer.js";

const ADMIN_PASSWORD = "Fleet-canary-7f3a9c1e-password";
const STORAGE_KEY = "ZXhhbXBsZS1zdG9yYWdlLWtleS1ub3QtcmVhbC1ub3QtcmVhbC1ub3QtcmVhbA==";
/** The evaluation date the expectations below are stated for (lifecycle dates move). */
const AS_OF = "2026-06-01";

/** The name Azure reports for a resource: the first of its name inputs, as the provider echoes it. */
const NAME_INPUTS = ["vmName", "vmScaleSetName", "machineName", "automationAccountName", "configurationName", "resourceGroupName"];

type Callback = (err: Error | null, resp?: RegisterResourceResponse) => void;
interface MonitorLike {
  registerResource(req: RegisterResourceRequest, callback: Callback): void;
}

/** Runs the program under mocks and returns every resource as the engine would describe it to the pack. */
async function registerFleet(): Promise<PackResource[]> {
  const registered: PackResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        const nameKey = NAME_INPUTS.find((k) => typeof inputs[k] === "string");
        return { id: `${args.name}-id`, state: { ...inputs, name: nameKey ? inputs[nameKey] : args.name } };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    PROJECT,
    STACK,
    false,
  );
  // The mocks hand newResource only type, name and inputs; the engine also knows the parent and the
  // dependencies, so read them from the raw registration request.
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (resp) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
        registered.push({
          type: req.getType(),
          name: req.getName(),
          urn: resp.getUrn(),
          props: req.getObject()?.toJavaScript() ?? {},
          parent: req.getParent(),
          dependencies: req.getDependenciesList(),
          propertyDependencies,
        });
      }
      callback(err, resp);
    });
  pulumi.runtime.setConfig(`${PROJECT}:adminPassword`, ADMIN_PASSWORD);
  await import("../../examples/fleet/index");
  await pulumi.runtime.disconnect();
  return registered;
}

/** What the comments in examples/fleet/index.ts promise, as `policy | resource | level`. */
const EXPECTED = [
  "mail-server-tls-baseline | mbx02 | mandatory",
  "schannel-protocols-consistent | mbx03-tls-baseline | mandatory",
  "schannel-legacy-protocols-disabled | mbx03-tls-baseline | advisory",
  "windows-server-supported | mbx04 | mandatory",
  "exchange-build-supported | mbx05 | mandatory",
  "windows-automatic-patching | mbx06 | mandatory",
  "windows-automatic-patching | mbx07 | advisory",
  "tls13-exchange-compatible | mbx08 | advisory",
  "windows-automatic-patching | relay-vmss | mandatory",
  "mail-server-tls-baseline | relay-vmss | mandatory",
  "extension-secrets-protected | util01-inventory | mandatory",
  "machine-configuration-min-tls | util01-audit-tls | mandatory",
].sort();

describe("examples/fleet through the policy pack", () => {
  let pack: PackHandle;
  let fleet: PackResource[];
  let lines: string[];
  let messages: string[];
  let diagnostics: PackDiagnostic[];

  beforeAll(async () => {
    [pack, fleet] = await Promise.all([startPack(), registerFleet()]);
    const perPolicy = { asOf: AS_OF };
    await pack.configure({
      ...Object.fromEntries(POLICY_NAMES.map((name) => [name, perPolicy])),
      // Exchange 2019 CU14 on mbx08 is accepted on its ESU build, so only its TLS 1.3 setting is at issue.
      "exchange-build-supported": { ...perPolicy, allowExtendedSecurityUpdates: true },
    });
    const perResource = await Promise.all(fleet.map((r) => pack.analyze(r)));
    const stack = await pack.analyzeStack(fleet);
    diagnostics = [...perResource.flatMap((r) => r.diagnostics), ...stack.diagnostics];
    lines = outcomeLines(diagnostics, fleet);
    messages = diagnostics.map((d) => d.message);
  });
  afterAll(async () => pack?.close());

  it("registers every resource of the estate, secrets still marked secret", () => {
    const names = fleet.map((r) => r.name);
    for (const n of ["mail-rg", "mbx01", "mbx01-tls-baseline", "edge-vmss", "relay-vmss", "arc-mail01", "arc-mail01-tls-baseline", "util01-inventory", "util01-audit-tls", "MailTlsBaseline"]) {
      expect(names).toContain(n);
    }
    const mbx01 = fleet.find((r) => r.name === "mbx01");
    expect(JSON.stringify(mbx01?.props)).toContain("4dabf18193072939515e22adb298388d");
    const runCommand = fleet.find((r) => r.name === "mbx01-tls-baseline");
    expect(runCommand?.propertyDependencies?.vmName).toEqual([mbx01?.urn]);
  });

  it("reports exactly the violations the example promises", () => {
    expect(lines).toEqual(EXPECTED);
  });

  it("names the resource in every message and never quotes a secret", () => {
    const unnamed = diagnostics
      .filter((d) => {
        const resource = fleet.find((r) => r.urn === d.urn);
        return !resource || !d.message.includes(resource.name);
      })
      .map((d) => `${d.policyName}: ${d.message.split("\n").pop() ?? ""}`);
    expect(unnamed).toEqual([]);
    for (const m of messages) {
      expect(m).not.toContain(ADMIN_PASSWORD);
      expect(m).not.toContain(STORAGE_KEY);
    }
    const { stdout, stderr } = pack.output();
    expect(stdout + stderr).not.toContain(ADMIN_PASSWORD);
    expect(stdout + stderr).not.toContain(STORAGE_KEY);
  });

  it("shows the waiver from the Azure tag with its reason and expiry", () => {
    const waived = messages.find((m) => m.includes("Journaling appliance patched by its vendor"));
    expect(waived).toContain("2026-12-31");
  });
});
