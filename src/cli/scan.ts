import { classifyResource } from "../azure/classify.js";
import { isServerKind } from "../azure/types.js";
import { type Origin, type ServerRef } from "../report/model.js";
import { carrierServers } from "../rules/analysis.js";
import { type Diagnostic } from "../rules/decide.js";
import { configureRules, runResourceRule, runStackRule, type ConfiguredRule } from "../rules/engine.js";
import { type ResourceInput, type Rule } from "../rules/types.js";
import { collectInputFiles, InputFileError, MAX_POWERSHELL_BYTES, readTextFile, type FileProblem, type InputFile } from "./files.js";
import { type Progress } from "./progress.js";
import { readEventLog } from "./readers/event-log.js";
import { readJsonInput } from "./readers/json-input.js";
import { scriptCarrier } from "./readers/powershell.js";

export type SourceKind = "stackExport" | "arm" | "powershell" | "eventLog";

/** One file that was read, and what it gave. */
export interface ScannedSource {
  readonly file: string;
  readonly kind: SourceKind;
  /** Resources evaluated (stack exports, ARM, scripts) or policy events joined (event logs). */
  readonly items: number;
}

export interface ScanRequest {
  readonly paths: readonly string[];
  readonly eventLogs: readonly string[];
  /** The catalogue with the `--policy-pack-config` levels and keys applied (`configurePolicies`). */
  readonly configured: readonly ConfiguredRule[];
  readonly progress: (totalFiles: number) => Progress;
}

export interface ScanResult {
  readonly diagnostics: Diagnostic[];
  /** Where each evaluated resource was read from, by URN. */
  readonly origins: ReadonlyMap<string, Origin>;
  /** What the report lists even without findings: the machines, and each script scanned on its own. */
  readonly targets: { readonly name: string; readonly urn: string }[];
  /** Carrier URN to the servers it configures, so that reports file its findings under them. */
  readonly serversOf: ReadonlyMap<string, readonly ServerRef[]>;
  readonly sources: ScannedSource[];
  /** Files of no known kind, and JSON files that are neither a stack export nor ARM. */
  readonly skipped: string[];
  /** Unreadable inputs: the CLI exits 2 when there is any. */
  readonly problems: FileProblem[];
  /** Policy events of other packs found in event logs, left out. */
  readonly otherPolicyEvents: number;
}

/**
 * The catalogue configured from a `--policy-pack-config` document. An `asOf` given here (the
 * `--as-of` option) goes into every policy's entry, since the `all` entry carries only a level, and
 * wins over the file's; otherwise each policy's `asOf` or `today` applies. `evaluatedOn` is the
 * date the report states: the one every policy uses, or `today` when they differ.
 */
export function configurePolicies(
  rules: readonly Rule[],
  packConfig: unknown,
  options: { readonly asOf?: string; readonly today: string },
): { configured: ConfiguredRule[]; problems: string[]; evaluatedOn: string } {
  const doc = options.asOf === undefined ? packConfig : withEvaluationDate(packConfig, rules, options.asOf);
  const configured = configureRules(rules, doc, options.today);
  const dates = new Set(configured.map((c) => c.config.asOf));
  const [only] = dates;
  return { configured, problems: [...new Set(configured.flatMap((c) => c.problems))], evaluatedOn: dates.size === 1 && only !== undefined ? only : options.today };
}

function withEvaluationDate(packConfig: unknown, rules: readonly Rule[], asOf: string): Record<string, unknown> {
  const doc = typeof packConfig === "object" && packConfig !== null && !Array.isArray(packConfig) ? { ...(packConfig as Record<string, unknown>) } : {};
  for (const rule of rules) {
    const entry = doc[rule.name];
    if (typeof entry === "string") doc[rule.name] = { enforcementLevel: entry, asOf };
    else if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) doc[rule.name] = { ...entry, asOf };
    else if (entry === undefined) doc[rule.name] = { asOf };
  }
  return doc;
}

/**
 * Evaluates one file's resources with the pack's engine: every resource rule on every resource,
 * every stack rule once over the file (a stack export is one stack; an ARM file one deployment).
 */
export async function evaluateResources(configured: readonly ConfiguredRule[], resources: readonly ResourceInput[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const c of configured) {
    if (c.rule.kind === "stack") out.push(...(await runStackRule(c, resources)));
    else for (const resource of resources) out.push(...(await runResourceRule(c, resource)));
  }
  return out;
}

/** The Azure resource id a stack export or resource list carries (`id` output). */
function azureIdOf(r: ResourceInput): { azureId?: string } {
  const id = r.props.id;
  return typeof id === "string" && id.toLowerCase().startsWith("/subscriptions/") ? { azureId: id } : {};
}

/**
 * Evidence from a script is located in the script (file `source.value`, the line in the script).
 * A script file is that file, line for line; a script embedded in JSON is placed at its carrier
 * resource in the JSON file (the message keeps the line within the script).
 */
export function placeEvidence(d: Diagnostic, resources: readonly ResourceInput[], scriptFile: boolean): Diagnostic {
  if (!d.evidence.some((e) => e.location)) return d;
  const originOf = (carrier: string | undefined): ResourceInput["origin"] => (resources.find((r) => r.name === carrier) ?? resources.find((r) => r.urn === d.urn))?.origin;
  const evidence = d.evidence.map((e) => {
    const origin = e.location ? originOf(e.carrier) : undefined;
    if (!e.location || !origin) return e;
    const location = scriptFile ? { ...e.location, file: origin.file } : { file: origin.file, ...(origin.line !== undefined ? { line: origin.line } : {}) };
    return { ...e, location };
  });
  return { ...d, evidence };
}

interface FileOutcome {
  readonly source?: ScannedSource;
  readonly resources: readonly ResourceInput[];
  /** Places of resources known only by URN (event logs). */
  readonly origins?: ReadonlyMap<string, Origin>;
  readonly diagnostics: readonly Diagnostic[];
  readonly otherPolicyEvents: number;
}

async function readInput(file: InputFile, rules: readonly Rule[]): Promise<FileOutcome> {
  const none = { resources: [], diagnostics: [], otherPolicyEvents: 0 };
  switch (file.kind) {
    case "powershell": {
      const resource = scriptCarrier(file.path, await readTextFile(file.path, MAX_POWERSHELL_BYTES));
      return { ...none, source: { file: file.path, kind: "powershell", items: 1 }, resources: [resource] };
    }
    case "json": {
      const input = await readJsonInput(file.path);
      if (input.kind === "unrecognized") return none;
      return { ...none, source: { file: file.path, kind: input.kind, items: input.resources.length }, resources: input.resources };
    }
    case "eventLog": {
      const log = await readEventLog(file.path, rules);
      return { ...none, source: { file: file.path, kind: "eventLog", items: log.diagnostics.length }, diagnostics: log.diagnostics, origins: log.origins, otherPolicyEvents: log.otherPolicyEvents };
    }
  }
}

/** Reads every input, evaluates it, and gathers what the reports need. Never throws on bad input. */
export async function scan(request: ScanRequest): Promise<ScanResult> {
  const { configured } = request;
  const rules = configured.map((c) => c.rule);
  const found = await collectInputFiles(request.paths);
  const logs = await collectInputFiles(request.eventLogs, "eventLog");
  const files = [...found.files, ...logs.files];
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<string, Origin>();
  const targets: { name: string; urn: string }[] = [];
  const serversOf = new Map<string, ServerRef[]>();
  const sources: ScannedSource[] = [];
  const skipped = [...found.skipped, ...logs.skipped];
  const problems = [...found.problems, ...logs.problems];
  let otherPolicyEvents = 0;
  const progress = request.progress(files.length);
  progress.start(files.length);
  try {
    for (const file of files) {
      progress.advance(file.path);
      let outcome: FileOutcome;
      try {
        outcome = await readInput(file, rules);
      } catch (error) {
        if (!(error instanceof InputFileError)) throw error;
        problems.push({ file: error.file, problem: error.problem });
        continue;
      }
      if (!outcome.source) {
        skipped.push(file.path);
        continue;
      }
      sources.push(outcome.source);
      for (const [urn, origin] of outcome.origins ?? []) if (!origins.has(urn)) origins.set(urn, origin);
      for (const r of outcome.resources) {
        if (r.origin) origins.set(r.urn, { ...r.origin, ...azureIdOf(r) });
        const kind = classifyResource(r.type);
        if (outcome.source.kind === "powershell" || (kind && isServerKind(kind))) targets.push({ name: r.name, urn: r.urn });
      }
      const names = new Map(outcome.resources.map((r) => [r.urn, r.name]));
      for (const [carrier, servers] of await carrierServers(outcome.resources)) {
        if (servers.length > 0) serversOf.set(carrier, servers.map((urn) => ({ name: names.get(urn) ?? urn, urn })));
      }
      const evaluated = await evaluateResources(configured, outcome.resources);
      diagnostics.push(...outcome.diagnostics, ...evaluated.map((d) => placeEvidence(d, outcome.resources, outcome.source?.kind === "powershell")));
      otherPolicyEvents += outcome.otherPolicyEvents;
    }
  } finally {
    progress.stop();
  }
  return { diagnostics, origins, targets, serversOf, sources, skipped, problems, otherPolicyEvents };
}
