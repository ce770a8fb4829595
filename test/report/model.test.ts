import { describe, expect, it } from "vitest";
import { BASELINE_REVIEWED, BASELINE_VERSION } from "../../src/baseline/index.js";
import { renderJson } from "../../src/report/json.js";
import { buildReport, findingIdentity, newFindings, parseReport, targetsWithFindings, type ReportFinding, type ScanReport } from "../../src/report/model.js";
import { AS_OF, fixtureDiagnostics, fixtureReport, RULES_UNDER_TEST, urnOf } from "./fixture.js";

const report = fixtureReport();

function findingOf(r: ScanReport, target: string, policy: string): ReportFinding {
  const f = r.findings.find((x) => x.target === target && x.policy === policy);
  if (!f) throw new Error(`no finding ${policy} on ${target}`);
  return f;
}

describe("buildReport", () => {
  it("names the tool, baseline and evaluation date", () => {
    expect(report.tool).toEqual({ name: "mailflow-tls-guard", version: "0.1.0" });
    expect(report.baseline).toEqual({ version: BASELINE_VERSION, reviewed: BASELINE_REVIEWED });
    expect(report.asOf).toBe(AS_OF);
  });

  it("summarises the findings", () => {
    expect(report.summary).toEqual({
      servers: 6,
      findings: 6,
      bySeverity: { critical: 2, high: 3, medium: 1, low: 0 },
      // mx04 is waived (advisory); mx01's legacy finding is an advisory policy; mx03 indeterminate defaults to advisory.
      byLevel: { mandatory: 3, advisory: 3 },
      byOutcome: { violation: 5, indeterminate: 1 },
      blocking: 3,
      waived: 1,
    });
  });

  it.each([
    ["mx01", "violation"],
    ["mx02", "compliant"],
    ["mx03", "indeterminate"],
    ["mx04", "waived"],
    ["mx05", "violation"],
    ["mx06", "violation"],
  ])("reports %s as %s", (name, status) => {
    expect(report.targets.find((t) => t.name === name)?.status).toBe(status);
  });

  it.each([
    // The script line from the evidence wins over where the resource was read.
    ["mx01", "schannel-tls12-enabled", "dsc/mx01-tls.ps1", 14],
    // Evidence without a file: the resource's origin.
    ["mx01", "schannel-legacy-protocols-disabled", "exports/prod.json", 120],
    ["mx05", "windows-automatic-patching", "exports/prod.json", 300],
    ["mx03", "dotnet-strong-crypto", undefined, undefined],
  ])("places %s / %s at %s:%s", (target, policy, file, line) => {
    const f = findingOf(report, target, policy);
    expect(f.file).toBe(file);
    expect(f.line).toBe(line);
  });

  it("carries the Azure id, URN, evidence and waivers of each finding", () => {
    const mx01 = findingOf(report, "mx01", "schannel-tls12-enabled");
    expect(mx01.azureId).toBe("/subscriptions/0000/resourceGroups/mail/providers/Microsoft.Compute/virtualMachines/mx01");
    expect(mx01.urn).toBe(urnOf("mx01"));
    expect(mx01.evidence[0]).toMatchObject({ valueName: "Enabled", found: "0", expected: "1", carrier: "mx01-tls", file: "dsc/mx01-tls.ps1", line: 14 });
    expect(findingOf(report, "mx04", "schannel-tls12-enabled").waiver).toEqual({
      status: "active",
      source: "config",
      reason: "Legacy relay decommissioned in Q2",
      approvedBy: "CISO office",
      expires: "2027-06-30",
    });
    expect(findingOf(report, "mx05", "windows-automatic-patching").waiver?.status).toBe("expired");
    expect(findingOf(report, "mx06", "windows-automatic-patching").waiver).toMatchObject({ status: "incomplete", source: "tag", missing: ["expires"] });
  });

  it("orders findings and targets deterministically, whatever the diagnostic order", () => {
    const reversed = fixtureReport(fixtureDiagnostics().reverse());
    expect(renderJson(reversed, RULES_UNDER_TEST)).toBe(renderJson(report, RULES_UNDER_TEST));
  });

  it("keeps no undefined fields, so the JSON carries only what is known", () => {
    const json = JSON.parse(renderJson(report, RULES_UNDER_TEST)) as ScanReport;
    expect(json).toEqual(report);
    expect("file" in findingOf(report, "mx03", "dotnet-strong-crypto")).toBe(false);
  });
});

describe("parseReport", () => {
  it("reads back what renderJson writes", () => {
    expect(parseReport(JSON.parse(renderJson(report, RULES_UNDER_TEST)))).toEqual(report);
  });

  const broken = (edit: (doc: Record<string, unknown>) => void): unknown => {
    const doc = JSON.parse(renderJson(report, RULES_UNDER_TEST)) as Record<string, unknown>;
    edit(doc);
    return doc;
  };

  it.each<[string, unknown, string]>([
    ["null", null, "(document)"],
    ["an array", [], "(document)"],
    ["a string", "findings", "(document)"],
    ["no findings list", broken((d) => delete d.findings), "findings"],
    ["another tool", broken((d) => (d.tool = { name: "other", version: "1" })), "/tool/name"],
    ["a bad severity", broken((d) => ((d.findings as Record<string, unknown>[])[0]!.severity = "urgent")), "/findings/0/severity"],
    ["a line of 0", broken((d) => ((d.findings as Record<string, unknown>[])[0]!.line = 0)), "/findings/0/line"],
    ["a waiver without status", broken((d) => ((d.findings as Record<string, unknown>[])[3]!.waiver = { reason: "x" })), "/findings/3/waiver"],
  ])("rejects %s with a message naming the place", (_name, input, place) => {
    const result = parseReport(input);
    expect("error" in result).toBe(true);
    if ("error" in result) {
      expect(result.error).toContain("not a mailflow-tls-guard JSON report");
      expect(result.error).toContain(place);
    }
  });

  it("accepts fields a newer version adds", () => {
    expect("error" in parseReport(broken((d) => (d.generator = { ci: true })))).toBe(false);
  });
});

describe("findingIdentity and newFindings", () => {
  const f = findingOf(report, "mx01", "schannel-tls12-enabled");

  it.each<[string, Partial<ReportFinding>, boolean]>([
    ["another message", { message: "reworded" }, true],
    ["another severity", { severity: "low" }, true],
    ["evidence in another order", { evidence: [...f.evidence].reverse() }, true],
    ["another code", { code: "OTHER" }, false],
    ["another target", { target: "mx09" }, false],
    ["another policy", { policy: "dotnet-strong-crypto" }, false],
    ["another value name", { evidence: [{ ...f.evidence[0], valueName: "DisabledByDefault" }] }, false],
    ["another registry path", { evidence: [{ ...f.evidence[0], path: "HKLM\\X" }] }, false],
  ])("with %s the identity is the same: %s", (_name, change, same) => {
    expect(findingIdentity({ ...f, ...change }) === findingIdentity(f)).toBe(same);
  });

  it("leaves out every finding the baseline report has", () => {
    const filtered = newFindings(report, report);
    expect(filtered.findings).toEqual([]);
    expect(filtered.summary).toMatchObject({ findings: 0, blocking: 0, unchanged: 6 });
    // Servers keep their full-scan status: known violations do not make a server compliant.
    expect(filtered.targets).toEqual(report.targets);
  });

  it("keeps findings that are new, and a reworded message is not new", () => {
    const baseline = { findings: report.findings.filter((x) => x.target !== "mx05").map((x) => ({ ...x, message: `${x.message} (old wording)` })) };
    const filtered = newFindings(report, baseline);
    expect(filtered.findings.map((x) => x.target)).toEqual(["mx05"]);
    expect(filtered.summary).toMatchObject({ findings: 1, blocking: 1, unchanged: 5, bySeverity: { critical: 0, high: 1, medium: 0, low: 0 } });
  });

  it("counts repeated findings: two now against one before leaves one new", () => {
    const twice = { ...report, findings: [f, f] };
    expect(newFindings(twice, { findings: [f] }).findings).toHaveLength(1);
  });
});

describe("carrier findings filed under the servers they configure", () => {
  const carrierUrn = "urn:pulumi:prod::mail::azure-native:compute:VirtualMachineRunCommandByVirtualMachine::mx01-tls";
  const diagnostics = fixtureDiagnostics().map((d) => (d.resourceName === "mx01" ? { ...d, urn: carrierUrn, resourceName: "mx01-tls" } : d));
  const build = (serversOf?: ReadonlyMap<string, readonly { name: string; urn: string }[]>): ScanReport =>
    buildReport(diagnostics, {
      version: "0.1.0",
      asOf: AS_OF,
      inputs: { files: [], skipped: [], errors: [] },
      targets: [{ name: "mx01", urn: urnOf("mx01") }, { name: "mx01-tls", urn: carrierUrn }],
      ...(serversOf ? { serversOf } : {}),
    });

  it("without correlation the carrier is a target of its own and the server looks compliant", () => {
    const r = build();
    expect(r.targets.find((t) => t.name === "mx01")?.status).toBe("compliant");
    expect(r.targets.find((t) => t.name === "mx01-tls")?.status).toBe("violation");
  });

  it("with correlation the server carries its carrier's findings, and the carrier is no separate target", () => {
    const r = build(new Map([[carrierUrn, [{ name: "mx01", urn: urnOf("mx01") }]]]));
    expect(r.targets.find((t) => t.name === "mx01")?.status).toBe("violation");
    expect(r.targets.map((t) => t.name)).not.toContain("mx01-tls");
    const filed = targetsWithFindings(r).find((t) => t.target.name === "mx01");
    expect(filed?.findings.length).toBeGreaterThan(0);
    expect(filed?.findings.every((f) => f.target === "mx01-tls" && f.servers?.[0]?.name === "mx01")).toBe(true);
    expect(parseReport(JSON.parse(renderJson(r, RULES_UNDER_TEST)) as unknown)).toEqual(r);
  });
});
