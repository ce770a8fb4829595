import { describe, expect, it } from "vitest";
import { mailServerTlsBaseline as rule } from "../../src/rules/policies/mail-server-tls-baseline.js";
import { BASELINE, CANARY, DOTNET_V4, DOTNET_V4_WOW, change, dotnet, dscConfiguration, dscScript, linuxVm, mailVm, mailVmss, protocol, runCommand, script, without, withProp } from "../fixtures/rules/estate.js";
import { analyzeStackWithSdk, outcomes, secret, unknown, validateStack, type TestResource } from "../support/sdk.js";

const mx1 = mailVm("mx1");
const baseline = runCommand("tls-baseline", script(BASELINE), "mx1");
const tlsOnly = runCommand("tls-schannel", script(protocol("TLS 1.2", "enabled")), "mx1");
const dotnetOnly = runCommand("tls-dotnet", script(dotnet(DOTNET_V4, DOTNET_V4_WOW)), "mx1");
const urlOnly = withProp(runCommand("tls-url", undefined, "mx1"), "source", { scriptUri: "https://example.blob.core.windows.net/s/tls.ps1" });

describe("mail-server-tls-baseline", () => {
  it.each<[string, TestResource[], Record<string, unknown>, string[]]>([
    ["pass: one carrier declares the whole baseline", [mx1, baseline], {}, []],
    ["pass: the baseline split over two carriers", [mx1, tlsOnly, dotnetOnly], {}, []],
    ["pass: two carriers declaring the same values", [mx1, baseline, runCommand("tls-again", script(BASELINE), "mx1")], {}, []],
    ["pass: a scale set whose extensionProfile declares it", [mailVmss("edge", [{ name: "tls", properties: { publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", settings: { commandToExecute: `powershell -Command "${script(BASELINE).replace(/\n/g, "; ")}"` } } }])], {}, []],
    ["pass: a VM that is not a mail server needs nothing", [withProp(mx1, "tags", {})], {}, []],
    ["pass: a Linux relay is not a mail server here", [linuxVm()], {}, []],
    ["pass: tied by propertyDependencies while vmName is unknown", [mx1, { ...withProp(baseline, "vmName", unknown), propertyDependencies: { vmName: [mx1.urn as string] } }], {}, []],
    ["pass: tied by the Azure id in scope", [withProp(mx1, "id", "/subscriptions/s1/resourceGroups/rg-mail/providers/Microsoft.Compute/virtualMachines/mx1"), withProp(withProp(baseline, "vmName", undefined), "scope", "/subscriptions/s1/resourceGroups/rg-mail/providers/Microsoft.Compute/virtualMachines/mx1")], {}, []],
    ["pass: a DSC configuration tied by its Node name", [mx1, dscConfiguration("dsc-tls", dscScript("mx1", BASELINE))], {}, []],
    ["fail: no carrier at all", [mx1], {}, ["BASELINE_NO_CARRIER violation mandatory"]],
    ["fail: the only carrier declares something else", [mx1, runCommand("agent", "Set-TimeZone -Id 'UTC'", "mx1")], {}, ["BASELINE_NO_CARRIER violation mandatory"]],
    ["fail: the carrier targets another server", [mx1, runCommand("tls-baseline", script(BASELINE), "mx2")], {}, ["BASELINE_NO_CARRIER violation mandatory"]],
    ["fail: two carriers conflict on a .NET value", [mx1, baseline, runCommand("tls-legacy", script(change(dotnet(DOTNET_V4, DOTNET_V4_WOW), DOTNET_V4_WOW, "SchUseStrongCrypto", "0")), "mx1")], {}, ["BASELINE_CONFLICT violation mandatory", "DOTNET_WRONG_VALUE violation mandatory"]],
    ["fail: TLS 1.2 disabled", [mx1, runCommand("tls", script([...protocol("TLS 1.2", "disabled"), ...dotnet(DOTNET_V4, DOTNET_V4_WOW)]), "mx1")], {}, ["TLS12_DISABLED violation mandatory"]],
    ["missing: .NET values", [mx1, tlsOnly], {}, ["DOTNET_NOT_DECLARED violation mandatory"]],
    ["missing: the TLS 1.2 Client side", [mx1, runCommand("tls", script(without(BASELINE, "TLS 1.2\\Client")), "mx1")], {}, ["TLS12_NOT_DECLARED violation mandatory"]],
    ["missing: v2.0.50727 with includeV2", [mx1, baseline], { includeV2: true }, ["DOTNET_NOT_DECLARED violation mandatory"]],
    ["url: the only carrier's content is at a URL", [mx1, urlOnly], {}, ["CONTENT_ONLY_AT_URL indeterminate advisory"]],
    ["url: a URL carrier beside a complete one leaves the result open", [mx1, baseline, urlOnly], {}, ["CONTENT_ONLY_AT_URL indeterminate advisory"]],
    ["unknown: the server's tags are unknown", [withProp(withProp(mx1, "tags", unknown), "vmName", "srv7")], {}, ["MAIL_SERVER_SELECTION_UNKNOWN indeterminate advisory"]],
  ])("%s", async (_name, resources, config, expected) => {
    expect(outcomes(await validateStack(rule, resources, { config }))).toEqual([...expected].sort());
  });

  it("selects a mail server by evidence: a carrier that installs Exchange on it", async () => {
    const untagged = withProp(mx1, "tags", {});
    const install = runCommand("install", "\\\\fs01\\Exchange2016-CU23\\Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms", "mx1");
    expect(outcomes(await validateStack(rule, [untagged, install]))).toEqual(["BASELINE_NO_CARRIER violation mandatory"]);
  });

  it("reports on the server, naming both conflicting carriers", async () => {
    const other = runCommand("tls-legacy", script(change(BASELINE, DOTNET_V4_WOW, "SchUseStrongCrypto", "0")), "mx1");
    const reported = await validateStack(rule, [mx1, baseline, other]);
    const conflict = reported.find((r) => r.message.includes("BASELINE_CONFLICT"));
    expect(conflict?.urn).toBe(mx1.urn);
    expect(conflict?.message).toContain("Carriers tls-baseline and tls-legacy declare different TLS baseline values");
    expect(conflict?.message).toContain("SchUseStrongCrypto is 1 in tls-baseline and 0 in tls-legacy");
  });

  it("hints at carriers that declare the baseline but could not be tied to a server", async () => {
    const [r] = await validateStack(rule, [mx1, runCommand("tls-elsewhere", script(BASELINE), "mx9")]);
    expect(r?.message).toContain("carriers that declare it but could not be tied to a server: tls-elsewhere");
  });

  it("through the SDK's analyzeStack handler: mandatory on the server, advisory when the server's tag waives it", async () => {
    const diagnostics = await analyzeStackWithSdk([rule], [mx1, { ...baseline, props: { ...baseline.props, vmName: "mx9" } }]);
    expect(diagnostics.map((d) => [d.policyName, d.level, d.urn])).toEqual([[rule.name, "mandatory", mx1.urn]]);
    const waived = withProp(mx1, "tags.mailflow-tls-guard-waiver", `policy=${rule.name};reason=decommissioning;approver=ciso;expires=2099-12-31`);
    const after = await analyzeStackWithSdk([rule], [waived]);
    expect(after.map((d) => [d.policyName, d.level, d.urn])).toEqual([[rule.name, "advisory", mx1.urn]]);
    expect(after[0]?.message).toContain("Waived until 2099-12-31 (approved by ciso): decommissioning");
  });

  it("never quotes secret-wrapped input", async () => {
    const reported = await validateStack(rule, [mx1, runCommand("tls", secret(`# ${CANARY}\n${script(change(BASELINE, DOTNET_V4, "SchUseStrongCrypto", `'${CANARY}'`))}`), "mx1")]);
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });

  it("reads each stack afresh when anything in it changes, also right after the same stack (the correlation is reused only for equal content)", async () => {
    const copy = (rs: readonly TestResource[]): TestResource[] => structuredClone(rs) as TestResource[];
    const stack = [mx1, baseline];
    const retargeted = [mx1, withProp(baseline, "vmName", "mx2")];
    const weakened = [mx1, runCommand("tls-baseline", script(without(BASELINE, "TLS 1.2\\Client")), "mx1")];
    const sequence: [TestResource[], string[]][] = [
      [stack, []],
      [copy(stack), []],
      [retargeted, ["BASELINE_NO_CARRIER violation mandatory"]],
      [copy(stack), []],
      [weakened, ["TLS12_NOT_DECLARED violation mandatory"]],
      [stack, []],
      [[{ ...mx1, name: "mx1-renamed" }, baseline], []],
    ];
    for (const [resources, expected] of sequence) {
      const reported = await validateStack(rule, resources);
      expect(outcomes(reported)).toEqual(expected);
      // Findings are reported on this call's resources (re-attached by position when the correlation is reused).
      for (const r of reported) expect(r.urn).toBe(resources[0]?.urn);
    }
  });
});
