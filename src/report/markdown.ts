import { type AuditWriter, type Inline, writeAuditReport } from "./document.js";
import { type RuleInfo, type ScanReport } from "./model.js";

/**
 * Text from the report as Markdown that shows it literally: no markup, no raw HTML, no table break
 * (resource names and file paths come from inputs). Newlines become spaces; characters that start a
 * block are escaped at the start.
 */
export function markdownText(s: string): string {
  return s
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]{}|~]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/^(\s*)([#+\-=!]|\d+[.)])/, "$1\\$2");
}

function inline(parts: readonly Inline[]): string {
  return parts.map((p) => (typeof p === "string" ? markdownText(p) : `**${markdownText(p.strong)}**`)).join("");
}

class MarkdownWriter implements AuditWriter {
  readonly blocks: string[] = [];

  heading(level: 1 | 2 | 3 | 4, text: string): void {
    this.blocks.push(`${"#".repeat(level)} ${markdownText(text)}`);
  }

  paragraph(...parts: Inline[]): void {
    this.blocks.push(inline(parts));
  }

  list(items: readonly (readonly Inline[])[]): void {
    this.blocks.push(items.map((item) => `- ${inline(item)}`).join("\n"));
  }

  table(headers: readonly string[], rows: readonly (readonly Inline[])[]): void {
    const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
    this.blocks.push([line(headers.map(markdownText)), line(headers.map(() => "---")), ...rows.map((r) => line(r.map((cell) => inline([cell]))))].join("\n"));
  }

  remediation(markdown: string): void {
    this.blocks.push(markdown.trim());
  }

  severityFilter(): void {}

  finding(_rank: number, body: () => void): void {
    body();
  }

  control(body: () => void): void {
    body();
  }
}

/** The auditor's report as Markdown: per server, per control, with evidence, waivers and remediation. */
export function renderMarkdown(report: ScanReport, rules: readonly RuleInfo[]): string {
  const writer = new MarkdownWriter();
  writeAuditReport(report, rules, writer);
  return `${writer.blocks.join("\n\n")}\n`;
}
