import { describe, expect, it } from "vitest";
import { RULES } from "../../src/rules/catalogue.js";
import { schannelTls12Enabled as rule } from "../../src/rules/policies/schannel-tls12-enabled.js";
import { BASELINE, CANARY, DOTNET_V4, DOTNET_V4_WOW, TYPES, change, customScript, dotnet, dscConfiguration, dscScript, mailVmss, protocol, runCommand, script, without } from "../fixtures/rules/estate.js";
import { analyzeWithSdk, outcomes, secret, unknown, validateResource, type TestResource } from "../support/sdk.js";

const pass = runCommand("tls-baseline", script(BASELINE));
const withScript = (text: unknown): TestResource => ({ ...pass, props: { ...pass.props, source: { script: text } } });

describe("schannel-tls12-enabled", () => {
  it.each<[string, TestResource, string[]]>([
    ["pass: all four TLS 1.2 values enabled, .NET declared", pass, []],
    ["pass: Enabled written as 0xFFFFFFFF", withScript(script(change(change(BASELINE, "TLS 1.2\\Server", "Enabled", "0xFFFFFFFF"), "TLS 1.2\\Client", "Enabled", "0xFFFFFFFF"))), []],
    ["pass: the carrier declares only .NET values, TLS 1.2 untouched", withScript(script(dotnet(DOTNET_V4, DOTNET_V4_WOW))), []],
    ["pass: the carrier declares nothing of the baseline", withScript("Install-WindowsFeature RSAT-ADDS"), []],
    ["fail: Server DisabledByDefault=1", withScript(script(change(BASELINE, "TLS 1.2\\Server", "DisabledByDefault", "1"))), ["TLS12_WRONG_VALUE violation mandatory"]],
    ["fail: TLS 1.2 disabled on both sides", withScript(script(protocol("TLS 1.2", "disabled"))), ["TLS12_DISABLED violation mandatory"]],
    ["unknown: Enabled written as text PowerShell cannot store as a DWORD", withScript(script(change(BASELINE, "TLS 1.2\\Client", "Enabled", "'yes'"))), ["TLS12_UNREADABLE indeterminate advisory"]],
    ["missing: the Client side not declared", withScript(script(without(BASELINE, "TLS 1.2\\Client"))), ["TLS12_NOT_DECLARED violation mandatory"]],
    ["unknown: the script is a preview unknown", withScript(unknown), ["CONTENT_UNKNOWN indeterminate advisory"]],
    ["unknown: Server Enabled comes from a parameter", withScript(`param($v)\n${script(change(BASELINE, "TLS 1.2\\Server", "Enabled", "$v"))}`), ["UNRESOLVED_DECLARATION indeterminate advisory"]],
    ["unknown: the script does not parse", withScript(`${script(BASELINE)}\nif ( {`), ["SCRIPT_PARSE_ERROR indeterminate advisory"]],
    ["url: the script lives only at a URL", { ...pass, props: { ...pass.props, source: { scriptUri: "https://example.blob.core.windows.net/s/tls.ps1" } } }, ["CONTENT_ONLY_AT_URL indeterminate advisory"]],
    ["secret: the script arrives secret-wrapped and is still read", withScript(secret(script(change(BASELINE, "TLS 1.2\\Server", "Enabled", "0")))), ["TLS12_WRONG_VALUE violation mandatory"]],
  ])("%s", async (_name, resource, expected) => {
    expect(outcomes(await validateResource(rule, resource))).toEqual([...expected].sort());
  });

  const bad = change(BASELINE, "TLS 1.2\\Server", "Enabled", "0");
  const commandLine = `powershell -ExecutionPolicy Bypass -Command "${script(bad).replace(/\n/g, "; ")}"`;
  it.each<[string, TestResource]>([
    ["Custom Script Extension command line", customScript("cse", { commandToExecute: commandLine })],
    ["scale set extensionProfile", mailVmss("edge", [{ name: "tls", properties: { publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", settings: { commandToExecute: commandLine } } }])],
    ["Automation DSC configuration", dscConfiguration("dsc", dscScript("mx1", bad))],
  ])("fail: reads the %s", async (_name, resource) => {
    expect(outcomes(await validateResource(rule, resource))).toEqual(["TLS12_WRONG_VALUE violation mandatory"]);
  });

  it("names the resource, carrier, key, value found and expected, and the script line", async () => {
    const [r] = await validateResource(rule, withScript(script(change(BASELINE, "TLS 1.2\\Server", "DisabledByDefault", "1"))));
    expect(r?.message).toContain("TLS 1.2 Server: DisabledByDefault is 1, expected 0");
    expect(r?.message).toContain("Protocols\\TLS 1.2\\Server");
    expect(r?.message).toContain("source.script line 4");
    expect(r?.message).toContain("carrier tls-baseline");
    expect(r?.urn).toBe(pass.urn);
  });

  it("skips resources that carry nothing without reading them", async () => {
    expect(rule.appliesTo(TYPES.storageAccount)).toBe(false);
    expect(rule.appliesTo(TYPES.vm)).toBe(false);
    expect(rule.appliesTo("azure-native:compute/v20240301:VirtualMachineRunCommandByVirtualMachine")).toBe(true);
    expect(await validateResource(rule, { type: TYPES.storageAccount, name: "sa", props: { source: { script: script(protocol("TLS 1.2", "disabled")) } } })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["indeterminate: mandatory blocks a URL-only carrier", { indeterminate: "mandatory" }, ["CONTENT_ONLY_AT_URL indeterminate mandatory"]],
    ["waiver: an active waiver turns the violation advisory", { waivers: [{ policy: rule.name, resource: "tls-url", reason: "migration", approvedBy: "ciso", expires: "2099-12-31" }] }, ["CONTENT_ONLY_AT_URL indeterminate advisory"]],
  ])("config %s", async (_name, config, expected) => {
    const urlOnly = runCommand("tls-url", undefined);
    const r = { ...urlOnly, props: { ...urlOnly.props, source: { scriptUri: "https://example.blob.core.windows.net/s/tls.ps1" } } };
    expect(outcomes(await validateResource(rule, r, { config }))).toEqual(expected);
  });

  it("waives a violation by configuration: advisory, object form, reason and expiry shown", async () => {
    const config = { waivers: [{ policy: rule.name, resource: "tls-*", reason: "change 42", approvedBy: "ciso", expires: "2099-12-31" }] };
    const reported = await validateResource(rule, withScript(script(protocol("TLS 1.2", "disabled"))), { config });
    expect(outcomes(reported)).toEqual(["TLS12_DISABLED violation advisory"]);
    expect(reported[0]?.form).toBe("object");
    expect(reported[0]?.message).toContain("Waived until 2099-12-31 (approved by ciso): change 42");
  });

  it("through the SDK's analyze handler: a violation is mandatory, an indeterminate advisory", async () => {
    const diagnostics = await analyzeWithSdk([rule], withScript(script(change(BASELINE, "TLS 1.2\\Server", "Enabled", "0"))));
    expect(diagnostics.map((d) => [d.policyName, d.level, d.urn])).toEqual([[rule.name, "mandatory", pass.urn]]);
    const open = await analyzeWithSdk(RULES, withScript(unknown));
    expect(open.filter((d) => d.policyName === rule.name).map((d) => d.level)).toEqual(["advisory"]);
  });

  it("never quotes secret-wrapped input", async () => {
    const text = `# ${CANARY}\n${script(change(BASELINE, "TLS 1.2\\Server", "Enabled", `'${CANARY}'`))}`;
    const reported = await validateResource(rule, withScript(secret(text)));
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
