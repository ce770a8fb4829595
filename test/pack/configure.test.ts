/** Configure as the CLI sends a --policy-pack-config file: levels, shared keys and waivers change outcomes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomeLines, startPack, unknown, type PackHandle, type PackResource, type PolicyConfigEntry } from "../support/analyzer.js";
import { mailVm, windowsVm } from "../support/resources.js";

const manual = { osProfile: { windowsConfiguration: { patchSettings: { patchMode: "Manual" } } } };
const manualMail = mailVm("mbx", manual);
const waiver = { policy: "windows-automatic-patching", resource: "mbx", reason: "Vendor-patched journaling appliance", approvedBy: "mail-platform-lead" };
const exchange2019Cu15 = mailVm("mbx", { tags: { "exchange-build": "15.2.1748.43" } });

type Config = Record<string, PolicyConfigEntry>;
const CASES: readonly (readonly [string, Config, PackResource, readonly string[]])[] = [
  ["defaults", {}, manualMail, ["windows-automatic-patching | mbx | mandatory"]],
  ["the policy set to advisory", { "windows-automatic-patching": "advisory" }, manualMail, ["windows-automatic-patching | mbx | advisory"]],
  ["the policy disabled", { "windows-automatic-patching": "disabled" }, manualMail, []],
  ["all advisory", { all: "advisory" }, manualMail, ["windows-automatic-patching | mbx | advisory"]],
  ["all advisory, the policy mandatory", { all: "advisory", "windows-automatic-patching": "mandatory" }, manualMail, ["windows-automatic-patching | mbx | mandatory"]],
  ["indeterminate at the default level", {}, mailVm("mbx", { storageProfile: { imageReference: { sku: unknown(), version: unknown() } } }), ["windows-server-supported | mbx | advisory"]],
  ["indeterminate: mandatory", { "windows-server-supported": { indeterminate: "mandatory" } }, mailVm("mbx", { storageProfile: { imageReference: { sku: unknown(), version: unknown() } } }), ["windows-server-supported | mbx | mandatory"]],
  ["a non-mail server under the default scope", {}, windowsVm("util", manual), []],
  ["scope: all-windows", { "windows-automatic-patching": { scope: "all-windows" } }, windowsVm("util", manual), ["windows-automatic-patching | util | mandatory"]],
  ["mailServers by name pattern", { "windows-automatic-patching": { mailServers: { namePatterns: ["mx-*"] } } }, windowsVm("mx-01", manual), ["windows-automatic-patching | mx-01 | mandatory"]],
  ["Exchange 2019 CU15 while in support (asOf)", { "exchange-build-supported": { asOf: "2025-06-01" } }, exchange2019Cu15, []],
  ["Exchange 2019 CU15 after its end of support (asOf)", { "exchange-build-supported": { asOf: "2026-06-01" } }, exchange2019Cu15, ["exchange-build-supported | mbx | mandatory"]],
  ["Exchange 2019 CU15 ESU build with allowExtendedSecurityUpdates", { "exchange-build-supported": { asOf: "2026-06-01", allowExtendedSecurityUpdates: true } }, exchange2019Cu15, []],
  ["an active waiver", { "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, expires: "2026-12-31" }] } }, manualMail, ["windows-automatic-patching | mbx | advisory"]],
  ["a waiver by URN pattern", { "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, resource: "urn:pulumi:*::mbx", expires: "2026-12-31" }] } }, manualMail, ["windows-automatic-patching | mbx | advisory"]],
  ["an expired waiver", { "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, expires: "2026-01-31" }] } }, manualMail, ["windows-automatic-patching | mbx | mandatory"]],
  ["a waiver for another resource", { "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, resource: "mbx-other", expires: "2026-12-31" }] } }, manualMail, ["windows-automatic-patching | mbx | mandatory"]],
  [
    "a waiver tag on the resource",
    { "windows-automatic-patching": { asOf: "2026-06-01" } },
    mailVm("mbx", { ...manual, tags: { "mailflow-tls-guard-waiver": "policy=windows-automatic-patching;reason=Vendor-patched journaling appliance;approver=mail-platform-lead;expires=2026-12-31" } }),
    ["windows-automatic-patching | mbx | advisory"],
  ],
];

describe("Configure", () => {
  let pack: PackHandle;
  beforeAll(async () => (pack = await startPack()));
  afterAll(async () => pack?.close());

  it.each(CASES)("%s", async (_case, config, resource, expected) => {
    await pack.configure(config);
    expect(outcomeLines((await pack.analyze(resource)).diagnostics, [resource])).toEqual(expected);
  });

  it("shows an active waiver's reason, approver and expiry; an expired one says it expired", async () => {
    await pack.configure({ "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, expires: "2026-12-31" }] } });
    const active = (await pack.analyze(manualMail)).diagnostics.map((d) => d.message).join("\n");
    expect(active).toContain("Vendor-patched journaling appliance");
    expect(active).toContain("mail-platform-lead");
    expect(active).toContain("2026-12-31");
    await pack.configure({ "windows-automatic-patching": { asOf: "2026-06-01", waivers: [{ ...waiver, expires: "2026-01-31" }] } });
    const expired = (await pack.analyze(manualMail)).diagnostics.map((d) => d.message).join("\n");
    expect(expired).toMatch(/expired/i);
    expect(expired).toContain("2026-01-31");
  });
});
