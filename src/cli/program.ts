import { Argument, Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { parseRemediationOptions, renderDscConfiguration, renderRemediationScript, RESTART_POLICIES, TLS13_CHOICES } from "../remediation/index.js";
import { buildReport, defaultFileName, FORMATS, isReportFormat, newFindings, parseReport, renderReport, type ReportFormat, type ScanReport } from "../report/index.js";
import { RULES } from "../rules/catalogue.js";
import { todayUtc } from "../rules/config.js";
import { describeFsError, InputFileError, MAX_JSON_BYTES, readTextFile } from "./files.js";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.js";
import { progressFor } from "./progress.js";
import { parseJsonFile } from "./readers/json-input.js";
import { configurePolicies, scan } from "./scan.js";
import { parseSettingsText, policyPackConfig, SettingsError } from "./settings.js";
import { DEFAULT_FAIL_ON, FAIL_ON_CHOICES, failingFindings, type FailOn } from "./threshold.js";

const PROGRAM = "mailflow-tls-guard";

/** Formats written when `--output` is given without `--format`: the audit set. */
export const DEFAULT_OUTPUT_FORMATS: readonly ReportFormat[] = ["html", "markdown", "json"];

/** Settings files are a few lines; anything near this size is not one. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/** The package version, from the package.json above this file (src/cli or dist/src/cli). */
function toolVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    if (pkg.name === PROGRAM && typeof pkg.version === "string") return pkg.version;
  }
  return "0.0.0";
}

function collectFormat(value: string, previous: ReportFormat[] = []): ReportFormat[] {
  if (!isReportFormat(value)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(", ")}`);
  return previous.includes(value) ? previous : [...previous, value];
}

function collectString(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function isoDate(value: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError("expected a date as yyyy-mm-dd");
  }
  return value;
}

/** A JSON file the user named with an option (`--config`, `--baseline`): problems name the option and the file. */
async function readOptionJson(option: string, file: string): Promise<unknown> {
  try {
    return parseJsonFile(file, await readTextFile(file, MAX_JSON_BYTES));
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${option} ${error.file}: ${error.problem}`);
    throw error;
  }
}

interface ScanOptions {
  readonly format?: ReportFormat[];
  readonly output?: string;
  readonly failOn: FailOn;
  readonly config?: string;
  readonly baseline?: string;
  readonly asOf?: string;
  readonly eventLog?: string[];
}

/** Where each report goes: a file, or stdout (`file` undefined). */
interface PlannedOutput {
  readonly format: ReportFormat;
  readonly file?: string;
}

function isDirectoryPath(path: string): boolean {
  if (path.endsWith("/") || path.endsWith(sep)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `--output` with one format: a file, or the format's default file in a directory. With several
 * formats (or none, meaning the audit set): a directory, one file per format. Without `--output`
 * one report goes to stdout; several have nowhere to go.
 */
export function planOutputs(formats: readonly ReportFormat[], output: string | undefined): PlannedOutput[] {
  if (output === undefined) {
    if (formats.length > 1) throw new UsageError(`several formats (${formats.join(", ")}) need --output <directory>`);
    return formats.filter((f) => f !== "text").map((format) => ({ format }));
  }
  const chosen = formats.length > 0 ? formats : DEFAULT_OUTPUT_FORMATS;
  if (chosen.length === 1 && !isDirectoryPath(output)) return [{ format: chosen[0] as ReportFormat, file: output }];
  if (existsSync(output) && !isDirectoryPath(output)) throw new UsageError(`--output ${output}: several formats are written to a directory, and this is a file`);
  return chosen.map((format) => ({ format, file: join(output, defaultFileName(format)) }));
}

async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, "utf8");
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${describeFsError(error)}`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function runScan(paths: string[], options: ScanOptions, io: CliIo): Promise<number> {
  const eventLogs = options.eventLog ?? [];
  if (paths.length === 0 && eventLogs.length === 0) throw new UsageError("scan needs at least one path (or --event-log <file>)");
  const outputs = planOutputs(options.format ?? [], options.output);
  const packConfig = options.config === undefined ? undefined : await readOptionJson("--config", options.config);
  const { configured, problems: configProblems, evaluatedOn } = configurePolicies(RULES, packConfig, { asOf: options.asOf, today: todayUtc() });
  if (configProblems.length > 0) throw new UsageError(`--config ${options.config ?? ""}: ${configProblems.join("; ")}`);
  let baseline: ScanReport | undefined;
  if (options.baseline !== undefined) {
    const parsed = parseReport(await readOptionJson("--baseline", options.baseline));
    if ("error" in parsed) throw new UsageError(`--baseline ${options.baseline}: ${parsed.error}`);
    baseline = parsed;
  }

  const result = await scan({ paths, eventLogs, configured, progress: (n) => progressFor(io, n) });
  for (const p of result.problems) io.stderr(`${PROGRAM}: ${p.file}: ${p.problem}\n`);
  if (result.sources.length === 0 && result.problems.length === 0) {
    throw new UsageError(`nothing to scan in ${[...paths, ...eventLogs].join(", ")}: no PowerShell/DSC file, stack export, ARM template or event log (${plural(result.skipped.length, "file")} skipped)`);
  }

  const full = buildReport(result.diagnostics, {
    version: toolVersion(),
    asOf: evaluatedOn,
    inputs: { files: result.sources.map((s) => s.file), skipped: result.skipped, errors: result.problems.map((p) => ({ file: p.file, message: p.problem })) },
    origins: result.origins,
    targets: result.targets,
    serversOf: result.serversOf,
  });
  const report = baseline ? newFindings(full, baseline) : full;
  const written: string[] = [];
  let stdoutTaken = false;
  for (const { format, file } of outputs) {
    const text = renderReport(format, report, RULES);
    if (file === undefined) {
      io.stdout(text.endsWith("\n") ? text : `${text}\n`);
      stdoutTaken = true;
    } else {
      await writeOutput(file, text);
      written.push(file);
    }
  }

  // The summary goes to stdout unless a report already does (then stderr, so the report stays parseable).
  const say = stdoutTaken ? io.stderr : io.stdout;
  say(renderReport("text", report, RULES, { color: !stdoutTaken && io.stdoutIsTTY && io.env.NO_COLOR === undefined }));
  const failing = failingFindings(report.findings, options.failOn);
  const notes = [
    `${plural(result.sources.length, "input")} read, ${plural(result.skipped.length, "file")} skipped${result.problems.length > 0 ? `, ${plural(result.problems.length, "file")} unreadable` : ""}`,
    ...(baseline ? [`${plural(report.findings.length, "new finding")} (${report.summary.unchanged ?? 0} already in ${options.baseline ?? "the baseline"})`] : []),
    ...(result.otherPolicyEvents > 0 ? [`${plural(result.otherPolicyEvents, "policy event")} of other policy packs left out`] : []),
    options.failOn === "none" ? "--fail-on none: findings do not fail the scan" : `${plural(failing.length, "blocking finding")} at or above ${options.failOn} (--fail-on ${options.failOn})`,
    ...written.map((f) => `report: ${f}`),
  ];
  say(`${notes.join("\n")}\n`);
  if (result.problems.length > 0) return EXIT_USAGE;
  return failing.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

interface RenderOptions {
  readonly disableLegacy?: boolean;
  readonly tls13: string;
  readonly restart: string;
  readonly dotnetV2: boolean;
  readonly output?: string;
}

async function runRender(artefact: "script" | "dsc", options: RenderOptions, io: CliIo): Promise<number> {
  const parsed = parseRemediationOptions({ disableLegacyProtocols: options.disableLegacy === true, tls13: options.tls13, restart: options.restart, includeDotNetV2: options.dotnetV2 });
  if (!parsed.ok) throw new UsageError(parsed.problems.join("; "));
  const rendered = artefact === "script" ? renderRemediationScript(parsed.options) : renderDscConfiguration(parsed.options);
  if (options.output === undefined) io.stdout(rendered.text);
  else {
    await writeOutput(options.output, rendered.text);
    io.stderr(`${rendered.fileName} (baseline ${rendered.baselineVersion}, sha256 ${rendered.contentHash}) written to ${options.output}\n`);
  }
  return EXIT_OK;
}

async function runConfig(settingsFile: string, options: { readonly output?: string }, io: CliIo): Promise<number> {
  let doc: Record<string, unknown>;
  try {
    doc = policyPackConfig(parseSettingsText(settingsFile, await readTextFile(settingsFile, MAX_SETTINGS_BYTES)), RULES, todayUtc());
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${error.file}: ${error.problem}`);
    if (error instanceof SettingsError) throw new UsageError(error.problems.map((p) => `${settingsFile}: ${p}`).join("\n"));
    throw error;
  }
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (options.output === undefined) io.stdout(text);
  else {
    await writeOutput(options.output, text);
    io.stderr(`policy pack configuration for ${Object.keys(doc).length} policies written to ${options.output}\n`);
  }
  return EXIT_OK;
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command(PROGRAM)
    .description("Audit Windows mail servers on Azure for TLS 1.2 mail flow to Exchange Online: scan files and exports, render the fix, write the policy pack configuration.")
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("scan")
    .description("Evaluate DSC/PowerShell files, Pulumi stack exports, ARM templates and engine event logs with the policy pack's rules.")
    .argument("[paths...]", "files or folders (walked; unknown files are skipped and counted)")
    .addOption(new Option("-f, --format <format>", `report format, repeatable: ${FORMATS.join(", ")}`).argParser(collectFormat))
    .option("-o, --output <path>", `file (one format) or directory (several); without --format writes ${DEFAULT_OUTPUT_FORMATS.join(", ")}`)
    .addOption(new Option("--fail-on <severity>", "exit 1 on findings at level mandatory with at least this severity").choices(FAIL_ON_CHOICES).default(DEFAULT_FAIL_ON))
    .option("-c, --config <file>", "policy configuration (the --policy-pack-config file format)")
    .option("--baseline <report.json>", "a previous JSON report: report and fail on new findings only")
    .option("--as-of <yyyy-mm-dd>", "evaluation date for lifecycle checks (default: today, UTC)", isoDate)
    .option("--event-log <file>", "a `pulumi preview --event-log` file, repeatable", collectString)
    .action(async (paths: string[], options: ScanOptions) => setExit(await runScan(paths, options, io)));

  program
    .command("render")
    .description("Print the remediation artefact for the baseline: the PowerShell script or the DSC configuration.")
    .addArgument(new Argument("<artefact>", "script or dsc").choices(["script", "dsc"]))
    .option("--disable-legacy", "also disable SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1")
    .addOption(new Option("--tls13 <choice>", "leave TLS 1.3 alone, or disable it (Exchange older than 2019 CU15 on Server 2022+)").choices(TLS13_CHOICES).default("leave"))
    .addOption(new Option("--restart <policy>", "when the server may restart").choices(RESTART_POLICIES).default("never"))
    .option("--no-dotnet-v2", "leave out the .NET v2.0.50727 values")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (artefact: "script" | "dsc", options: RenderOptions) => setExit(await runRender(artefact, options, io)));

  program
    .command("config")
    .description("Write a complete --policy-pack-config file (every policy, its level, the shared keys) from a short settings file (YAML or JSON).")
    .argument("<settings>", "settings file: levels, mailServers, indeterminate, asOf, waivers, scope, policies")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (settings: string, options: { output?: string }) => setExit(await runConfig(settings, options, io)));

  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 nothing at or above the threshold, 1 findings at or
 * above it, 2 bad usage or unreadable input. Every failure is one message, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) io.stderr(`${PROGRAM}: ${error.message}\n`);
    else io.stderr(`${PROGRAM}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
}
