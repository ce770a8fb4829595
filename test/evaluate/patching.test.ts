import { describe, expect, it } from "vitest";
import { PATCH_FIX, checkPatching } from "../../src/evaluate/patching.js";
import { type PatchModel } from "../../src/model/index.js";
import { codes } from "./fixtures.js";

const VM: PatchModel = { kind: "vm", enableAutomaticUpdates: true, patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform", rebootSetting: "IfRequired" };
const VMSS: PatchModel = { kind: "vmss", enableAutomaticUpdates: false, patchMode: undefined, assessmentMode: undefined, rebootSetting: undefined, automaticOSUpgrade: true };
const unknown = (path: string) => ({ unknown: true as const, path });

describe("checkPatching (windows-automatic-patching): VMs", () => {
  const cases: readonly { name: string; change: Partial<PatchModel>; expected: string[] }[] = [
    { name: "pass: AutomaticByPlatform patching and assessment", change: {}, expected: [] },
    { name: "pass: patchMode absent means AutomaticByOS", change: { patchMode: undefined }, expected: [] },
    { name: "pass: AutomaticByOS", change: { patchMode: "AutomaticByOS" }, expected: [] },
    { name: "pass: enableAutomaticUpdates absent", change: { enableAutomaticUpdates: undefined }, expected: [] },
    { name: "pass: enum spelt in another case", change: { patchMode: "automaticbyplatform", assessmentMode: "AUTOMATICBYPLATFORM" }, expected: [] },
    { name: "fail: patchMode Manual", change: { patchMode: "Manual" }, expected: ["PATCH_MODE_MANUAL:violation"] },
    { name: "missing: assessmentMode absent means ImageDefault", change: { assessmentMode: undefined }, expected: ["ASSESSMENT_MODE_IMAGE_DEFAULT:violation"] },
    { name: "fail: assessmentMode ImageDefault", change: { assessmentMode: "ImageDefault" }, expected: ["ASSESSMENT_MODE_IMAGE_DEFAULT:violation"] },
    { name: "fail: enableAutomaticUpdates false", change: { enableAutomaticUpdates: false }, expected: ["AUTOMATIC_UPDATES_DISABLED:violation"] },
    { name: "fail: patchMode outside the vocabulary", change: { patchMode: "Sometimes" }, expected: ["PATCH_VALUE_UNRECOGNISED:violation"] },
    { name: "fail: enableAutomaticUpdates of the wrong type", change: { enableAutomaticUpdates: "yes" as never }, expected: ["PATCH_VALUE_UNRECOGNISED:violation"] },
    { name: "unknown: patchMode not known yet", change: { patchMode: unknown("osProfile.windowsConfiguration.patchSettings.patchMode") }, expected: ["PATCH_VALUE_UNKNOWN:indeterminate"] },
    { name: "unknown: assessmentMode not known yet", change: { assessmentMode: unknown("osProfile.windowsConfiguration.patchSettings.assessmentMode") }, expected: ["PATCH_VALUE_UNKNOWN:indeterminate"] },
    { name: "unknown: enableAutomaticUpdates not known yet", change: { enableAutomaticUpdates: unknown("osProfile.windowsConfiguration.enableAutomaticUpdates") }, expected: ["PATCH_VALUE_UNKNOWN:indeterminate"] },
  ];
  it.each(cases)("$name", ({ change, expected }) => {
    expect(codes(checkPatching({ ...VM, ...change }))).toEqual(expected);
  });

  it("PATCH_FIX turns a failing VM into a compliant one", () => {
    const failing: PatchModel = { ...VM, patchMode: "Manual", assessmentMode: undefined, enableAutomaticUpdates: false };
    expect(checkPatching(failing)).toHaveLength(3);
    expect(checkPatching({ ...failing, ...PATCH_FIX })).toEqual([]);
  });

  it("names the property path, never quotes a value outside the vocabulary", () => {
    const [f] = checkPatching({ ...VM, patchMode: "token=abc" });
    expect(f?.message).toBe("patchMode is a value outside AutomaticByOS, AutomaticByPlatform, Manual; expected AutomaticByPlatform or AutomaticByOS (osProfile.windowsConfiguration.patchSettings.patchMode)");
    expect(JSON.stringify(f)).not.toContain("token");
    const [preview] = checkPatching({ ...VM, patchMode: unknown("properties.osProfile.windowsConfiguration.patchSettings.patchMode") });
    expect(preview?.evidence[0]?.path).toBe("properties.osProfile.windowsConfiguration.patchSettings.patchMode");
  });
});

describe("checkPatching: scale sets", () => {
  const cases: readonly { name: string; change: Partial<PatchModel>; expected: string[] }[] = [
    { name: "pass: automatic OS image upgrades (enableAutomaticUpdates false is fine)", change: {}, expected: [] },
    { name: "pass: AutomaticByPlatform patching without OS upgrades", change: { automaticOSUpgrade: false, patchMode: "AutomaticByPlatform", enableAutomaticUpdates: true }, expected: [] },
    { name: "fail: neither", change: { automaticOSUpgrade: false }, expected: ["VMSS_NO_AUTOMATIC_UPDATES:violation"] },
    { name: "missing: upgrade policy absent, AutomaticByOS", change: { automaticOSUpgrade: undefined, patchMode: "AutomaticByOS" }, expected: ["VMSS_NO_AUTOMATIC_UPDATES:violation"] },
    { name: "unknown: OS upgrade not known yet", change: { automaticOSUpgrade: unknown("upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade") }, expected: ["PATCH_VALUE_UNKNOWN:indeterminate"] },
    { name: "pass: OS upgrade unknown but AutomaticByPlatform", change: { automaticOSUpgrade: unknown("upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade"), patchMode: "AutomaticByPlatform" }, expected: [] },
    { name: "unknown: patchMode not known yet, no OS upgrades", change: { automaticOSUpgrade: false, patchMode: unknown("virtualMachineProfile.osProfile.windowsConfiguration.patchSettings.patchMode") }, expected: ["PATCH_VALUE_UNKNOWN:indeterminate"] },
  ];
  it.each(cases)("$name", ({ change, expected }) => {
    expect(codes(checkPatching({ ...VMSS, ...change }))).toEqual(expected);
  });

  it("states both settings found", () => {
    const [f] = checkPatching({ ...VMSS, automaticOSUpgrade: undefined });
    expect(f?.message).toBe(
      "Scale set has neither automatic OS image upgrades (absent) nor AutomaticByPlatform patching (patchMode absent); expected automaticOSUpgrade true or patchMode AutomaticByPlatform (upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade)",
    );
  });
});
