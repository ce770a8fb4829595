import { describe, expect, it } from "vitest";
import { tls13ExchangeCompatible as rule } from "../../src/rules/policies/tls13-exchange-compatible.js";
import { BASELINE, CANARY, TYPES, dscConfiguration, mailVm, protocol, runCommand, script, withProp } from "../fixtures/rules/estate.js";
import { analyzeStackWithSdk, outcomes, secret, unknown, validateStack, type TestResource } from "../support/sdk.js";

/** Exchange 2019 CU14 (no TLS 1.3) on Windows Server 2022 (TLS 1.3 on by default). */
const mx1 = withProp(mailVm("mx1"), "tags.exchange-build", "15.2.1544.39");
const disabled = runCommand("tls", script([...BASELINE, ...protocol("TLS 1.3", "disabled")]), "mx1");
const notDisabled = runCommand("tls", script(BASELINE), "mx1");
const SKU = "storageProfile.imageReference.sku";
const arc = (osVersion: unknown): TestResource => ({
  type: TYPES.arc,
  name: "mx-arc",
  props: { machineName: "mx-arc", resourceGroupName: "rg-mail", tags: { role: "mailbox", "exchange-build": "15.1.2507.66" }, osName: "windows", osVersion, osSku: "Windows Server Datacenter" },
});
const arcNotDisabled = { ...runCommand("tls-arc", script(BASELINE), "mx-arc"), type: TYPES.arcRunCommand, props: { machineName: "mx-arc", resourceGroupName: "rg-mail", source: { script: script(BASELINE) } } };

describe("tls13-exchange-compatible", () => {
  it.each<[string, TestResource[], string[]]>([
    ["pass: TLS 1.3 explicitly disabled", [mx1, disabled], []],
    ["pass: Windows Server 2019 has no TLS 1.3", [withProp(mx1, SKU, "2019-datacenter-gensecond"), notDisabled], []],
    ["pass: Exchange SE supports TLS 1.3", [withProp(mx1, "tags.exchange-build", "15.2.2562.37"), notDisabled], []],
    ["pass: Exchange SE, whatever a URL-only carrier declares", [withProp(mx1, "tags.exchange-build", "15.2.2562.37"), withProp(notDisabled, "source", { scriptUri: "https://example.invalid/tls.ps1" })], []],
    ["pass: not a mail server", [withProp(mx1, "tags", {}), notDisabled], []],
    ["fail: TLS 1.3 not declared under Exchange 2019 CU14", [mx1, notDisabled], ["TLS13_NOT_DECLARED violation advisory"]],
    ["fail: no carrier at all", [mx1], ["TLS13_NOT_DECLARED violation advisory"]],
    ["fail: TLS 1.3 explicitly enabled", [mx1, runCommand("tls", script([...BASELINE, ...protocol("TLS 1.3", "enabled")]), "mx1")], Array(4).fill("TLS13_WRONG_VALUE violation advisory") as string[]],
    ["fail: an Arc machine on 2022 (OS build 20348) with Exchange 2016", [arc("10.0.20348.2227"), arcNotDisabled], ["TLS13_NOT_DECLARED violation advisory"]],
    ["fail: mail server by evidence: an ExchangeDsc install of 2016 CU23", [withProp(mx1, "tags", {}), dscConfiguration("dsc", "Configuration M { Import-DscResource -ModuleName ExchangeDsc\n Node 'mx1' { ExchInstall E { Path = '\\\\fs\\ExchangeServer2016-x64-CU23\\Setup.exe'; Arguments = '/mode:Install'; Credential = $c } } }")], ["TLS13_NOT_DECLARED violation advisory"]],
    ["unknown: no Exchange build declared", [withProp(mx1, "tags.exchange-build", undefined), notDisabled], ["TLS13_EXCHANGE_UNKNOWN indeterminate advisory"]],
    ["unknown: the Windows release cannot be told", [withProp(mx1, SKU, unknown), notDisabled], ["TLS13_WINDOWS_UNKNOWN indeterminate advisory"]],
    ["unknown: TLS 1.3 Server Enabled from a parameter", [mx1, runCommand("tls", `param($v)\n${script([...BASELINE, ...protocol("TLS 1.3", "disabled")]).replace(/(TLS 1\.3\\Server' -Name Enabled -Value )0/, "$1$v")}`, "mx1")], ["UNRESOLVED_DECLARATION indeterminate advisory"]],
    ["url: the only carrier lives at a URL", [mx1, withProp(notDisabled, "source", { scriptUri: "https://example.invalid/tls.ps1" })], ["CONTENT_ONLY_AT_URL indeterminate advisory"]],
  ])("%s", async (_name, resources, expected) => {
    expect(outcomes(await validateStack(rule, resources))).toEqual([...expected].sort());
  });

  it("reads the build from a configured tag", async () => {
    const tagged = withProp(withProp(mx1, "tags.exchange-build", undefined), "tags.exchange-version", "15.2.1544.39");
    expect(outcomes(await validateStack(rule, [tagged, notDisabled], { config: { buildTag: "exchange-version" } }))).toEqual(["TLS13_NOT_DECLARED violation advisory"]);
    expect(outcomes(await validateStack(rule, [tagged, notDisabled]))).toEqual(["TLS13_EXCHANGE_UNKNOWN indeterminate advisory"]);
  });

  it("reports on the server with the Exchange build and Windows release that make it matter", async () => {
    const [r] = await validateStack(rule, [mx1, notDisabled]);
    expect(r?.urn).toBe(mx1.urn);
    expect(r?.message).toContain("Exchange 2019 CU14 (15.2.1544.39) does not support TLS 1.3, which Windows Server 2022 enables when its key is absent");
  });

  it("through the SDK's analyzeStack handler: advisory by default, mandatory when configured so", async () => {
    const stack = [mx1, notDisabled];
    expect((await analyzeStackWithSdk([rule], stack)).map((d) => d.level)).toEqual(["advisory"]);
    expect((await analyzeStackWithSdk([rule], stack, { [rule.name]: "mandatory" })).map((d) => d.level)).toEqual(["mandatory"]);
  });

  it("never quotes secret-wrapped input", async () => {
    const reported = await validateStack(rule, [withProp(mx1, "tags.exchange-build", CANARY), runCommand("tls", secret(`# ${CANARY}\n${script(BASELINE)}`), "mx1")]);
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
