import { describe, expect, it } from "vitest";
import { CONTROLS } from "../../src/baseline/controls.js";
import { MAIL_FLOW_SYMPTOMS } from "../../src/baseline/symptoms.js";
import { renderHtml } from "../../src/report/html.js";
import { markdownText, renderMarkdown } from "../../src/report/markdown.js";
import { type ScanReport } from "../../src/report/model.js";
import { fixtureReport, hostileReport, HOSTILE_NAME, RULES_UNDER_TEST } from "./fixture.js";

/** What a reader sees: markup removed, escapes undone, table cells joined by " | ". */
const VISIBLE: Record<"markdown" | "html", (out: string) => string> = {
  markdown: (out) =>
    out
      .replace(/\*\*/g, "")
      .replace(/\\(.)/g, "$1")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  html: (out) =>
    out
      .replace(/<\/t[dh]>\s*<t[dh]>/g, " | ")
      .replace(/<\/(li|p|h\d|tr)>/g, "$&\n")
      .replace(/<(script|style)>[\s\S]*?<\/\1>/g, "")
      .replace(/<[^>]*>/g, "")
      .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))),
};

const RENDER: Record<"markdown" | "html", (r: ScanReport) => string> = {
  markdown: (r) => renderMarkdown(r, RULES_UNDER_TEST),
  html: (r) => renderHtml(r, RULES_UNDER_TEST),
};

const FORMATS = ["markdown", "html"] as const;
const report = fixtureReport();
const cited = CONTROLS.filter((c) => report.findings.some((f) => f.control === c.id));

describe.each(FORMATS)("auditor's report (%s)", (format) => {
  const visible = VISIBLE[format](RENDER[format](report));

  it.each(cited.map((c) => [c.id, c] as const))("cites control %s with its title, requirement and references", (_id, c) => {
    expect(visible).toContain(`${c.id}: ${c.title}`);
    expect(visible).toContain(c.requirement);
    for (const r of c.references) {
      const line = `${r.framework} ${r.id}: ${r.title}`;
      expect(visible).toContain(r.verified ? `${line}\n` : `${line} (unverified)`);
    }
  });

  it("does not cite controls no finding names", () => {
    for (const c of CONTROLS.filter((x) => !cited.includes(x))) expect(visible).not.toContain(`${c.id}: ${c.title}`);
  });

  it.each([
    ["a registry value", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server | Enabled | 0 | 1 | dsc/mx01-tls.ps1:14 | mx01-tls"],
    ["a property value", "osProfile.windowsConfiguration.patchSettings.patchMode |  | Manual | AutomaticByPlatform |  | "],
    ["an indeterminate place", "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 | SchUseStrongCrypto |  |  |  | mx03-cse"],
  ])("shows the evidence of %s", (_what, row) => {
    expect(visible).toContain(row);
  });

  it.each([
    ["active", "mx04 | schannel-tls12-enabled | active | Legacy relay decommissioned in Q2 | CISO office | 2027-06-30 | config"],
    ["expired", "mx05 | windows-automatic-patching | EXPIRED | Vendor freeze during migration | Change board | 2026-01-31 | config"],
    ["incomplete", "mx06 | windows-automatic-patching | INCOMPLETE (lacks expires) | Pilot ring | Ops lead |  | tag"],
  ])("lists the %s waiver with reason, approver and expiry", (_status, row) => {
    expect(visible).toContain(row);
  });

  it("marks expired and incomplete waivers at the finding too", () => {
    expect(visible).toContain("Waiver: EXPIRED waiver: ended 2026-01-31, approved by Change board (config); reason: Vendor freeze during migration. The violation applies again.");
    expect(visible).toContain("Waiver: INCOMPLETE waiver, not applied: lacks expires; approved by Ops lead (tag); reason: Pilot ring");
  });

  it("gives the remediation steps of each policy with findings, and the symptoms of a failing server", () => {
    for (const rule of RULES_UNDER_TEST) expect(visible).toContain(rule.remediationSteps);
    for (const s of MAIL_FLOW_SYMPTOMS) expect(visible).toContain(`${s.text} (${s.where})`);
    // Only mx01 has an unwaived TLS 1.2 violation.
    expect(visible.match(/Mail flow at risk:/g)).toHaveLength(1);
    expect(visible).toMatch(/Server mx02\s+Status: compliant[^\n]*\s+No findings/);
  });

  it("shows a hostile resource name as text, never as markup", () => {
    const raw = RENDER[format](hostileReport());
    expect(VISIBLE[format](raw)).toContain(`Server ${HOSTILE_NAME}`);
    expect(raw).not.toContain("<img");
    expect(raw.match(/<script/g)?.length ?? 0).toBe(format === "html" ? 1 : 0);
  });
});

describe("Markdown escaping", () => {
  it.each([
    ["a | b", "a \\| b"],
    ["<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"],
    ["# not a heading", "\\# not a heading"],
    ["1. not a list", "\\1. not a list"],
    ["two\nlines", "two lines"],
    ["[link](http://x)", "\\[link\\](http://x)"],
    ["a & b", "a &amp; b"],
  ])("writes %j as %j", (input, output) => {
    expect(markdownText(input)).toBe(output);
  });

  it("keeps a table row to its columns whatever a cell holds", () => {
    const rows = renderMarkdown(hostileReport(), RULES_UNDER_TEST)
      .split("\n")
      .filter((l) => l.startsWith("| ") && l.includes("Enabled"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.replace(/\\\|/g, "").split("|").length).toBe(6 + 2);
  });
});

describe("HTML file", () => {
  const html = renderHtml(report, RULES_UNDER_TEST);

  it("is one self-contained file: no external resource, and a policy that forbids loading any", () => {
    expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'">/);
  });

  it("marks every finding with its severity rank for the filter, and hides the filter without a script", () => {
    const ranks = [...html.matchAll(/<article class="finding" data-rank="(\d)">/g)].map((m) => Number(m[1]));
    expect(ranks.sort()).toEqual(report.findings.map((f) => ({ critical: 4, high: 3, medium: 2, low: 1 })[f.severity]).sort());
    expect(html).toContain(`<form id="severity-filter" hidden>`);
  });
});
