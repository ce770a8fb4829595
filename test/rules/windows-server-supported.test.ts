import { describe, expect, it } from "vitest";
import { windowsServerSupported as rule } from "../../src/rules/policies/windows-server-supported.js";
import { AS_OF, CANARY, TYPES, linuxVm, mailVm, mailVmss, runCommand, withProp } from "../fixtures/rules/estate.js";
import { outcomes, secret, unknown, validateResource, type TestResource } from "../support/sdk.js";

const pass = mailVm();
const SKU = "storageProfile.imageReference.sku";
const plainVm = withProp(pass, "tags", { env: "prod" });

describe("windows-server-supported", () => {
  it.each<[string, TestResource, Record<string, unknown>, string[]]>([
    ["pass: Windows Server 2022 mail server", pass, {}, []],
    ["pass: 2016 is the default minimum and in support", withProp(pass, SKU, "2016-Datacenter"), {}, []],
    ["pass: the release told from the image version", withProp(withProp(pass, SKU, undefined), "storageProfile.imageReference.version", "20348.2340.240303"), {}, []],
    ["pass: a scale set on 2022", mailVmss(), {}, []],
    ["pass: not a mail server (default scope)", withProp(plainVm, SKU, "2012-R2-Datacenter"), {}, []],
    ["pass: a Linux relay even with scope all-windows", linuxVm(), { scope: "all-windows" }, []],
    ["fail: 2012 R2 is below the minimum and past end of support", withProp(pass, SKU, "2012-R2-Datacenter"), {}, ["WINDOWS_BELOW_MINIMUM violation mandatory", "WINDOWS_END_OF_SUPPORT violation mandatory"]],
    ["fail: 2016 below a configured minimum of 2019", withProp(pass, SKU, "2016-Datacenter"), { minimumVersion: "2019" }, ["WINDOWS_BELOW_MINIMUM violation mandatory"]],
    ["fail: 2016 evaluated after its end of support", withProp(pass, SKU, "2016-Datacenter"), { asOf: "2027-02-01" }, ["WINDOWS_END_OF_SUPPORT violation mandatory"]],
    ["fail: scope all-windows judges every Windows VM", withProp(plainVm, SKU, "2012-R2-Datacenter"), { scope: "all-windows" }, ["WINDOWS_BELOW_MINIMUM violation mandatory", "WINDOWS_END_OF_SUPPORT violation mandatory"]],
    ["fail: a mail server selected by name pattern", withProp(plainVm, SKU, "2008-R2-SP1"), { mailServers: { namePatterns: ["mx*"] } }, ["WINDOWS_BELOW_MINIMUM violation mandatory", "WINDOWS_END_OF_SUPPORT violation mandatory"]],
    ["unknown: the SKU is a preview unknown", withProp(pass, SKU, unknown), {}, ["WINDOWS_RELEASE_UNKNOWN indeterminate advisory"]],
    ["unknown: a gallery image id", withProp(pass, "storageProfile.imageReference", { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/exchange/versions/1.0.0" }), {}, ["WINDOWS_RELEASE_UNKNOWN indeterminate advisory"]],
    ["unknown: an unrecognised SKU", withProp(pass, SKU, "exchange-golden"), {}, ["WINDOWS_RELEASE_UNKNOWN indeterminate advisory"]],
    ["unknown: tags unknown, so whether it is a mail server cannot be told", withProp(plainVm, "tags", unknown), {}, ["MAIL_SERVER_SELECTION_UNKNOWN indeterminate advisory"]],
  ])("%s", async (_name, resource, config, expected) => {
    expect(outcomes(await validateResource(rule, resource, { config: { asOf: AS_OF, ...config } }))).toEqual([...expected].sort());
  });

  it("applies to VMs and scale sets only", () => {
    expect([TYPES.vm, TYPES.vmss, "azure-native:compute/v20240301:VirtualMachine", TYPES.arc, TYPES.runCommand, TYPES.storageAccount].map((t) => rule.appliesTo(t))).toEqual([true, true, true, false, false, false]);
  });

  it("ignores carriers", async () => {
    expect(await validateResource(rule, runCommand("rc", "Get-Date"), { config: { asOf: AS_OF } })).toEqual([]);
  });

  it("reports an invalid minimum as a configuration problem", async () => {
    expect(outcomes(await validateResource(rule, pass, { config: { asOf: AS_OF, minimumVersion: "2030" } }))).toEqual(["CONFIG_INVALID violation mandatory"]);
  });

  it("never quotes a SKU outside the known patterns", async () => {
    const reported = await validateResource(rule, withProp(pass, SKU, secret(CANARY)), { config: { asOf: AS_OF } });
    expect(outcomes(reported)).toEqual(["WINDOWS_RELEASE_UNKNOWN indeterminate advisory"]);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
