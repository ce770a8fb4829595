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

  it("merges duplicate targets from targets and the findings file", () => {
    const report = {
      findings: [
        { policy: "schannel-tls12-enabled", outcome: "violation", target: "mx01", urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx01", azureId: "/subscriptions/s1/resourceGroups/rg-mail/providers/Microsoft.Compute/virtualMachines/mx01" },
        { policy: "dotnet-strong-crypto", outcome: "violation", target: "mx01", urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx01", azureId: "/subscriptions/s1/resourceGroups/rg-mail/providers/Microsoft.Compute/virtualMachines/mx01" },
        { policy: "windows-automatic-patching", outcome: "violation", target: "mx09", urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx09" },
        { policy: "mail-server-tls-baseline", outcome: "indeterminate", target: "mx08", urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx08" },
        { policy: "mail-server-tls-baseline", outcome: "violation", target: "exch-arc", urn: "urn:pulumi:prod::mail::azure-native:hybridcompute:Machine::exch-arc" },
      ],
    };
    const config = parseStackConfig({ targets: [vm], findingsFile: "findings.json", resourceGroup: "rg-default" }, () => report);
    expect(config.targets.map((t) => `${t.kind}/${t.resourceGroup}/${t.name}`)).toEqual(["vm/rg-mail/mx01", "arc/rg-default/exch-arc"]);
    expect(config.targets[0]?.origin).toBe("targets[0]; findings.json (dotnet-strong-crypto, schannel-tls12-enabled)");
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
    expect(problems).toEqual(["findingsFile x.json is not a mailflow-tls-guard JSON report (no findings list)"]);
  });
});
