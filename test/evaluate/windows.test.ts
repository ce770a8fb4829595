import { describe, expect, it } from "vitest";
import { checkWindowsImage, isWindowsImage, windowsReleaseOf } from "../../src/evaluate/windows.js";
import { type ImageModel } from "../../src/model/index.js";
import { codes } from "./fixtures.js";

const COMPLIANT: ImageModel = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-azure-edition", version: "latest", customImageId: undefined };
const OPTIONS = { minimum: "2016", asOf: "2026-06-01" } as const;
const unknown = (path: string) => ({ unknown: true as const, path });

describe("checkWindowsImage (windows-server-supported)", () => {
  const cases: readonly { name: string; change: Partial<ImageModel>; asOf?: string; expected: string[] }[] = [
    { name: "pass: 2022 Azure Edition", change: {}, expected: [] },
    { name: "pass: 2016 on its last day of support", change: { sku: "2016-Datacenter-smalldisk" }, asOf: "2027-01-12", expected: [] },
    { name: "fail: 2016 the day after end of support", change: { sku: "2016-Datacenter" }, asOf: "2027-01-13", expected: ["WINDOWS_END_OF_SUPPORT:violation"] },
    { name: "fail: 2012 R2 below minimum and out of support", change: { sku: "2012-R2-Datacenter" }, expected: ["WINDOWS_BELOW_MINIMUM:violation", "WINDOWS_END_OF_SUPPORT:violation"] },
    { name: "fail: 2008 R2", change: { sku: "2008-R2-SP1" }, expected: ["WINDOWS_BELOW_MINIMUM:violation", "WINDOWS_END_OF_SUPPORT:violation"] },
    { name: "pass: SKU outside the patterns, version names 2022", change: { sku: "my-sku", version: "20348.2340.240303" }, expected: [] },
    { name: "unknown: SKU outside the patterns, version latest", change: { sku: "my-sku" }, expected: ["WINDOWS_RELEASE_UNKNOWN:indeterminate"] },
    { name: "unknown: SKU not known yet (preview)", change: { sku: unknown("storageProfile.imageReference.sku") }, expected: ["WINDOWS_RELEASE_UNKNOWN:indeterminate"] },
    { name: "pass: SKU unknown, version names 2019", change: { sku: unknown("storageProfile.imageReference.sku"), version: "17763.5576.240304" }, expected: [] },
    { name: "unknown: custom image", change: { publisher: undefined, offer: undefined, sku: undefined, version: undefined, customImageId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/galleries/g/images/i" }, expected: ["WINDOWS_RELEASE_UNKNOWN:indeterminate"] },
    { name: "unknown: no SKU at all", change: { sku: undefined, version: undefined }, expected: ["WINDOWS_RELEASE_UNKNOWN:indeterminate"] },
    { name: "pass: non-Windows publisher is not judged", change: { publisher: "Canonical", sku: "22_04-lts" }, expected: [] },
    { name: "unknown: evaluation date not a date", change: {}, asOf: "2026-02-30", expected: ["EVALUATION_DATE_INVALID:indeterminate"] },
  ];
  it.each(cases)("$name", ({ change, asOf, expected }) => {
    expect(codes(checkWindowsImage({ ...COMPLIANT, ...change }, { ...OPTIONS, asOf: asOf ?? OPTIONS.asOf }))).toEqual(expected);
  });

  it("raises the minimum when configured", () => {
    expect(codes(checkWindowsImage({ ...COMPLIANT, sku: "2019-datacenter-gensecond" }, { ...OPTIONS, minimum: "2022" }))).toEqual(["WINDOWS_BELOW_MINIMUM:violation"]);
  });

  it("unknown: a configured minimum that is not a release", () => {
    expect(codes(checkWindowsImage(COMPLIANT, { minimum: "2030" as never, asOf: OPTIONS.asOf }))).toEqual(["WINDOWS_MINIMUM_INVALID:indeterminate"]);
  });

  it("mentions the ESU end where one exists", () => {
    const findings = checkWindowsImage({ ...COMPLIANT, sku: "2012-R2-Datacenter" }, OPTIONS);
    expect(findings[1]?.message).toBe("Windows Server 2012 R2 (SKU 2012-R2-Datacenter) reached end of extended support on 2023-10-10; paid Extended Security Updates run until 2026-10-13; evaluated on 2026-06-01.");
    const later = checkWindowsImage({ ...COMPLIANT, sku: "2012-R2-Datacenter" }, { ...OPTIONS, asOf: "2027-01-01" });
    expect(later[1]?.message).toContain("paid Extended Security Updates ended 2026-10-13");
  });

  it("names the unknown path, and never quotes a SKU outside the patterns", () => {
    const [preview] = checkWindowsImage({ ...COMPLIANT, sku: unknown("properties.storageProfile.imageReference.sku") }, OPTIONS);
    expect(preview?.message).toContain("properties.storageProfile.imageReference.sku is not known yet");
    const [custom] = checkWindowsImage({ ...COMPLIANT, sku: "secret-sauce-image" }, OPTIONS);
    expect(custom?.message).toBe("The Windows release cannot be told from an image SKU outside the known Windows Server patterns.");
    expect(JSON.stringify(custom)).not.toContain("secret-sauce");
  });
});

describe("windowsReleaseOf / isWindowsImage", () => {
  it.each([
    { image: COMPLIANT, release: "2022", windows: true },
    { image: { ...COMPLIANT, sku: "2025-datacenter-core-g2" }, release: "2025", windows: true },
    { image: { ...COMPLIANT, publisher: "microsoftwindowsserver", sku: "2012-Datacenter" }, release: "2012", windows: true },
    { image: { ...COMPLIANT, sku: "whatever", version: "14393.6796.240304" }, release: "2016", windows: true },
    { image: { ...COMPLIANT, publisher: "Canonical", sku: "22_04-lts" }, release: undefined, windows: false },
    { image: { ...COMPLIANT, publisher: unknown("storageProfile.imageReference.publisher") }, release: "2022", windows: false },
  ])("$image.publisher $image.sku → $release", ({ image, release, windows }) => {
    expect(windowsReleaseOf(image)?.version).toBe(release);
    expect(isWindowsImage(image)).toBe(windows);
  });
});
