import { createHash } from "node:crypto";
import { type AuditWriter, type Inline, writeAuditReport } from "./document.js";
import { type RuleInfo, type ScanReport, SEVERITIES, severityRank } from "./model.js";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.45; color: #1b1f24; }
body { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
h4 { margin: .2rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.finding { border-left: 4px solid #8c959f; padding: .3rem .8rem; margin: .6rem 0; background: #fafbfc; }
.finding[data-rank="4"] { border-color: #a40e26; } .finding[data-rank="3"] { border-color: #d1242f; }
.finding[data-rank="2"] { border-color: #bf8700; } .finding[data-rank="1"] { border-color: #57606a; }
.steps { white-space: pre-wrap; background: #f6f8fa; padding: .5rem .8rem; font-size: .9rem; }
#severity-filter { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #d0d7de; }
[hidden] { display: none !important; }
`;

/**
 * Severity filter: hides findings below the chosen severity, and control groups left empty.
 * Without JavaScript the filter stays hidden and every finding shows. Waivers are never filtered.
 */
const SCRIPT = `
(function () {
  var form = document.getElementById("severity-filter");
  var select = document.getElementById("min-severity");
  if (!form || !select) return;
  form.hidden = false;
  function apply() {
    var min = Number(select.value);
    document.querySelectorAll(".finding").forEach(function (el) {
      el.hidden = Number(el.getAttribute("data-rank")) < min;
    });
    document.querySelectorAll(".control").forEach(function (group) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    });
  }
  select.addEventListener("change", apply);
  apply();
})();
`;

function sha256(s: string): string {
  return `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
}

/** Nothing loads from anywhere: only the inline style and script, by hash, may run. */
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}`;

function inline(parts: readonly Inline[]): string {
  return parts.map((p) => (typeof p === "string" ? escapeHtml(p) : `<strong>${escapeHtml(p.strong)}</strong>`)).join("");
}

class HtmlWriter implements AuditWriter {
  readonly parts: string[] = [];

  heading(level: 1 | 2 | 3 | 4, text: string, anchor?: string): void {
    this.parts.push(`<h${level}${anchor ? ` id="${escapeHtml(anchor)}"` : ""}>${escapeHtml(text)}</h${level}>`);
  }

  paragraph(...parts: Inline[]): void {
    this.parts.push(`<p>${inline(parts)}</p>`);
  }

  list(items: readonly (readonly Inline[])[]): void {
    this.parts.push(`<ul>${items.map((i) => `<li>${inline(i)}</li>`).join("")}</ul>`);
  }

  table(headers: readonly string[], rows: readonly (readonly Inline[])[]): void {
    const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
    const body = rows.map((r) => `<tr>${r.map((cell) => `<td>${inline([cell])}</td>`).join("")}</tr>`).join("\n");
    this.parts.push(`<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`);
  }

  remediation(markdown: string): void {
    this.parts.push(`<div class="steps">${escapeHtml(markdown.trim())}</div>`);
  }

  severityFilter(): void {
    const options = SEVERITIES.map((s) => `<option value="${severityRank(s)}">${s === "low" ? "all severities" : `${s} and above`}</option>`).reverse();
    this.parts.push(
      `<form id="severity-filter" hidden><label for="min-severity">Show findings of severity </label><select id="min-severity">${options.join("")}</select></form>`,
    );
  }

  finding(rank: number, body: () => void): void {
    this.parts.push(`<article class="finding" data-rank="${rank}">`);
    body();
    this.parts.push("</article>");
  }

  control(body: () => void): void {
    this.parts.push(`<section class="control">`);
    body();
    this.parts.push("</section>");
  }
}

/**
 * The auditor's report as one self-contained HTML file: inline style and script, no external
 * resource (a Content-Security-Policy forbids any), every value escaped.
 */
export function renderHtml(report: ScanReport, rules: readonly RuleInfo[]): string {
  const writer = new HtmlWriter();
  writeAuditReport(report, rules, writer);
  return [
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(`Mail flow TLS audit report, ${report.asOf}`)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    ...writer.parts,
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
