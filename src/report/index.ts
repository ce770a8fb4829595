import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { type RuleInfo, type ScanReport, TOOL_NAME } from "./model.js";
import { renderSarif } from "./sarif.js";
import { renderText, type TextOptions } from "./text.js";

export { buildReport, newFindings, parseReport, findingIdentity, type ReportMeta, type ScanReport, type RuleInfo } from "./model.js";

/** The `--format` choices, in the order the CLI lists them. */
export const FORMATS = ["text", "json", "sarif", "junit", "markdown", "html"] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function isReportFormat(s: string): s is ReportFormat {
  return (FORMATS as readonly string[]).includes(s);
}

export type RenderOptions = TextOptions;

const RENDERERS: Readonly<Record<ReportFormat, (report: ScanReport, rules: readonly RuleInfo[], options: RenderOptions) => string>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** Renders the report in one format; `options.color` affects text only. */
export function renderReport(format: ReportFormat, report: ScanReport, rules: readonly RuleInfo[], options: RenderOptions = {}): string {
  return RENDERERS[format](report, rules, options);
}

const EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  text: "txt",
  json: "json",
  sarif: "sarif",
  junit: "junit.xml",
  markdown: "md",
  html: "html",
};

/** The file a format is written to inside an `--output` directory. */
export function defaultFileName(format: ReportFormat): string {
  return `${TOOL_NAME}.${EXTENSIONS[format]}`;
}
