import { describe, expect, it } from "vitest";
import { RULES } from "../../src/rules/catalogue.js";
import { defaultFileName, FORMATS, isReportFormat, parseReport, renderReport } from "../../src/report/index.js";
import { fixtureReport, RULES_UNDER_TEST } from "./fixture.js";

const report = fixtureReport();

describe("report formats", () => {
  it.each([
    ["text", "mailflow-tls-guard.txt", /^mailflow-tls-guard 0\.1\.0, baseline/],
    ["json", "mailflow-tls-guard.json", /^\{\n {2}"reportVersion": 1,/],
    ["sarif", "mailflow-tls-guard.sarif", /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json"/],
    ["junit", "mailflow-tls-guard.junit.xml", /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /],
    ["markdown", "mailflow-tls-guard.md", /^# Mail flow TLS audit report\n/],
    ["html", "mailflow-tls-guard.html", /^<!DOCTYPE html>\n<html lang="en">/],
  ] as const)("%s renders to %s", (format, file, start) => {
    expect(isReportFormat(format)).toBe(true);
    expect(defaultFileName(format)).toBe(file);
    expect(renderReport(format, report, RULES_UNDER_TEST)).toMatch(start);
  });

  it("lists every format once, and nothing else is one", () => {
    expect(new Set(FORMATS.map(defaultFileName)).size).toBe(FORMATS.length);
    expect(isReportFormat("xml")).toBe(false);
  });

  it("colours only the text format", () => {
    for (const format of FORMATS) {
      const plain = renderReport(format, report, RULES_UNDER_TEST);
      const coloured = renderReport(format, report, RULES_UNDER_TEST, { color: true });
      expect(coloured === plain).toBe(format !== "text");
    }
  });

  it.each(FORMATS)("%s renders with the shipped catalogue, whatever it holds", (format) => {
    expect(renderReport(format, report, RULES).length).toBeGreaterThan(0);
  });

  it("reads back its own JSON", () => {
    expect(parseReport(JSON.parse(renderReport("json", report, RULES)))).toEqual(report);
  });
});
