/**
 * The only place that knows @pulumi/policy: wraps the framework-free rules of `src/rules` into
 * CrossGuard policies. Everything a policy decides comes from `src/rules/engine.ts`; this file
 * only converts the SDK's arguments to plain data and diagnostics back to `reportViolation` calls.
 */
import {
  type PolicyResource,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { BASELINE_VERSION, control } from "../src/baseline/index.js";
import { configSchemaOf } from "../src/rules/config.js";
import { type Diagnostic } from "../src/rules/decide.js";
import { configureRules, runResourceRule, runStackRule, type ConfiguredRule } from "../src/rules/engine.js";
import { todayUtc } from "../src/rules/config.js";
import { type ResourceInput, type Rule } from "../src/rules/types.js";

/** @pulumi/policy marks proxies with this key; reading it returns the plain deserialized object. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Plain data behind the SDK's unknown-checking proxy (unknowns stay as their sentinel strings). */
export function plainProps(props: Record<string, unknown>): Record<string, unknown> {
  const target = props[PROXY_TARGET];
  return typeof target === "object" && target !== null ? (target as Record<string, unknown>) : props;
}

/**
 * Reports one diagnostic. A violation at the policy's own level goes through the plain form, so the
 * SDK applies the configured enforcement level; a diagnostic at another level (waived, or
 * indeterminate at the `indeterminate` setting) uses the object form, which @pulumi/policy 1.21
 * honours at run time but does not type. A test fails if the SDK stops honouring it.
 */
export function report(reportViolation: ReportViolation, d: Diagnostic): void {
  const ownLevel = d.outcome === "violation" && d.waiver?.status !== "active";
  if (ownLevel) {
    reportViolation(d.message, d.urn);
    return;
  }
  const objectForm = { message: d.message, urn: d.urn, enforcementLevel: d.level };
  (reportViolation as unknown as (v: typeof objectForm) => void)(objectForm);
}

/** Configuration problems are reported once per policy and process, as mandatory: a typo must not weaken a check silently. */
const reportedProblems = new Set<string>();
function reportProblems(c: ConfiguredRule, reportViolation: ReportViolation): void {
  for (const p of c.problems) {
    if (reportedProblems.has(p)) continue;
    reportedProblems.add(p);
    (reportViolation as unknown as (v: object) => void)({ message: `[CONFIG_INVALID] ${p}`, enforcementLevel: "mandatory" });
  }
}

/**
 * The rule's parsed configuration. The SDK hands every call the same configuration object until
 * the next `Configure`, so the parse (schema validation, defaults) is done once per configuration
 * and day, not once per resource.
 */
const configuredCache = new Map<string, { readonly key: string; readonly configured: ConfiguredRule }>();
function configured(rule: Rule, config: object): ConfiguredRule {
  const today = todayUtc();
  const key = `${today}\u0000${JSON.stringify(config)}`;
  const hit = configuredCache.get(rule.name);
  if (hit?.key === key) return hit.configured;
  // The SDK has already chosen the enforcement level; the engine only needs it to tell "own level" apart.
  const [c] = configureRules([rule], { [rule.name]: { ...config, enforcementLevel: "mandatory" } }, today);
  if (!c) throw new Error(`rule ${rule.name} not configured`);
  configuredCache.set(rule.name, { key, configured: c });
  return c;
}

function resourceInput(r: Pick<ResourceValidationArgs, "type" | "name" | "urn" | "props" | "opts">, extra: Partial<ResourceInput["options"]> = {}): ResourceInput {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: plainProps(r.props),
    options: { ...(r.opts.parent ? { parent: r.opts.parent } : {}), ...extra },
  };
}

function stackResourceInput(r: PolicyResource): ResourceInput {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [k, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[k] = deps.map((d) => d.urn);
  return resourceInput(r, {
    ...(r.parent ? { parent: r.parent.urn } : {}),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
  });
}

function framework(rule: Rule): { name: string; version: string; reference: string; specification: string } {
  const primary = control(rule.controls[0] ?? "MTG-TLS12");
  return {
    name: "mailflow-tls-guard controls",
    version: BASELINE_VERSION,
    reference: rule.controls.join(", "),
    specification: primary.references.map((r) => `${r.framework} ${r.id}${r.verified ? "" : " (unverified)"}`).join("; "),
  };
}

/** The CrossGuard policy for one rule. */
export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const meta = {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    remediationSteps: rule.remediationSteps,
    url: rule.url,
    framework: framework(rule),
    tags: [...rule.controls, ...rule.controls.flatMap((c) => control(c).references.map((r) => `${r.framework} ${r.id}`))],
    configSchema: { properties: configSchemaOf(rule) as Record<string, never> },
  };
  if (rule.kind === "resource") {
    return {
      ...meta,
      validateResource: async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!rule.appliesTo(args.type)) return;
        const c = configured(rule, args.getConfig<object>());
        reportProblems(c, reportViolation);
        for (const d of await runResourceRule(c, resourceInput(args))) report(reportViolation, d);
      },
      ...(rule.remediate ? { remediateResource: (args: ResourceValidationArgs) => rule.remediate?.(args.type, args.props, configured(rule, args.getConfig<object>()).config) } : {}),
    };
  }
  return {
    ...meta,
    validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const c = configured(rule, args.getConfig<object>());
      reportProblems(c, reportViolation);
      for (const d of await runStackRule(c, args.resources.map(stackResourceInput))) report(reportViolation, d);
    },
  };
}
