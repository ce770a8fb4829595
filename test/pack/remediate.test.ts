/** The `remediate` level of windows-automatic-patching over the protocol: fixed properties, secrets still secret. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSerializedSecret } from "../../src/values.js";
import { outcomeLines, secret, startPack, type PackHandle } from "../support/analyzer.js";
import { mailVm } from "../support/resources.js";

const PASSWORD = "Remediate-canary-41d8cd98";
const manualVm = mailVm("mbx", {
  osProfile: { adminPassword: secret(PASSWORD), windowsConfiguration: { enableAutomaticUpdates: false, patchSettings: { patchMode: "Manual", assessmentMode: "ImageDefault" } } },
});

describe("Remediate", () => {
  let pack: PackHandle;
  beforeAll(async () => (pack = await startPack()));
  afterAll(async () => pack?.close());

  it("returns nothing while no policy is at the remediate level", async () => {
    await pack.configure({});
    expect(await pack.remediate(manualVm)).toEqual([]);
  });

  it("sets platform patching and assessment, keeps the admin password a secret and everything else as it was", async () => {
    await pack.configure({ "windows-automatic-patching": "remediate" });
    const remediations = await pack.remediate(manualVm);
    expect(remediations.map((r) => r.policyName)).toEqual(["windows-automatic-patching"]);
    const props = remediations[0]?.properties ?? {};
    const osProfile = props.osProfile as Record<string, unknown>;
    expect(osProfile.windowsConfiguration).toEqual({
      enableAutomaticUpdates: true,
      patchSettings: { patchMode: "AutomaticByPlatform", assessmentMode: "AutomaticByPlatform" },
    });
    expect(isSerializedSecret(osProfile.adminPassword)).toBe(true);
    expect(osProfile.adminPassword).toMatchObject({ value: PASSWORD });
    expect(props.tags).toEqual(manualVm.props.tags);
    expect(props.storageProfile).toEqual(manualVm.props.storageProfile);
  });

  it("sets the patch mode the policy configuration asks for", async () => {
    await pack.configure({ "windows-automatic-patching": { enforcementLevel: "remediate", patchMode: "AutomaticByOS" } });
    const [remediation] = await pack.remediate(manualVm);
    expect(remediation?.properties).toMatchObject({ osProfile: { windowsConfiguration: { patchSettings: { patchMode: "AutomaticByOS" } } } });
  });

  it("leaves a compliant server alone", async () => {
    await pack.configure({ "windows-automatic-patching": "remediate" });
    expect((await pack.remediate(mailVm("mbx"))).filter((r) => r.properties !== undefined)).toEqual([]);
  });

  it("still reports the violation (as mandatory) when Analyze runs at the remediate level", async () => {
    await pack.configure({ "windows-automatic-patching": "remediate" });
    expect(outcomeLines((await pack.analyze(manualVm)).diagnostics, [manualVm])).toEqual(["windows-automatic-patching | mbx | mandatory"]);
  });

  it("never echoes the secret", () => {
    const { stdout, stderr } = pack.output();
    expect(stdout + stderr).not.toContain(PASSWORD);
  });
});
