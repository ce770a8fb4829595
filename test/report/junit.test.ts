import { create } from "xmlbuilder2";
import { describe, expect, it } from "vitest";
import { renderJunit } from "../../src/report/junit.js";
import { type ScanReport } from "../../src/report/model.js";
import { fixtureReport, hostileReport, HOSTILE_NAME, RULES_UNDER_TEST, SERVERS } from "./fixture.js";

interface ParsedCase {
  readonly suite: string;
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  /** failure / error / skipped, or passed. */
  readonly result: string;
  readonly type?: string;
  readonly message?: string;
  readonly text: string;
}

interface Parsed {
  readonly root: Record<string, string>;
  readonly suites: { name: string; attributes: Record<string, string>; cases: ParsedCase[] }[];
}

/** The part of xmlbuilder2's DOM element this test reads (the project compiles without the DOM lib). */
interface XmlElement {
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}

function attributes(el: XmlElement): Record<string, string> {
  return Object.fromEntries(Array.from(el.attributes).map((a) => [a.name, a.value]));
}

/** Parses the XML back with xmlbuilder2's DOM: what a CI system reads. */
function parse(xml: string): Parsed {
  const root = create(xml).root().node as unknown as XmlElement;
  expect(root.nodeName).toBe("testsuites");
  const suites = Array.from(root.getElementsByTagName("testsuite")).map((suite) => ({
    name: suite.getAttribute("name") ?? "",
    attributes: attributes(suite),
    cases: Array.from(suite.getElementsByTagName("testcase")).map((tc): ParsedCase => {
      const outcome = ["failure", "error", "skipped"].map((tag) => tc.getElementsByTagName(tag)[0]).find((el) => el !== undefined);
      return {
        suite: suite.getAttribute("name") ?? "",
        name: tc.getAttribute("name") ?? "",
        classname: tc.getAttribute("classname") ?? "",
        ...(tc.getAttribute("file") ? { file: tc.getAttribute("file") ?? "" } : {}),
        result: outcome?.nodeName ?? "passed",
        ...(outcome?.getAttribute("type") ? { type: outcome.getAttribute("type") ?? "" } : {}),
        ...(outcome?.getAttribute("message") ? { message: outcome.getAttribute("message") ?? "" } : {}),
        text: tc.textContent ?? "",
      };
    }),
  }));
  return { root: attributes(root), suites };
}

const parsed = parse(renderJunit(fixtureReport(), RULES_UNDER_TEST));
const cases = parsed.suites.flatMap((s) => s.cases);

function caseOf(policy: string, target: string): ParsedCase {
  const c = cases.find((x) => x.suite === policy && x.name === target);
  if (!c) throw new Error(`no testcase ${policy} / ${target}`);
  return c;
}

function tally(list: readonly ParsedCase[]): Record<string, string> {
  const n = (result: string): string => String(list.filter((c) => c.result === result).length);
  return { tests: String(list.length), failures: n("failure"), errors: n("error"), skipped: n("skipped") };
}

describe("JUnit XML", () => {
  it("has one testsuite per policy and one testcase per server and policy", () => {
    expect(parsed.suites.map((s) => s.name)).toEqual(RULES_UNDER_TEST.map((r) => r.name));
    for (const suite of parsed.suites) {
      expect(suite.cases.map((c) => c.name)).toEqual([...SERVERS]);
      expect(suite.cases.every((c) => c.classname === suite.name)).toBe(true);
    }
  });

  it("counts agree with the testcases, per suite and in total", () => {
    for (const suite of parsed.suites) expect(suite.attributes).toMatchObject(tally(suite.cases));
    expect(parsed.root).toMatchObject({ name: "mailflow-tls-guard", tests: "24", failures: "4", errors: "1", skipped: "1" });
    expect(parsed.root).toMatchObject(tally(cases));
  });

  it.each([
    ["schannel-tls12-enabled", "mx01", "failure", "blocking"],
    ["schannel-legacy-protocols-disabled", "mx01", "failure", "advisory"],
    ["dotnet-strong-crypto", "mx03", "error", "indeterminate"],
    ["schannel-tls12-enabled", "mx04", "skipped", undefined],
    ["windows-automatic-patching", "mx05", "failure", "blocking"],
    ["windows-automatic-patching", "mx06", "failure", "blocking"],
    ["schannel-tls12-enabled", "mx02", "passed", undefined],
    ["dotnet-strong-crypto", "mx01", "passed", undefined],
  ])("%s on %s: %s (%s)", (policy, target, result, type) => {
    const c = caseOf(policy, target);
    expect(c.result).toBe(result);
    expect(c.type).toBe(type);
  });

  it("puts message, evidence, location and remediation link in a failure", () => {
    const c = caseOf("schannel-tls12-enabled", "mx01");
    expect(c.message).toContain("[TLS12_DISABLED]");
    expect(c.file).toBe("dsc/mx01-tls.ps1");
    expect(c.text).toContain("at dsc/mx01-tls.ps1:14");
    expect(c.text).toContain("value Enabled, found 0, expected 1, carrier mx01-tls");
    expect(c.text).toContain("see https://example.test/policies/schannel-tls12-enabled");
  });

  it("shows waivers: the active one as the skip reason, the expired and incomplete ones in the failure", () => {
    expect(caseOf("schannel-tls12-enabled", "mx04").message).toBe("Waived until 2027-06-30, approved by CISO office (config); reason: Legacy relay decommissioned in Q2");
    expect(caseOf("windows-automatic-patching", "mx05").text).toContain("EXPIRED waiver: ended 2026-01-31, approved by Change board");
    expect(caseOf("windows-automatic-patching", "mx06").text).toContain("INCOMPLETE waiver, not applied: lacks expires");
  });

  it("keeps a hostile resource name as data, and stays well-formed with control characters", () => {
    const report: ScanReport = hostileReport();
    const withControls = { ...report, findings: report.findings.map((f) => ({ ...f, message: `${f.message}\u0000\u001b[31m` })) };
    const back = parse(renderJunit(withControls, RULES_UNDER_TEST));
    const hostile = back.suites[0]?.cases.find((c) => c.name === HOSTILE_NAME);
    expect(hostile?.result).toBe("failure");
    expect(hostile?.message).toContain(HOSTILE_NAME);
  });

  it("passes every testcase of a clean scan", () => {
    const clean = parse(renderJunit(fixtureReport([]), RULES_UNDER_TEST));
    expect(clean.root).toMatchObject({ tests: "24", failures: "0", errors: "0", skipped: "0" });
  });
});
