/**
 * The file `mailflow-tls-guard config <settings>` writes is a `--policy-pack-config` the pack takes
 * as it is: sent over Configure, its levels, evaluation date, indeterminate level and waivers all
 * change what Analyze reports.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY_NAMES } from "../../src/rules/types.js";
import { outcomeLines, REPO_ROOT, startPack, type PackHandle, type PolicyConfigEntry } from "../support/analyzer.js";
import { baselineRunCommand, customScript, mailVm } from "../support/resources.js";

const SETTINGS = join(REPO_ROOT, "examples", "estate", "settings.yaml");

describe("the config command's output, fed to the pack", () => {
  let pack: PackHandle;
  let dir: string;
  let config: Record<string, PolicyConfigEntry>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mailflow-config-"));
    const out = join(dir, "policy-pack-config.json");
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "src", "cli", "main.js"), "config", SETTINGS, "-o", out], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    config = JSON.parse(readFileSync(out, "utf8")) as Record<string, PolicyConfigEntry>;
    pack = await startPack();
    await pack.configure(config);
  });
  afterAll(async () => {
    await pack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names every policy of the catalogue with its level", () => {
    expect(Object.keys(config).sort()).toEqual([...POLICY_NAMES].sort());
    expect(config["schannel-legacy-protocols-disabled"]).toMatchObject({ enforcementLevel: "mandatory", asOf: "2026-06-15", indeterminate: "mandatory" });
  });

  it("applies the settings' levels: the (by default advisory) legacy-protocol policy blocks", async () => {
    const transition = baselineRunCommand("mx09-tls", "mx09", { protocols: { "TLS 1.2": "enabled" }, dotnet: true });
    const r = await pack.analyze(transition);
    expect(outcomeLines(r.diagnostics, [transition])).toEqual(["schannel-legacy-protocols-disabled | mx09-tls | mandatory"]);
  });

  it("applies the waiver and the evaluation date: relay01 on 2012 R2 is waived until 2026-10-13", async () => {
    const relay = mailVm("relay01", { storageProfile: { imageReference: { sku: "2012-R2-Datacenter", version: "latest" } } });
    const r = await pack.analyze(relay);
    const supported = r.diagnostics.filter((d) => d.policyName === "windows-server-supported");
    expect(supported.length).toBeGreaterThan(0);
    expect(supported.every((d) => d.enforcementLevel === "advisory" && d.message.includes("Waived until 2026-10-13"))).toBe(true);
  });

  it("applies indeterminate: mandatory: a script only at a URL blocks", async () => {
    const r = await pack.analyze(customScript("mx09-cse", "mx09", { fileUris: ["https://example.invalid/tls.ps1"], commandToExecute: "powershell -File tls.ps1" }));
    const tls12 = r.diagnostics.find((d) => d.policyName === "schannel-tls12-enabled");
    expect(tls12?.enforcementLevel).toBe("mandatory");
    expect(tls12?.message).toMatch(/Indeterminate/);
  });
});
