import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackConfig, StackConfigError, targetsFromFindings } from "../../src/stack/config.js";
import { rawStackConfig, stackNames } from "./stacks.js";

const vm = { kind: "vm", resourceGroup: "rg-mail", name: "mx01" };

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseStackConfig(raw);
  } catch (e) {
    if (e instanceof StackConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("stack configuration", () => {
  it.each(stackNames())("worked configuration stacks/Pulumi.%s.yaml parses", (stack) => {
    const config = parseStackConfig(rawStackConfig(stack));
    expect(config.targets.length).toBeGreaterThan(0);
  });

  it("fills the documented defaults", () => {
    const config = parseStackConfig({ targets: [vm] });
    expect(config.method).toBe("runCommand");
    expect(config.remediation).toMatchObject({ disableLegacyProtocols: false, tls13: "leave", restart: "never" });
    expect(config.patching).toBeUndefined();
  });

  it.each([
    ["unknown method", { targets: [vm], method: "ssh" }, "method must be one of runCommand, customScript, dsc, machineConfiguration"],
    ["target without resource group", { targets: [{ kind: "vm", name: "mx01" }] }, "targets[0].resourceGroup is required"],
    ["target with unknown kind", { targets: [{ ...vm, kind: "container" }] }, "targets[0].kind must be one of vm, vmss, arc"],
    ["target that is not an object", { targets: ["mx01"] }, "targets[0] must be an object with kind, resourceGroup and name"],
    ["targets not a list", { targets: "mx01" }, "targets must be a list of {kind, resourceGroup, name}"],
    ["no targets at all", {}, "no targets: set targets or findingsFile"],
    ["bad restart", { targets: [vm], restart: "always" }, "restart"],
    ["bad tls13", { targets: [vm], tls13: "enable" }, "tls13"],
    ["customScript without storage", { targets: [vm], method: "customScript" }, "scriptStorage is required"],
    ["dsc on an Arc machine", { targets: [{ ...vm, kind: "arc" }], method: "dsc", scriptStorage: { resourceGroup: "a", account: "b", container: "c" } }, "method dsc is not available for Arc machines"],
    ["machineConfiguration without package", { targets: [vm], method: "machineConfiguration" }, "machineConfiguration.contentUri"],
    ["patching without schedule", { targets: [vm], resourceGroup: "rg", patching: {} }, "patching.schedule.startDateTime is required"],
    ["patching without resource group", { targets: [vm], patching: { schedule: { startDateTime: "2026-12-05 22:00", recurEvery: "Week Saturday" } } }, "resourceGroup is required with patching"],
    ["bad reboot setting", { targets: [vm], resourceGroup: "rg", patching: { schedule: { startDateTime: "x", recurEvery: "Day" }, rebootSetting: "Sometimes" } }, "patching.rebootSetting"],
  ])("rejects %s, naming the key", (_name, raw, expected) => {
    const problems = problemsOf(raw);
    expect(problems.join("\n")).toContain(expected);
  });

  it("takes the servers with TLS, .NET or consistency violations from a real scan report, merged with targets", () => {
    const dir = mkdtempSync(join(tmpdir(), "mailflow-findings-"));
    try {
      const file = join(dir, "findings.json");
      const cli = join(__dirname, "..", "..", "dist", "src", "cli", "main.js");
      const scan = spawnSync(process.execPath, [cli, "scan", join(__dirname, "..", "..", "examples", "estate", "stack-export.json"), "--as-of", "2026-06-15", "-f", "json", "-o", file, "--fail-on", "none"], { encoding: "utf8" });
      expect(scan.status, scan.stderr).toBe(0);
      const mx02 = { kind: "vm", resourceGroup: "rg-mail-prod-weu", name: "mx02" };
      const config = parseStackConfig({ targets: [mx02], findingsFile: file }, (f) => JSON.parse(readFileSync(f, "utf8")) as unknown);
      // mx02 has no carrier; mx03's run command half-disables TLS 1.0 (its finding names the VM through the
      // run command's Azure id). Patching (mx06), the Exchange build (mx05) and the OS (relay01) are not remediated here.
      expect(config.targets.map((t) => `${t.kind}/${t.resourceGroup}/${t.name}`).sort()).toEqual(["vm/rg-mail-prod-weu/mx02", "vm/rg-mail-prod-weu/mx03"]);
      expect(config.targets.find((t) => t.name === "mx02")?.origin).toBe(`targets[0]; ${file} (mail-server-tls-baseline)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the findings file when it cannot be read or is not a report", () => {
    const unreadable = (() => {
      try {
        parseStackConfig({ findingsFile: "missing.json" }, () => {
          throw new Error("ENOENT: no such file");
        });
      } catch (e) {
        return (e as StackConfigError).problems.join("\n");
      }
      return "";
    })();
    expect(unreadable).toContain("findingsFile missing.json cannot be read: ENOENT");
    const problems: string[] = [];
    expect(targetsFromFindings({ nope: true }, "x.json", undefined, problems)).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^findingsFile x\.json: not a mailflow-tls-guard JSON report/);
  });
});
