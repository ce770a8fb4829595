import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { extname } from "node:path";
import { parseRuleConfig } from "../rules/config.js";
import { type EnforcementLevel, type Rule } from "../rules/types.js";
import { asObject } from "./readers/json-values.js";
import { parseJsonFile } from "./readers/json-input.js";
import { InputFileError } from "./files.js";

/**
 * The short settings file `mailflow-tls-guard config` reads (YAML or JSON): what users state once
 * and the `--policy-pack-config` file repeats for every policy.
 */
export interface Settings {
  /** Level per policy; `all` sets the default for the policies not named. */
  readonly levels?: Readonly<Record<string, EnforcementLevel>>;
  readonly mailServers?: unknown;
  readonly indeterminate?: unknown;
  readonly asOf?: unknown;
  readonly waivers?: unknown;
  /** For the server policies (`windows-server-supported`, ...): `mail-servers` or `all-windows`. */
  readonly scope?: unknown;
  /** Each policy's own keys, by policy name. */
  readonly policies?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const SHARED_KEYS = ["mailServers", "indeterminate", "asOf", "waivers"] as const;
const SETTINGS_KEYS: ReadonlySet<string> = new Set(["levels", ...SHARED_KEYS, "scope", "policies"]);
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Thrown with every problem of a settings file, each naming its key. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
  }
}

/** Parses settings text: JSON for `.json` files, YAML otherwise (YAML 1.2 core: dates stay strings). */
export function parseSettingsText(file: string, text: string): unknown {
  if (extname(file).toLowerCase() === ".json") return parseJsonFile(file, text);
  try {
    return load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    const where = error instanceof YAMLException ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}: ${error.reason}` : "";
    throw new InputFileError(file, `invalid YAML${where}`);
  }
}

/**
 * The complete `--policy-pack-config` document for `settings`: every policy of the catalogue with
 * its level, the shared keys (and `scope` for the server policies) and its own keys. Every entry is
 * validated with the same schema the pack applies, so a file this writes is one the pack accepts.
 * Throws SettingsError naming each bad key.
 */
export function policyPackConfig(rawSettings: unknown, rules: readonly Rule[], today: string): Record<string, Record<string, unknown>> {
  const settings = asObject(rawSettings);
  if (!settings) throw new SettingsError(["the settings must be a mapping (YAML) or an object (JSON)"]);
  const problems: string[] = [];
  const names = new Set<string>(rules.map((r) => r.name));
  for (const key of Object.keys(settings)) if (!SETTINGS_KEYS.has(key)) problems.push(`${key}: unknown setting (expected one of ${[...SETTINGS_KEYS].join(", ")})`);

  const levels = settings.levels === undefined ? {} : asObject(settings.levels);
  if (!levels) problems.push("levels: must map policy names to levels");
  for (const [name, level] of Object.entries(levels ?? {})) {
    if (name !== "all" && !names.has(name)) problems.push(`levels.${name}: not a policy of the catalogue`);
    if (!LEVELS.includes(level as EnforcementLevel)) problems.push(`levels.${name}: must be one of ${LEVELS.join(", ")}`);
  }
  const own = settings.policies === undefined ? {} : asObject(settings.policies);
  if (!own) problems.push("policies: must map policy names to their own keys");
  for (const [name, keys] of Object.entries(own ?? {})) {
    const rule = rules.find((r) => r.name === name);
    if (!rule) problems.push(`policies.${name}: not a policy of the catalogue`);
    else if (!asObject(keys)) problems.push(`policies.${name}: must be an object of the policy's own keys`);
    else for (const key of Object.keys(keys as object)) if (!(key in rule.ownConfig)) problems.push(`policies.${name}.${key}: not a key of ${name} (its keys: ${Object.keys(rule.ownConfig).join(", ") || "none"})`);
  }
  if (problems.length > 0) throw new SettingsError(problems);

  const shared: Record<string, unknown> = {};
  for (const key of SHARED_KEYS) if (settings[key] !== undefined) shared[key] = settings[key];
  const out: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const level = (levels?.[rule.name] ?? levels?.all ?? rule.enforcementLevel) as EnforcementLevel;
    const entry: Record<string, unknown> = {
      enforcementLevel: level,
      ...shared,
      ...(rule.serverScoped && settings.scope !== undefined ? { scope: settings.scope } : {}),
      ...asObject(own?.[rule.name]),
    };
    // The pack's own validation: bad values of the shared or own keys are named here, not at preview.
    for (const p of parseRuleConfig(rule, entry, today).problems) problems.push(p.startsWith(`${rule.name}: `) ? settingsKeyOf(p, rule.name) : p);
    out[rule.name] = entry;
  }
  if (problems.length > 0) throw new SettingsError([...new Set(problems)]);
  return out;
}

/**
 * A schema problem of one policy entry (`<policy>: <path> <message>`) in the settings' terms: a
 * shared key once for all policies (`asOf: must match ...`), an own key under `policies.<policy>`.
 */
function settingsKeyOf(problem: string, policy: string): string {
  const rest = problem.slice(policy.length + 2);
  const space = rest.indexOf(" ");
  const path = space === -1 ? rest : rest.slice(0, space);
  const message = space === -1 ? "is invalid" : rest.slice(space + 1);
  const top = path.split(".")[0] ?? "";
  const shared = (SHARED_KEYS as readonly string[]).includes(top) || top === "scope";
  return `${shared ? path : `policies.${policy}.${path}`}: ${message}`;
}
