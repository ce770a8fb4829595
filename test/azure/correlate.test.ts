import { describe, expect, it } from "vitest";
import { readCarrier, type TargetRef } from "../../src/azure/carrier.js";
import { classifyResource } from "../../src/azure/classify.js";
import { type CarrierRef, carrierRef, correlate, type ServerRef, serverRef } from "../../src/azure/correlate.js";
import { readServer } from "../../src/azure/server.js";
import { isCarrierKind, isServerKind } from "../../src/azure/types.js";
import { exportedResources } from "./fixtures.js";

const SUB = "/subscriptions/6f1c2b4e-0d3a-4c55-9e0e-2f7d8a1b3c4d";
const urn = (type: string, name: string): string => `urn:pulumi:prod::mail::${type}::${name}`;
const VM = "azure-native:compute:VirtualMachine";

function vm(name: string, azureName: string, rg: string, id?: string): ServerRef {
  return { urn: urn(VM, name), name, kind: "vm", azureName, resourceGroupName: rg, id };
}

const SERVERS: ServerRef[] = [
  vm("mbx01", "mbx01-vm", "rg-mail", `${SUB}/resourceGroups/rg-mail/providers/Microsoft.Compute/virtualMachines/mbx01-vm`),
  vm("mbx02", "mbx02", "rg-mail"),
  vm("mbx02-dr", "mbx02", "rg-mail-dr"),
  { urn: urn("azure-native:hybridcompute:Machine", "edge"), name: "edge", kind: "arcMachine", azureName: "edge-01", resourceGroupName: "rg-arc", id: undefined },
];

const target = (t: Partial<TargetRef>): TargetRef => ({ kind: "vm", property: "vmName", name: undefined, resourceGroupName: undefined, embedded: false, ...t });
const carrier = (t: Partial<TargetRef>, options: CarrierRef["options"] = {}, containerUrn?: string): CarrierRef => ({
  urn: urn("azure-native:compute:VirtualMachineExtension", "c"),
  name: "c",
  kind: "vmExtension",
  target: target(t),
  options,
  ...(containerUrn ? { containerUrn } : {}),
});
const UNKNOWN_NAME = { unknown: true, path: "vmName" } as const;

describe("correlate", () => {
  it.each([
    ["embedded in a scale set", carrier({}, {}, urn(VM, "mbx02")), "embedded", ["mbx02"]],
    ["propertyDependencies of vmName", carrier({ name: UNKNOWN_NAME }, { propertyDependencies: { vmName: [urn(VM, "mbx01")] } }), "propertyDependencies", ["mbx01"]],
    ["propertyDependencies win over a name that says otherwise", carrier({ name: "mbx02", resourceGroupName: "rg-mail" }, { propertyDependencies: { vmName: [urn(VM, "mbx01")] } }), "propertyDependencies", ["mbx01"]],
    ["resource id, compared case-insensitively", carrier({ resourceId: `${SUB.toUpperCase()}/resourcegroups/RG-MAIL/providers/microsoft.compute/virtualmachines/MBX01-VM` }), "resourceId", ["mbx01"]],
    ["vmName and resource group", carrier({ name: "MBX02", resourceGroupName: "rg-mail-dr" }), "name", ["mbx02-dr"]],
    ["vmName alone when only one server has it", carrier({ name: "mbx01-vm", resourceGroupName: { unknown: true, path: "resourceGroupName" } }), "name", ["mbx01"]],
    ["machineName of an Arc machine", carrier({ kind: "arcMachine", property: "machineName", name: "edge-01" }), "name", ["edge"]],
    ["the one server among the dependencies", carrier({ name: UNKNOWN_NAME }, { dependencies: [urn("azure-native:resources:ResourceGroup", "rg"), urn(VM, "mbx02")] }), "dependencies", ["mbx02"]],
    ["an ambiguous name falls through to dependencies", carrier({ name: "mbx02" }, { dependencies: [urn(VM, "mbx02-dr")] }), "dependencies", ["mbx02-dr"]],
    ["the parent", carrier({ name: UNKNOWN_NAME }, { parent: urn(VM, "mbx01") }), "parent", ["mbx01"]],
  ])("%s", (_, c, rule, names) => {
    const [result] = correlate([c], SERVERS);
    expect(result?.rule).toBe(rule);
    expect(result?.serverUrns).toEqual(names.map((n) => SERVERS.find((s) => s.name === n)?.urn));
  });

  it.each([
    ["an unknown name with no other evidence", carrier({ name: UNKNOWN_NAME }), "no server found for the carrier"],
    ["a name in another resource group", carrier({ name: "mbx01-vm", resourceGroupName: "rg-other" }), "no server found for the carrier"],
    ["a VM name that only an Arc machine has", carrier({ name: "edge-01" }), "no server found for the carrier"],
    ["a name two servers share", carrier({ name: "mbx02" }), "no server found for the carrier; vmName names 2 servers and the resource group does not tell them apart"],
    ["dependencies on two servers", carrier({}, { dependencies: [urn(VM, "mbx01"), urn(VM, "mbx02")] }), "no server found for the carrier"],
    ["propertyDependencies on something that is not a server", carrier({}, { propertyDependencies: { vmName: [urn("random:index:RandomString", "n")] } }), "no server found for the carrier"],
    ["a parent that is not a server", carrier({}, { parent: urn("pulumi:pulumi:Stack", "s") }), "no server found for the carrier"],
  ])("uncorrelated: %s", (_, c, detail) => {
    expect(correlate([c], SERVERS)).toEqual([{ carrierUrn: c.urn, serverUrns: [], rule: "uncorrelated", detail }]);
  });

  it("ties the carriers of a stack export to its servers", () => {
    const servers: ServerRef[] = [];
    const carriers: CarrierRef[] = [];
    for (const r of exportedResources()) {
      const kind = classifyResource(r.type);
      const name = r.urn.split("::").at(-1) ?? "";
      if (kind !== undefined && isServerKind(kind)) servers.push(serverRef(readServer(kind, name, r.outputs), r.urn));
      if (kind !== undefined && isCarrierKind(kind)) carriers.push(carrierRef(readCarrier(kind, name, r.outputs), r.urn, r));
    }
    const byName = (u: string): string => u.split("::").at(-1) ?? u;
    expect(correlate(carriers, servers).map((c) => [byName(c.carrierUrn), c.rule, c.serverUrns.map(byName)])).toEqual([
      ["mbx01-tls", "propertyDependencies", ["mbx01"]],
      ["edge-audit-tls", "resourceId", ["edge-onprem-01"]],
      ["edge-tls12", "resourceId", ["edge-onprem-01"]],
      ["tls-baseline-config", "uncorrelated", []],
    ]);
  });
});
