import { describe, expect, it } from "vitest";
import { windowsAutomaticPatching as rule } from "../../src/rules/policies/windows-automatic-patching.js";
import { type RuleConfig } from "../../src/rules/config.js";
import { configureRules } from "../../src/rules/engine.js";
import { SECRET_SIG_KEY } from "../../src/values.js";
import { AS_OF, CANARY, linuxVm, mailVm, mailVmss, withProp } from "../fixtures/rules/estate.js";
import { outcomes, remediateWithSdk, secret, unknown, validateResource, type TestResource } from "../support/sdk.js";

const pass = mailVm();
const PATCH = "osProfile.windowsConfiguration.patchSettings";
const vmss = mailVmss();
const vmssWithout = withProp(vmss, "upgradePolicy", { mode: "Manual" });

function configOf(raw: Record<string, unknown> = {}): RuleConfig {
  const [c] = configureRules([rule], { [rule.name]: raw }, AS_OF);
  if (!c) throw new Error("not configured");
  return c.config;
}

describe("windows-automatic-patching", () => {
  it.each<[string, TestResource, Record<string, unknown>, string[]]>([
    ["pass: AutomaticByPlatform patching and assessment", pass, {}, []],
    ["pass: AutomaticByOS patching with platform assessment", withProp(pass, `${PATCH}.patchMode`, "AutomaticByOS"), {}, []],
    ["pass: enableAutomaticUpdates absent", withProp(pass, "osProfile.windowsConfiguration.enableAutomaticUpdates", undefined), {}, []],
    ["pass: a scale set with automatic OS image upgrades", vmss, {}, []],
    ["pass: a scale set with AutomaticByPlatform patching", withProp(vmssWithout, `virtualMachineProfile.${PATCH}.patchMode`, "AutomaticByPlatform"), {}, []],
    ["pass: not a mail server", withProp(withProp(pass, "tags", {}), `${PATCH}.patchMode`, "Manual"), {}, []],
    ["pass: Linux is not judged", linuxVm(), { scope: "all-windows" }, []],
    ["fail: patchMode Manual", withProp(pass, `${PATCH}.patchMode`, "Manual"), {}, ["PATCH_MODE_MANUAL violation mandatory"]],
    ["fail: enableAutomaticUpdates false", withProp(pass, "osProfile.windowsConfiguration.enableAutomaticUpdates", false), {}, ["AUTOMATIC_UPDATES_DISABLED violation mandatory"]],
    ["fail: a scale set with neither", vmssWithout, {}, ["VMSS_NO_AUTOMATIC_UPDATES violation mandatory"]],
    ["fail: scope all-windows judges a VM without role tags", withProp(withProp(pass, "tags", {}), `${PATCH}.patchMode`, "Manual"), { scope: "all-windows" }, ["PATCH_MODE_MANUAL violation mandatory"]],
    ["missing: assessmentMode absent (ImageDefault)", withProp(pass, `${PATCH}.assessmentMode`, undefined), {}, ["ASSESSMENT_MODE_IMAGE_DEFAULT violation mandatory"]],
    ["missing: no patchSettings at all", withProp(pass, PATCH, undefined), {}, ["ASSESSMENT_MODE_IMAGE_DEFAULT violation mandatory"]],
    ["unknown: patchMode during preview", withProp(pass, `${PATCH}.patchMode`, unknown), {}, ["PATCH_VALUE_UNKNOWN indeterminate advisory"]],
    ["unknown: a value outside the vocabulary is not quoted", withProp(pass, `${PATCH}.patchMode`, secret(CANARY)), {}, ["PATCH_VALUE_UNRECOGNISED violation mandatory"]],
  ])("%s", async (_name, resource, config, expected) => {
    const reported = await validateResource(rule, resource, { config });
    expect(outcomes(reported)).toEqual([...expected].sort());
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });

  describe("remediate", () => {
    it.each<[string, TestResource, Record<string, unknown>, string | undefined, string | undefined]>([
      ["sets the configured modes on a Manual VM", withProp(pass, `${PATCH}.patchMode`, "Manual"), {}, "AutomaticByPlatform", "AutomaticByPlatform"],
      ["creates missing patchSettings", withProp(pass, PATCH, undefined), {}, "AutomaticByPlatform", "AutomaticByPlatform"],
      ["creates a missing windowsConfiguration", withProp(pass, "osProfile.windowsConfiguration", undefined), {}, "AutomaticByPlatform", "AutomaticByPlatform"],
      ["uses a configured patchMode", withProp(pass, `${PATCH}.assessmentMode`, "ImageDefault"), { patchMode: "AutomaticByOS" }, "AutomaticByOS", "AutomaticByPlatform"],
    ])("%s", (_name, resource, raw, patchMode, assessmentMode) => {
      const props = structuredClone(resource.props);
      const result = rule.remediate?.(resource.type, props, configOf(raw));
      expect(result).toBe(props);
      const settings = (result?.osProfile as { windowsConfiguration: { patchSettings: Record<string, unknown> } }).windowsConfiguration.patchSettings;
      expect([settings.patchMode, settings.assessmentMode]).toEqual([patchMode, assessmentMode]);
    });

    it.each<[string, TestResource]>([
      ["a compliant VM", pass],
      ["a Linux VM", linuxVm()],
      ["a VM that is not a mail server", withProp(withProp(pass, "tags", {}), `${PATCH}.patchMode`, "Manual")],
      ["a VM whose patchSettings is a preview unknown", withProp(withProp(pass, "osProfile.windowsConfiguration.enableAutomaticUpdates", false), PATCH, unknown)],
      ["a VM whose osProfile is not an object", withProp(pass, "osProfile", "broken")],
    ])("leaves %s alone", (_name, resource) => {
      const props = structuredClone(resource.props);
      expect(rule.remediate?.(resource.type, props, configOf())).toBeUndefined();
      expect(props).toEqual(resource.props);
    });

    it("sets enableAutomaticUpdates back to true where it is false", () => {
      const resource = withProp(pass, "osProfile.windowsConfiguration.enableAutomaticUpdates", false);
      const result = rule.remediate?.(resource.type, structuredClone(resource.props), configOf());
      expect((result?.osProfile as { windowsConfiguration: Record<string, unknown> }).windowsConfiguration.enableAutomaticUpdates).toBe(true);
    });

    it("through the SDK: the scale set profile is patched, secrets stay secret", async () => {
      const resource = withProp(vmssWithout, "virtualMachineProfile.osProfile.adminPassword", secret(CANARY));
      const result = await remediateWithSdk(rule, resource);
      const profile = result?.virtualMachineProfile as { osProfile: { adminPassword: Record<string, unknown>; windowsConfiguration: { patchSettings: Record<string, unknown> } } };
      expect(profile.osProfile.windowsConfiguration.patchSettings).toEqual({ patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" });
      expect(profile.osProfile.adminPassword[SECRET_SIG_KEY]).toBeDefined();
    });

    it("through the SDK: a preview-unknown osProfile neither throws nor changes anything", async () => {
      expect(await remediateWithSdk(rule, withProp(withProp(pass, "tags", { role: "mail" }), "osProfile", unknown))).toBeUndefined();
    });
  });
});
