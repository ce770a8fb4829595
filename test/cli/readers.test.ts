import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputFileError } from "../../src/cli/files.js";
import { readArmDocument, isArmDocument } from "../../src/cli/readers/arm.js";
import { readEventLog, policyEventDiagnostic } from "../../src/cli/readers/event-log.js";
import { readJsonInput } from "../../src/cli/readers/json-input.js";
import { scriptCarrier, SCRIPT_CARRIER_TYPE } from "../../src/cli/readers/powershell.js";
import { mergeInputsAndOutputs, nameFromUrn, readStackExport } from "../../src/cli/readers/stack-export.js";
import { RULES } from "../../src/rules/catalogue.js";
import { type ResourceInput } from "../../src/rules/types.js";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN } from "../../src/values.js";

const ESTATE = join(__dirname, "../../examples/estate");
const FIXTURES = join(__dirname, "../fixtures/cli");

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mtg-readers-"));
}

function byName(resources: readonly ResourceInput[], name: string): ResourceInput {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name} in ${resources.map((x) => x.name).join(", ")}`);
  return r;
}

function readJsonFixture(path: string): { doc: Record<string, unknown>; text: string } {
  const text = readFileSync(path, "utf8");
  return { doc: JSON.parse(text) as Record<string, unknown>, text };
}

describe("stack export reader", () => {
  const file = join(ESTATE, "stack-export.json");
  const { doc, text } = readJsonFixture(file);
  const resources = readStackExport(doc, file, text);

  it("keeps every resource but the pulumi: stack and providers, named after the URN", () => {
    const rawTypes = ((doc.deployment as { resources: { type: string }[] }).resources).map((r) => r.type);
    expect(resources).toHaveLength(rawTypes.filter((t) => !t.startsWith("pulumi:")).length);
    expect(resources.some((r) => r.type.startsWith("pulumi:"))).toBe(false);
    expect(byName(resources, "mx01").urn).toBe("urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx01");
  });

  it("merges outputs over inputs, keeps input-only keys, and turns an encrypted secret into an unknown", () => {
    const mx01 = byName(resources, "mx01");
    expect(mx01.props.vmName).toBe("mx01"); // input only
    expect(mx01.props.id).toMatch(/\/virtualMachines\/mx01$/); // output only
    expect((mx01.props.osProfile as Record<string, unknown>).adminPassword).toBeUndefined(); // outputs replace inputs at the top level
    expect(mx01.options.propertyDependencies?.resourceGroupName).toEqual(["urn:pulumi:prod::mail::azure-native:resources:ResourceGroup::mail-rg"]);
    expect(mx01.options.parent).toBe("urn:pulumi:prod::mail::pulumi:pulumi:Stack::mail-prod");
  });

  it("records the line of each resource's URN", () => {
    const mx03 = byName(resources, "mx03");
    const line = text.split("\n")[(mx03.origin?.line ?? 0) - 1];
    expect(line).toContain(`"urn": "${mx03.urn}"`);
    expect(mx03.origin?.file).toBe(file);
  });

  it.each([
    ["an encrypted secret", { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, ciphertext: "v1:abc" }, UNKNOWN],
    ["a secret shown with --show-secrets", { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, plaintext: '{"script":"x"}' }, { script: "x" }],
    ["a secret as the engine sends it", { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: 42 }, 42],
  ])("unwraps %s as a policy would see it", (_label, secret, expected) => {
    const exported = { version: 3, deployment: { resources: [{ urn: "urn:pulumi:s::p::azure-native:compute:VirtualMachine::vm", type: "azure-native:compute:VirtualMachine", inputs: { userData: secret } }] } };
    const [vm] = readStackExport(exported, "x.json", JSON.stringify(exported));
    expect(vm?.props.userData).toEqual(expected);
  });

  it("keeps an extension's handler type over the ARM resource type azure-native outputs under the same key", () => {
    expect(mergeInputsAndOutputs({ type: "DSC", publisher: "Microsoft.Powershell" }, { type: "Microsoft.Compute/virtualMachines/extensions", name: "dsc" })).toEqual({ type: "DSC", publisher: "Microsoft.Powershell", name: "dsc" });
  });

  it.each([
    [{ version: 2, deployment: { resources: [] } }, /version 2 is not supported \(expected 3/],
    [{ version: 3, deployment: "x" }, /no `deployment` object/],
    [{ version: 3, deployment: { resources: {} } }, /not a list/],
    [{ version: 3, deployment: { resources: [{ type: "t" }] } }, /resource #0 has no urn/],
  ])("rejects a malformed export with a message naming the file", (exported, message) => {
    expect(() => readStackExport(exported, "prod.json", JSON.stringify(exported))).toThrow(InputFileError);
    expect(() => readStackExport(exported, "prod.json", JSON.stringify(exported))).toThrow(message);
  });

  it("names resources after the last URN segment", () => {
    expect(nameFromUrn("urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx01")).toBe("mx01");
  });
});

describe("ARM reader", () => {
  const edgeFile = join(ESTATE, "arm/edge-servers.json");
  const edge = readJsonFixture(edgeFile);
  const edgeResources = readArmDocument(edge.doc, edgeFile, edge.text, "edge-servers.json");
  const arcFile = join(FIXTURES, "arc-and-scale-sets.json");
  const arc = readJsonFixture(arcFile);
  const arcResources = readArmDocument(arc.doc, arcFile, arc.text, "arc-and-scale-sets.json");

  it("maps machines and carriers to azure-native tokens and leaves other types out", () => {
    expect(edgeResources.map((r) => [r.name, r.type])).toEqual([
      ["edge01", "azure-native:compute:VirtualMachine"],
      ["edge01/Microsoft.Powershell.DSC", "azure-native:compute:VirtualMachineExtension"],
      ["edge01/Microsoft.GuestConfiguration/AuditSecureProtocol", "azure-native:guestconfiguration:GuestConfigurationAssignment"],
      ["edge02", "azure-native:compute:VirtualMachine"],
      ["edge02/tls-transition", "azure-native:compute:VirtualMachineRunCommandByVirtualMachine"],
    ]);
    expect(arcResources.map((r) => r.type)).toEqual([
      "azure-native:hybridcompute:Machine",
      "azure-native:hybridcompute:MachineExtension",
      "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment",
      "azure-native:compute:VirtualMachineScaleSet",
      "azure-native:compute:VirtualMachineScaleSetExtension",
    ]);
  });

  it("flattens properties the way azure-native does, with the name segments as arguments", () => {
    const vm = byName(edgeResources, "edge01");
    expect(vm.props.vmName).toBe("edge01");
    expect(vm.props.storageProfile).toMatchObject({ imageReference: { sku: "2022-datacenter-azure-edition" } });
    expect(vm.props.tags).toMatchObject({ role: "edge" });
    const ext = byName(edgeResources, "edge01/Microsoft.Powershell.DSC");
    expect(ext.props).toMatchObject({ vmName: "edge01", vmExtensionName: "Microsoft.Powershell.DSC", publisher: "Microsoft.Powershell", type: "DSC" });
    expect(ext.options.parent).toBe(vm.urn);
    expect(ext.options.dependencies).toEqual([vm.urn]);
  });

  it("keeps properties nested where azure-native does (Arc extensions, guest assignments) and reads the target from scope", () => {
    const ext = byName(arcResources, "onprem-mbx01/CustomScriptExtension");
    expect(ext.props).toMatchObject({ machineName: "onprem-mbx01", extensionName: "CustomScriptExtension", properties: { type: "CustomScriptExtension" } });
    expect(ext.options.dependencies).toEqual([byName(arcResources, "onprem-mbx01").urn]);
    const assignment = byName(arcResources, "SetSecureProtocol");
    expect(assignment.props).toMatchObject({ machineName: "onprem-mbx01", name: "SetSecureProtocol", properties: { guestConfiguration: { name: "SetSecureProtocol" } } });
  });

  it.each([
    ["a parameter", (rs: ResourceInput[]) => (byName(rs, "edge01").props.osProfile as Record<string, unknown>).adminPassword],
    ["a function call", (rs: ResourceInput[]) => byName(rs, "edge01").props.location],
    ["a parameter in a carrier's script", (rs: ResourceInput[]) => (byName(rs, "edge02/tls-transition").props.source as Record<string, unknown>).script],
  ])("turns %s into the preview-unknown sentinel", (_label, read) => {
    expect(read(edgeResources)).toBe(UNKNOWN);
  });

  it("marks name arguments unknown when the name is an expression, and unescapes [[", () => {
    const ext = arcResources.find((r) => r.type === "azure-native:compute:VirtualMachineScaleSetExtension");
    expect(ext?.props).toMatchObject({ vmScaleSetName: UNKNOWN, vmssExtensionName: "tls-baseline" });
    expect((ext?.props.settings as Record<string, unknown>).commandToExecute).toBe("[literal brackets] powershell.exe -File baseline.ps1");
    expect(ext?.options.parent).toBe(arcResources.find((r) => r.type === "azure-native:compute:VirtualMachineScaleSet")?.urn);
  });

  it("reads a resource list (az vm list) with names and resource group from the ids", () => {
    const file = join(FIXTURES, "vm-list.json");
    const list = readJsonFixture(file);
    expect(isArmDocument(list.doc)).toBe(true);
    const resources = readArmDocument(list.doc, file, list.text, "vm-list.json");
    expect(resources.map((r) => r.name)).toEqual(["mxdr01", "mxdr01/Microsoft.Powershell.DSC"]);
    expect(byName(resources, "mxdr01/Microsoft.Powershell.DSC").props).toMatchObject({ vmName: "mxdr01", resourceGroupName: "RG-MAIL-DR", type: "DSC" });
  });

  it("records the line of each resource's name", () => {
    const ext = byName(edgeResources, "edge02/tls-transition");
    expect(edge.text.split("\n")[(ext.origin?.line ?? 0) - 1]).toContain('"name": "edge02/tls-transition"');
  });
});

describe("JSON input dispatch", () => {
  it.each([
    ["stack-export.json", join(ESTATE, "stack-export.json"), "stackExport"],
    ["an ARM template", join(ESTATE, "arm/edge-servers.json"), "arm"],
    ["a policy pack config", join(ESTATE, "policy-pack-config.json"), "unrecognized"],
  ])("tells %s apart", async (_label, file, kind) => {
    expect((await readJsonInput(file)).kind).toBe(kind);
  });

  it.each([
    ['{"version": 3,\n  "deployment": ', /: invalid JSON \(it ends too early\)$/],
    ['{"a": 1,\n "b" 2}', /: invalid JSON at line 2, column 6$/],
    ['{"a": 1,\n "b": x}', /: invalid JSON$/],
  ])("names the place of a syntax error when the parser gives one, never quoting the text", async (content, message) => {
    const file = join(tempDir(), "broken.json");
    writeFileSync(file, content);
    await expect(readJsonInput(file)).rejects.toThrow(message);
  });
});

describe("script reader", () => {
  it("makes a DSC file an Automation DSC configuration carrying the text", () => {
    const file = join(ESTATE, "dsc/MailTlsBaseline.ps1");
    const text = readFileSync(file, "utf8");
    const carrier = scriptCarrier(file, text);
    expect(carrier).toMatchObject({ type: SCRIPT_CARRIER_TYPE, name: "MailTlsBaseline.ps1", props: { source: { type: "embeddedContent", value: text } }, origin: { file } });
  });
});

describe("event log reader", () => {
  const file = join(ESTATE, "events/preview.ndjson");

  it("joins this pack's policy events with the catalogue and leaves other packs' out", async () => {
    const log = await readEventLog(file, RULES);
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.includes('"policyEvent"'));
    const ours = lines.filter((l) => l.includes('"policyPackName":"mailflow-tls-guard"'));
    expect(log.diagnostics).toHaveLength(ours.length);
    expect(log.otherPolicyEvents).toBe(lines.length - ours.length);
    for (const d of log.diagnostics) {
      const rule = RULES.find((r) => r.name === d.policy);
      expect(d.control).toBe(rule?.controls[0]);
      expect(d.message).toMatch(/^\[[A-Z0-9_]+\] /);
      expect(d.message).not.toContain(rule?.description ?? "?");
      const origin = log.origins.get(d.urn);
      expect(readFileSync(file, "utf8").split("\n")[(origin?.line ?? 0) - 1]).toContain(`"resourceUrn":"${d.urn}"`);
    }
  });

  it.each([
    ["plain form with the description first", (desc: string) => `${desc}\n[TLS12_NOT_DECLARED] TLS 1.2 missing`, "mandatory", "violation", "mandatory"],
    ["object form, coloured", () => "<{%fg 3%}>[CONTENT_UNKNOWN] Indeterminate: unknown<{%reset%}>", "warning", "indeterminate", "advisory"],
    ["ANSI-coloured", () => "\u001b[33m[X_Y] waived\u001b[0m", "advisory", "violation", "advisory"],
  ])("reads the %s message", (_label, message, enforcementLevel, outcome, level) => {
    const rule = RULES[0];
    if (!rule) throw new Error("empty catalogue");
    const d = policyEventDiagnostic({ policyName: rule.name, message: message(rule.description), enforcementLevel, resourceUrn: "urn:pulumi:s::p::t::mx09" }, RULES);
    expect(d).toMatchObject({ outcome, level, resourceName: "mx09", severity: rule.severity });
    expect(d?.message).toMatch(/^\[[A-Z0-9_]+\] [^\n]*$/);
  });

  it.each([
    ["a truncated last line", '{"sequence":0,"timestamp":1,"preludeEvent":{}}\n{"sequence":1,"policyEv', /line 2 is not a JSON engine event/],
    ["binary content", "\u0000\u0001\u0002garbage", /binary content/],
  ])("rejects %s naming the file", async (_label, content, message) => {
    const path = join(tempDir(), "events.ndjson");
    writeFileSync(path, content);
    await expect(readEventLog(path, RULES)).rejects.toThrow(message);
    await expect(readEventLog(path, RULES)).rejects.toThrow(path);
  });

  it("rejects a folder given as an event log", async () => {
    const dir = tempDir();
    await expect(readEventLog(dir, RULES)).rejects.toThrow(new InputFileError(dir, "is a directory, not a file"));
  });
});
