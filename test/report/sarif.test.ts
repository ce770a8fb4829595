import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Log, type Result } from "sarif";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/rules/catalogue.js";
import { artifactUri, FINGERPRINT_KEY, renderSarif } from "../../src/report/sarif.js";
import { fixtureDiagnostics, fixtureReport, hostileReport, RULES_UNDER_TEST } from "./fixture.js";

/**
 * The official SARIF 2.1.0 schema (test/fixtures/report/README.md says where it comes from). It
 * is draft-04; Ajv 8 speaks draft-06 and later, whose meaning is the same for the keywords this
 * schema uses once the root `id` is spelled `$id` and the draft marker is dropped.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, "../fixtures/report/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    // The schema's `language` pattern has a stray `]`, legal only without the `u` flag.
    unicodeRegExp: false,
    formats: {
      uri: (s: string) => URL.canParse(s),
      "uri-reference": (s: string) => URL.canParse(s, "http://base.test/") && !/\s/.test(s),
      "date-time": (s: string) => !Number.isNaN(Date.parse(s)),
    },
  });
  return ajv.compile({ ...rest, $id: String(id) });
}

const validate = sarifValidator();
const report = fixtureReport();
const log = JSON.parse(renderSarif(report, RULES_UNDER_TEST)) as Log;
const run = log.runs[0]!;
const results = run.results ?? [];

function resultFor(target: string, policy: string): Result {
  const r = results.find((x) => x.ruleId === policy && x.locations?.[0]?.logicalLocations?.[0]?.name === target);
  if (!r) throw new Error(`no result ${policy} on ${target}`);
  return r;
}

describe("SARIF", () => {
  it.each([
    ["the realistic report", () => renderSarif(report, RULES_UNDER_TEST)],
    ["a hostile resource name", () => renderSarif(hostileReport(), RULES_UNDER_TEST)],
    ["the shipped policy catalogue, whatever it holds", () => renderSarif(report, RULES)],
    ["a clean scan", () => renderSarif(fixtureReport([]), RULES_UNDER_TEST)],
  ])("is valid against the SARIF 2.1.0 schema: %s", (_name, render) => {
    const doc: unknown = JSON.parse(render());
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("rejects what is not SARIF (the validator can fail)", () => {
    expect(validate({ ...log, version: "2.0.0" })).toBe(false);
    expect(validate({ ...log, runs: [{ ...run, results: [{ message: {}, level: "fatal" }] }] })).toBe(false);
  });

  it("describes one run with the catalogue as the driver's rules", () => {
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: "mailflow-tls-guard", version: "0.1.0" });
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(RULES_UNDER_TEST.map((r) => r.name));
    const tls12 = rules[0]!;
    expect(tls12.shortDescription?.text).toBe("Test description of schannel-tls12-enabled.");
    expect(tls12.fullDescription?.text).toContain("MTG-TLS12");
    expect(tls12.help?.markdown).toContain("1. Set `Enabled=1` and `DisabledByDefault=0`");
    expect(tls12.helpUri).toBe("https://example.test/policies/schannel-tls12-enabled");
    expect(tls12.properties?.tags).toEqual(["security", "MTG-TLS12"]);
    expect(tls12.properties?.["security-severity"]).toBe("9.5");
    expect(rules.map((r) => r.defaultConfiguration?.level)).toEqual(["error", "warning", "error", "error"]);
  });

  it.each([
    ["mx01", "schannel-tls12-enabled", "error"], // blocking violation
    ["mx01", "schannel-legacy-protocols-disabled", "warning"], // advisory policy
    ["mx03", "dotnet-strong-crypto", "note"], // indeterminate at the default advisory level
    ["mx04", "schannel-tls12-enabled", "note"], // waived
    ["mx05", "windows-automatic-patching", "error"], // expired waiver: blocks again
    ["mx06", "windows-automatic-patching", "error"], // incomplete waiver: not applied
  ])("reports %s / %s at level %s", (target, policy, level) => {
    const r = resultFor(target, policy);
    expect(r.level).toBe(level);
    expect(run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(policy);
  });

  it("reports an indeterminate outcome as error when indeterminate is mandatory", () => {
    const blocking = fixtureReport(fixtureDiagnostics().map((d) => (d.outcome === "indeterminate" ? { ...d, level: "mandatory" as const } : d)));
    const doc = JSON.parse(renderSarif(blocking, RULES_UNDER_TEST)) as Log;
    expect(doc.runs[0]?.results?.find((r) => r.ruleId === "dotnet-strong-crypto")?.level).toBe("error");
  });

  it("suppresses only the actively waived finding, with the waiver as justification", () => {
    const suppressed = results.filter((r) => r.suppressions?.length);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "Legacy relay decommissioned in Q2", properties: { approvedBy: "CISO office", expires: "2027-06-30", source: "config" } },
    ]);
    expect(resultFor("mx05", "windows-automatic-patching").properties?.waiver).toMatchObject({ status: "expired" });
  });

  it("locates a finding in its file and line, and always by resource", () => {
    expect(resultFor("mx01", "schannel-tls12-enabled").locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: "dsc/mx01-tls.ps1" }, region: { startLine: 14 } },
        logicalLocations: [{ name: "mx01", fullyQualifiedName: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx01", kind: "resource" }],
      },
    ]);
    expect(resultFor("mx03", "dotnet-strong-crypto").locations?.[0]?.physicalLocation).toBeUndefined();
  });

  it.each([
    ["dsc/mx01.ps1", "dsc/mx01.ps1"],
    ["./dsc/mx01.ps1", "dsc/mx01.ps1"],
    ["dsc\\mx 01.ps1", "dsc/mx%2001.ps1"],
    ["weird:name.ps1", "weird%3Aname.ps1"],
    ["/srv/scan/a.json", "file:///srv/scan/a.json"],
    ["C:\\scan\\a b.json", "file:///C:/scan/a%20b.json"],
  ])("turns the path %s into the URI %s", (path, uri) => {
    expect(artifactUri(path)).toBe(uri);
  });

  it("fingerprints by identity: a reworded message keeps the fingerprint, another value name changes it", () => {
    const fingerprint = (edit: (m: string) => string, valueName: string): string | undefined => {
      const diagnostics = fixtureDiagnostics().map((d) => ({ ...d, message: edit(d.message), evidence: d.evidence.map((e) => (e.valueName === "Enabled" ? { ...e, valueName } : e)) }));
      const doc = JSON.parse(renderSarif(fixtureReport(diagnostics), RULES_UNDER_TEST)) as Log;
      return doc.runs[0]?.results?.find((r) => r.ruleId === "schannel-tls12-enabled")?.partialFingerprints?.[FINGERPRINT_KEY];
    };
    const original = fingerprint((m) => m, "Enabled");
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint((m) => `Reworded: ${m}`, "Enabled")).toBe(original);
    expect(fingerprint((m) => m, "DisabledByDefault")).not.toBe(original);
  });

  it("reports unreadable and skipped inputs as tool notifications", () => {
    const invocation = run.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.map((n) => [n.level, n.message.text])).toEqual([
      ["error", "exports/broken.json: not valid JSON (line 3)"],
      ["note", "notes.txt: skipped, not a recognised input"],
    ]);
  });

  it("describes a policy the catalogue lacks from its findings, so every result has a rule", () => {
    const doc = JSON.parse(renderSarif(report, RULES_UNDER_TEST.slice(0, 1))) as Log;
    const ids = doc.runs[0]?.tool.driver.rules?.map((r) => r.id);
    expect(ids).toEqual(["schannel-tls12-enabled", "schannel-legacy-protocols-disabled", "dotnet-strong-crypto", "windows-automatic-patching"]);
    for (const r of doc.runs[0]?.results ?? []) expect(ids?.[r.ruleIndex ?? -1]).toBe(r.ruleId);
  });
});
