import { describe, expect, it } from "vitest";
import { renderText } from "../../src/report/text.js";
import { fixtureReport, hostileReport, RULES_UNDER_TEST } from "./fixture.js";
import { newFindings } from "../../src/report/model.js";

const report = fixtureReport();
const text = renderText(report, RULES_UNDER_TEST);
const lines = text.split("\n");

describe("text report", () => {
  it.each([
    ["mx01", "VIOLATION", "2 findings, 1 blocking"],
    ["mx02", "COMPLIANT", ""],
    ["mx03", "INDETERMINATE", "1 finding"],
    ["mx04", "WAIVED", "1 finding, 1 waived"],
    ["mx05", "VIOLATION", "1 finding, 1 blocking"],
  ])("lists %s as %s (%s)", (server, status, note) => {
    const line = lines.find((l) => l.includes(` ${server}`) && l.trimStart().startsWith(status));
    expect(line?.trimEnd().endsWith(note ? `${server}  ${note}` : server)).toBe(true);
  });

  it("lists each finding with its state, severity, policy, message and place", () => {
    const i = lines.findIndex((l) => l.includes("[TLS12_DISABLED]"));
    expect(lines[i]).toMatch(/^ {2}blocking +critical schannel-tls12-enabled +\[TLS12_DISABLED\] mx01: mx01-tls/);
    expect(lines[i + 1]?.trim()).toBe("at dsc/mx01-tls.ps1:14");
    expect(text).toMatch(/waived +critical schannel-tls12-enabled +\[TLS12_NOT_DECLARED\]/);
    expect(text).toMatch(/indeterminate +high +dotnet-strong-crypto +\[CONTENT_AT_URL\]/);
  });

  it("summarises per policy and in total", () => {
    expect(text).toMatch(/^ {2}windows-automatic-patching +2 findings, 2 blocking$/m);
    expect(text).toContain("Total: 6 servers, 6 findings (3 blocking, 1 waived; 5 violations, 1 indeterminate; critical 2, high 3, medium 1, low 0)");
    expect(text).toContain("unreadable exports/broken.json: not valid JSON (line 3)");
  });

  it("says how many findings the baseline report already had", () => {
    expect(renderText(newFindings(report, report), RULES_UNDER_TEST)).toContain("; 6 unchanged since the baseline report left out");
  });

  it.each([
    [false, 0],
    [true, 6 + 6],
  ])("with color %s writes %i ANSI colour codes (one per server and finding)", (color, count) => {
    const out = renderText(report, RULES_UNDER_TEST, { color });
    // eslint-disable-next-line no-control-regex
    expect(out.match(/\u001b\[\d+m[^\u001b]*\u001b\[0m/g)?.length ?? 0).toBe(count);
  });

  it("does not pass control characters from inputs to the terminal", () => {
    const hostile = hostileReport();
    const evil = `evil\u001b]0;title\u0007`;
    const withEscape = {
      ...hostile,
      targets: hostile.targets.map((t) => ({ ...t, name: evil })),
      findings: hostile.findings.map((f) => ({ ...f, target: evil, message: "line\r\nbreak \u009b31m" })),
    };
    const out = renderText(withEscape, RULES_UNDER_TEST);
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out).toContain("evil?]0;title?");
  });
});
