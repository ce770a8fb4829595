import { isUnknown } from "../values.js";
import { parseRuleConfig, type RuleConfig } from "./config.js";
import { decide, type Diagnostic } from "./decide.js";
import { type EnforcementLevel, type ResourceInput, type Rule, type RuleFinding } from "./types.js";
import { type WaiverSource } from "./waivers.js";

/** The Azure tag that carries a waiver, keeping it visible in Azure (PRODUCT.md). */
export const WAIVER_TAG = "mailflow-tls-guard-waiver";

/**
 * Parses the waiver tag: `policy=<name>;reason=<text>;approver=<who>;expires=<yyyy-mm-dd>` (JSON
 * with the same keys, or `approvedBy`, is accepted too). Several waivers: separate them with `|`.
 */
export function parseWaiverTag(text: string, resourceName: string): WaiverSource[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      return list.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null).map((o) => tagWaiver(o, resourceName));
    } catch {
      return [{ policy: "*", resource: resourceName, source: "tag" }];
    }
  }
  return trimmed
    .split("|")
    .filter((part) => part.trim().length > 0)
    .map((part) => {
      const fields: Record<string, string> = {};
      for (const kv of part.split(";")) {
        const i = kv.indexOf("=");
        if (i > 0) fields[kv.slice(0, i).trim().toLowerCase()] = kv.slice(i + 1).trim();
      }
      return tagWaiver(fields, resourceName);
    });
}

function tagWaiver(o: Record<string, unknown>, resourceName: string): WaiverSource {
  const str = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = o[k];
      if (typeof v === "string" && v.trim()) return v.trim();
    }
    return undefined;
  };
  const expires = str("expires", "expiry");
  return {
    policy: str("policy") ?? "*",
    resource: resourceName,
    source: "tag",
    ...(str("reason") ? { reason: str("reason") } : {}),
    ...(str("approver", "approvedby", "approvedBy") ? { approvedBy: str("approver", "approvedby", "approvedBy") } : {}),
    ...(expires && /^\d{4}-\d{2}-\d{2}$/.test(expires) ? { expires } : {}),
  };
}

/** Waivers declared by the tag on a resource's own properties (`tags`). */
export function tagWaiversOf(resource: Pick<ResourceInput, "props" | "name">): WaiverSource[] {
  const tags = resource.props.tags;
  if (typeof tags !== "object" || tags === null || isUnknown(tags)) return [];
  const value = (tags as Record<string, unknown>)[WAIVER_TAG];
  return typeof value === "string" && !isUnknown(value) ? parseWaiverTag(value, resource.name) : [];
}

/** A configured policy: its level and parsed configuration. */
export interface ConfiguredRule {
  readonly rule: Rule;
  readonly level: EnforcementLevel;
  readonly config: RuleConfig;
  readonly problems: readonly string[];
}

/**
 * Applies a `--policy-pack-config` document (policy name → level string, or object with
 * `enforcementLevel` and keys; the `all` entry carries a level for every policy) to the catalogue.
 */
export function configureRules(rules: readonly Rule[], packConfig: unknown, today: string): ConfiguredRule[] {
  const doc = typeof packConfig === "object" && packConfig !== null && !Array.isArray(packConfig) ? (packConfig as Record<string, unknown>) : {};
  const levelOf = (v: unknown): EnforcementLevel | undefined => {
    const l = typeof v === "string" ? v : typeof v === "object" && v !== null ? (v as Record<string, unknown>).enforcementLevel : undefined;
    return l === "advisory" || l === "mandatory" || l === "remediate" || l === "disabled" ? l : undefined;
  };
  const all = levelOf(doc.all);
  return rules.map((rule) => {
    const entry = doc[rule.name];
    const { config, problems } = parseRuleConfig(rule, typeof entry === "object" ? entry : undefined, today);
    const incomplete = config.waivers
      .filter((w) => !w.reason?.trim() || !w.expires?.trim())
      .map((w) => `${rule.name}: waiver for ${w.resource} lacks ${[!w.reason?.trim() && "a reason", !w.expires?.trim() && "an expiry date"].filter(Boolean).join(" and ")} and is not applied`);
    return { rule, level: levelOf(entry) ?? all ?? rule.enforcementLevel, config, problems: [...problems, ...incomplete] };
  });
}

/** Runs one resource rule on one resource and decides the reported levels. */
export async function runResourceRule(c: ConfiguredRule, resource: ResourceInput): Promise<Diagnostic[]> {
  if (c.rule.kind !== "resource" || c.level === "disabled" || !c.rule.appliesTo(resource.type)) return [];
  const findings: RuleFinding[] = (await c.rule.evaluate(resource, c.config)).map((f) => ({ ...f, urn: resource.urn, resourceName: resource.name }));
  return decide(c.rule, c.level, c.config, findings, () => tagWaiversOf(resource));
}

/** Runs one stack rule over all resources; waiver tags are read from the resource each finding names. */
export async function runStackRule(c: ConfiguredRule, resources: readonly ResourceInput[]): Promise<Diagnostic[]> {
  if (c.rule.kind !== "stack" || c.level === "disabled") return [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const findings = await c.rule.evaluate(resources, c.config);
  return decide(c.rule, c.level, c.config, findings, (urn) => {
    const r = byUrn.get(urn);
    return r ? tagWaiversOf(r) : [];
  });
}
