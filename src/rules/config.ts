import Ajv, { type ValidateFunction } from "ajv";
import { type MailServerSelector } from "../azure/select.js";
import { type JsonSchema, type Rule } from "./types.js";

export interface WaiverConfig {
  readonly policy: string;
  /** A resource name or a URN pattern with `*`. */
  readonly resource: string;
  readonly reason?: string;
  readonly approvedBy?: string;
  /** yyyy-mm-dd: the waiver stops applying after this day. */
  readonly expires?: string;
}

/**
 * Shared configuration, accepted by every policy (PRODUCT.md "Shared configuration"). The Pulumi
 * CLI's `all` entry carries only an enforcement level, so these keys are set per policy; the
 * `config` command writes them for every policy from one settings file.
 */
export interface RuleConfig {
  readonly mailServers: MailServerSelector;
  readonly indeterminate: "advisory" | "mandatory";
  /** Evaluation date (yyyy-mm-dd) for lifecycle checks. */
  readonly asOf: string;
  readonly waivers: readonly WaiverConfig[];
  readonly scope: "mail-servers" | "all-windows";
  /** The policy's own keys, after defaults. */
  readonly own: Readonly<Record<string, unknown>>;
}

export const DEFAULT_MAIL_SERVER_SELECTOR: MailServerSelector = {
  tagKeys: ["role", "workload"],
  tagValues: ["exchange", "mail", "mailbox", "edge", "smtp", "smtp-relay"],
  namePatterns: [],
  include: [],
  exclude: [],
};

const stringList: JsonSchema = { type: "array", items: { type: "string" } };
const isoDate: JsonSchema = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" };

/** JSON schema of the shared keys, merged into every policy's configSchema. */
export const SHARED_CONFIG_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  mailServers: {
    type: "object",
    description: "Which machines are mail servers: tag keys and values, name patterns (glob with *), include / exclude lists of names.",
    properties: { tagKeys: stringList, tagValues: stringList, namePatterns: stringList, include: stringList, exclude: stringList },
    additionalProperties: false,
  },
  indeterminate: {
    type: "string",
    enum: ["advisory", "mandatory"],
    default: "advisory",
    description: "Level at which an indeterminate outcome (unknown during preview, content only at a URL, dynamic script) is reported.",
  },
  asOf: { ...isoDate, description: "Evaluation date (yyyy-mm-dd) for lifecycle checks; default: today (UTC). Set it for reproducible audits." },
  waivers: {
    type: "array",
    description: "Accepted exceptions. A waived violation does not block and stays visible with its reason and expiry.",
    items: {
      type: "object",
      properties: {
        policy: { type: "string", description: "Policy name, or * for every policy." },
        resource: { type: "string", description: "Resource name, or URN pattern with *." },
        reason: { type: "string" },
        approvedBy: { type: "string" },
        expires: isoDate,
      },
      required: ["policy", "resource"],
      additionalProperties: false,
    },
  },
};

export const SCOPE_SCHEMA: JsonSchema = {
  type: "string",
  enum: ["mail-servers", "all-windows"],
  default: "mail-servers",
  description: "mail-servers (default) or all-windows: every Windows VM, scale set and Arc machine.",
};

/** The full configSchema `properties` of a rule: shared keys, `scope` for server rules, own keys. */
export function configSchemaOf(rule: Rule): Record<string, JsonSchema> {
  return { ...SHARED_CONFIG_SCHEMA, ...(rule.serverScoped ? { scope: SCOPE_SCHEMA } : {}), ...rule.ownConfig };
}

const validators = new Map<string, ValidateFunction>();

function validatorOf(rule: Rule): ValidateFunction {
  let v = validators.get(rule.name);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    // `enforcementLevel` sits beside the keys in a --policy-pack-config entry.
    v = ajv.compile({ type: "object", properties: { ...configSchemaOf(rule), enforcementLevel: { type: "string" } }, additionalProperties: false });
    validators.set(rule.name, v);
  }
  return v;
}

export interface ParsedConfig {
  readonly config: RuleConfig;
  /** Problems with the configuration, each naming the key; the defaults are used for bad keys. */
  readonly problems: readonly string[];
}

/**
 * Validates and completes one policy's configuration. Never throws: a bad key is reported and its
 * default used, so a typo in a config file is visible instead of silently weakening a check.
 */
export function parseRuleConfig(rule: Rule, raw: unknown, today: string): ParsedConfig {
  const problems: string[] = [];
  let input: Record<string, unknown> = {};
  if (raw !== undefined && raw !== null) {
    if (typeof raw === "object" && !Array.isArray(raw)) input = structuredClone(raw as Record<string, unknown>);
    else problems.push(`configuration of ${rule.name} must be an object`);
  }
  const validate = validatorOf(rule);
  if (!validate(input)) {
    for (const e of validate.errors ?? []) {
      const key = e.instancePath.replace(/^\//, "").replace(/\//g, ".") || (e.params as { additionalProperty?: string }).additionalProperty || "(root)";
      problems.push(`${rule.name}: ${key} ${e.message ?? "is invalid"}`);
      const top = key.split(".")[0];
      if (top) delete input[top];
    }
    validate(input); // fill defaults for what is left
  }
  const selector = (input.mailServers ?? {}) as Partial<MailServerSelector>;
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(rule.ownConfig)) if (key in input) own[key] = input[key];
  const config: RuleConfig = {
    mailServers: { ...DEFAULT_MAIL_SERVER_SELECTOR, ...selector },
    indeterminate: input.indeterminate === "mandatory" ? "mandatory" : "advisory",
    asOf: typeof input.asOf === "string" ? input.asOf : today,
    waivers: Array.isArray(input.waivers) ? (input.waivers as WaiverConfig[]) : [],
    scope: input.scope === "all-windows" ? "all-windows" : "mail-servers",
    own,
  };
  return { config, problems };
}

/** Today as yyyy-mm-dd (UTC): the default evaluation date. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
