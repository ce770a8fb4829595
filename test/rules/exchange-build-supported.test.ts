import { describe, expect, it } from "vitest";
import { exchangeBuildSupported as rule } from "../../src/rules/policies/exchange-build-supported.js";
import { AS_OF, CANARY, TYPES, dscConfiguration, mailVm, runCommand, withProp } from "../fixtures/rules/estate.js";
import { outcomes, unknown, validateResource, type TestResource } from "../support/sdk.js";

const pass = mailVm();
const BUILD = "tags.exchange-build";
const exchInstall = (path: string): string =>
  ["Configuration Mail {", "  Import-DscResource -ModuleName ExchangeDsc", "  Node 'mx1' {", `    ExchInstall Ex { Path = '${path}'; Arguments = '/mode:Install /role:Mailbox /IAcceptExchangeServerLicenseTerms_DiagnosticDataON'; Credential = $cred }`, "  }", "}"].join("\n");

describe("exchange-build-supported", () => {
  it.each<[string, TestResource, Record<string, unknown>, string[]]>([
    ["pass: Exchange SE at the minimum security build", pass, {}, []],
    ["pass: a server without a build tag", withProp(pass, BUILD, undefined), {}, []],
    ["pass: 2019 CU15 ESU build with allowExtendedSecurityUpdates", withProp(pass, BUILD, "15.2.1748.43"), { allowExtendedSecurityUpdates: true }, []],
    ["pass: the build in a configured tag", withProp(withProp(pass, BUILD, undefined), "tags.exchange-version", "15.2.2562.41"), { buildTag: "exchange-version" }, []],
    ["pass: a tag on a server that is not a mail server is still evidence of Exchange", withProp(withProp(pass, "tags.role", undefined), BUILD, "15.2.2562.37"), {}, []],
    ["fail: 2019 CU15 after end of support", withProp(pass, BUILD, "15.2.1748.43"), {}, ["EXCHANGE_END_OF_SUPPORT violation mandatory"]],
    ["fail: SE RTM below the minimum security build", withProp(pass, BUILD, "15.2.2562.17"), {}, ["EXCHANGE_BELOW_MINIMUM_SECURITY_BUILD violation mandatory"]],
    ["fail: below a configured minimum build", pass, { minimumBuilds: { SE: "15.2.2562.41" } }, ["EXCHANGE_BELOW_CONFIGURED_MINIMUM violation mandatory"]],
    ["fail: Exchange 2013", withProp(pass, BUILD, "2013 CU23"), {}, ["EXCHANGE_END_OF_SUPPORT violation mandatory"]],
    ["fail: ExchangeDsc installs 2019 CU14 from a CU-named share", dscConfiguration("dsc-mail", exchInstall("\\\\fs01\\media\\ExchangeServer2019-x64-CU14\\Setup.exe")), {}, ["EXCHANGE_END_OF_SUPPORT violation mandatory"]],
    ["fail: the same with ESU allowed: the CU base build is below the ESU build", dscConfiguration("dsc-mail", exchInstall("\\\\fs01\\media\\ExchangeServer2019-x64-CU14\\Setup.exe")), { allowExtendedSecurityUpdates: true }, ["EXCHANGE_BELOW_MINIMUM_SECURITY_BUILD violation mandatory"]],
    ["unknown: the build tag during preview", withProp(pass, BUILD, unknown), {}, ["EXCHANGE_BUILD_TAG_UNKNOWN indeterminate advisory"]],
    ["unknown: a tag that names no build", withProp(pass, BUILD, "latest"), {}, ["EXCHANGE_BUILD_UNKNOWN indeterminate advisory"]],
    ["unknown: Setup.exe run from a path that names no version", runCommand("upgrade", "D:\\Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataON"), {}, ["EXCHANGE_BUILD_UNKNOWN indeterminate advisory"]],
    ["unknown: the SE CU named without a build", withProp(pass, BUILD, "Exchange SE RTM"), {}, ["EXCHANGE_SU_LEVEL_UNKNOWN indeterminate advisory"]],
  ])("%s", async (_name, resource, config, expected) => {
    expect(outcomes(await validateResource(rule, resource, { config: { asOf: AS_OF, ...config } }))).toEqual([...expected].sort());
  });

  it("applies to servers and carriers", () => {
    expect([TYPES.vm, TYPES.arc, TYPES.dscConfiguration, TYPES.runCommand, TYPES.storageAccount].map((t) => rule.appliesTo(t))).toEqual([true, true, true, true, false]);
  });

  it("names the build, where it was declared and what is expected", async () => {
    const [r] = await validateResource(rule, withProp(pass, BUILD, "15.2.2562.17"), { config: { asOf: AS_OF } });
    expect(r?.message).toContain("Exchange SE RTM (15.2.2562.17) is below the minimum security build 15.2.2562.37");
    expect(r?.message).toContain("tag exchange-build");
  });

  it("never quotes a tag value outside the build vocabulary", async () => {
    const reported = await validateResource(rule, withProp(pass, BUILD, CANARY), { config: { asOf: AS_OF } });
    expect(outcomes(reported)).toEqual(["EXCHANGE_BUILD_UNKNOWN indeterminate advisory"]);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
