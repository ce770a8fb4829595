/**
 * Runs rules the way @pulumi/policy's analyzer server runs them, without the Pulumi CLI:
 * - `validateResource` / `validateStack`: properties go through a `google.protobuf.Struct`, the
 *   SDK's `deserializeProperties` (which unwraps the engine's secret encoding) and its
 *   `unknownCheckingProxy`, then into the policy `toPolicy(rule)` builds; `reportViolation`
 *   records every call, string or object form, and the level the SDK gives it.
 * - `analyzeWithSdk` / `analyzeStackWithSdk`: the SDK's own `analyze` / `analyzeStack` RPC
 *   handlers, fed protobuf requests; what they return is what the CLI would display.
 * The SDK's RPC handlers only take configuration through the `configure` RPC, so the configured
 * cases use the first path, whose level rule is checked against the second by a test.
 */
import type * as policySdk from "@pulumi/policy";
import * as deserializeModule from "@pulumi/policy/deserialize";
import * as proxyModule from "@pulumi/policy/proxy";
import * as serverModule from "@pulumi/policy/server";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { toPolicy } from "../../policies/adapter.js";
import { type ResourceRule, type Rule, type StackRule } from "../../src/rules/types.js";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN } from "../../src/values.js";

type Level = "advisory" | "mandatory" | "remediate" | "disabled";

// The SDK ships these modules without type declarations (`export {}`): the signatures used here.
const { deserializeProperties } = deserializeModule as unknown as { deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown> };
const { unknownCheckingProxy } = proxyModule as unknown as { unknownCheckingProxy: <T extends object>(o: T) => T };
type RpcCallback = (err: unknown, response: unknown) => void;
type RpcHandler = (call: { request: unknown }, callback: RpcCallback) => Promise<void>;
type MakeRpc = (pack: string, version: string, level: Level, policies: readonly policySdk.Policy[]) => RpcHandler;
const server = serverModule as unknown as { makeAnalyzeRpcFun: MakeRpc; makeAnalyzeStackRpcFun: MakeRpc; makeRemediateRpcFun: MakeRpc };

/** A value as the engine sends a secret: the SDK unwraps it before a policy sees it. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value };
}

/** The engine's sentinel for a value unknown during preview. */
export const unknown = UNKNOWN;

export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Defaults to `urnOf(type, name)`. */
  readonly urn?: string;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::mailflow::${type}::${name}`;
}

const urn = (r: TestResource): string => r.urn ?? urnOf(r.type, r.name);

function struct(props: Record<string, unknown>): Struct {
  // Struct.fromJavaScript rejects `undefined`; the engine never sends it either.
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Properties as a policy receives them: through protobuf, deserialization and the unknown-checking proxy. */
export function sdkProps(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(deserializeProperties(struct(props), false));
}

/** One `reportViolation` call, and the level the SDK's reportViolation gives it. */
export interface Reported {
  readonly form: "string" | "object";
  readonly message: string;
  readonly urn?: string;
  readonly level: Level;
}

/** Message code, outcome and level of a reported diagnostic (`[CODE] Indeterminate: ...`). */
export interface Outcome {
  readonly code: string;
  readonly outcome: "violation" | "indeterminate";
  readonly level: Level;
}

export function outcomeOf(r: Pick<Reported, "message" | "level">): Outcome {
  const m = /^(?:[^\n]*\n)?\[([A-Z0-9_]+)\] (Indeterminate: )?/.exec(r.message);
  return { code: m?.[1] ?? "(no code)", outcome: m?.[2] ? "indeterminate" : "violation", level: r.level };
}

/** The recorded calls as a sorted list of `CODE outcome level`, for exact-set assertions. */
export function outcomes(reported: readonly Reported[]): string[] {
  return reported.map(outcomeOf).map((o) => `${o.code} ${o.outcome} ${o.level}`).sort();
}

/** A reportViolation that records calls, with the SDK's level rule (makeReportViolationFun, @pulumi/policy 1.21). */
function recorder(level: Level): { reported: Reported[]; reportViolation: policySdk.ReportViolation } {
  const reported: Reported[] = [];
  const reportViolation = (message: unknown, violationUrn?: string): void => {
    if (typeof message === "object" && message !== null) {
      const o = message as { message?: string; urn?: string; enforcementLevel?: Level };
      reported.push({ form: "object", message: o.message ?? "", ...(o.urn ? { urn: o.urn } : {}), level: o.enforcementLevel ?? level });
    } else {
      reported.push({ form: "string", message: typeof message === "string" ? message : "", ...(violationUrn ? { urn: violationUrn } : {}), level });
    }
  };
  return { reported, reportViolation: reportViolation };
}

function options(r: TestResource): policySdk.PolicyResourceOptions {
  return { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], ...(r.parent ? { parent: r.parent } : {}) };
}

const typeChecks = { isType: () => false, asType: () => undefined };

export interface RunOptions {
  /** The policy's configuration (the `--policy-pack-config` entry without `enforcementLevel`). */
  readonly config?: Record<string, unknown>;
  /** The enforcement level the SDK runs the policy at; default the rule's own. */
  readonly level?: Level;
}

/** Runs a resource rule's CrossGuard policy on one resource, as the analyzer does. */
export async function validateResource(rule: ResourceRule, resource: TestResource, opts: RunOptions = {}): Promise<Reported[]> {
  const policy = toPolicy(rule) as policySdk.ResourceValidationPolicy;
  const { reported, reportViolation } = recorder(opts.level ?? rule.enforcementLevel);
  const validate = policy.validateResource;
  if (!validate || Array.isArray(validate)) throw new Error(`${rule.name}: expected one validateResource function`);
  const args = {
    type: resource.type,
    name: resource.name,
    urn: urn(resource),
    props: sdkProps(resource.props),
    opts: options(resource),
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => (opts.config ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason ?? ""}`);
    },
    ...typeChecks,
  } as unknown as policySdk.ResourceValidationArgs;
  await validate(args, reportViolation);
  return reported;
}

/** Runs a stack rule's CrossGuard policy over resources, linked the way the analyzer links them. */
export async function validateStack(rule: StackRule, resources: readonly TestResource[], opts: RunOptions = {}): Promise<Reported[]> {
  const policy = toPolicy(rule) as policySdk.StackValidationPolicy;
  const { reported, reportViolation } = recorder(opts.level ?? rule.enforcementLevel);
  const byUrn = new Map<string, policySdk.PolicyResource>();
  const built = resources.map((r) => {
    const resource = { type: r.type, name: r.name, urn: urn(r), props: sdkProps(r.props), opts: options(r), dependencies: [], propertyDependencies: {}, ...typeChecks } as unknown as policySdk.PolicyResource;
    byUrn.set(resource.urn, resource);
    return { r, resource };
  });
  const resolve = (urns: readonly string[] = []): policySdk.PolicyResource[] => urns.map((u) => byUrn.get(u)).filter((x): x is policySdk.PolicyResource => x !== undefined);
  for (const { r, resource } of built) {
    const linked = resource as { parent?: policySdk.PolicyResource; dependencies: policySdk.PolicyResource[]; propertyDependencies: Record<string, policySdk.PolicyResource[]> };
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) linked.parent = parent;
    linked.dependencies = resolve(r.dependencies);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) linked.propertyDependencies[k] = resolve(urns);
  }
  const args = {
    resources: built.map((b) => b.resource),
    getConfig: <T extends object>() => (opts.config ?? {}) as T,
    stackTags: new Map<string, string>(),
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason ?? ""}`);
    },
  } as unknown as policySdk.StackValidationArgs;
  await policy.validateStack(args, reportViolation);
  return reported;
}

// ---------------------------------------------------------------------------------------------
// The SDK's own RPC handlers.

/** A diagnostic as the SDK returns it to the CLI. */
export interface SdkDiagnostic {
  readonly policyName: string;
  readonly message: string;
  readonly urn: string;
  readonly level: Level;
}

const LEVELS: Readonly<Record<number, Level>> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
};

function resourceOptionsProto(r: TestResource): analyzerProto.AnalyzerResourceOptions {
  const o = new analyzerProto.AnalyzerResourceOptions();
  if (r.parent) o.setParent(r.parent);
  return o;
}

function call<T>(handler: RpcHandler, request: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    void handler({ request }, (err, response) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(response as T)));
  });
}

function diagnosticsOf(response: analyzerProto.AnalyzeResponse): SdkDiagnostic[] {
  return response.getDiagnosticsList().map((d) => ({ policyName: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn(), level: LEVELS[d.getEnforcementlevel()] ?? "disabled" }));
}

/** Level overrides stand in for the `configure` RPC, which the SDK does not export. */
function packPolicies(rules: readonly Rule[], levels: Readonly<Record<string, Level>>): policySdk.Policy[] {
  return rules.map((rule) => ({ ...toPolicy(rule), ...(levels[rule.name] ? { enforcementLevel: levels[rule.name] } : {}) }));
}

/** The fields an AnalyzeRequest and an AnalyzerResource share, set from a test resource. */
function describeResource<T extends analyzerProto.AnalyzeRequest | analyzerProto.AnalyzerResource>(msg: T, r: TestResource): T {
  msg.setType(r.type);
  msg.setName(r.name);
  msg.setUrn(urn(r));
  msg.setProperties(struct(r.props));
  msg.setOptions(resourceOptionsProto(r));
  return msg;
}

/** The SDK's `analyze` handler on one resource, with every rule at its default (or given) level. */
export async function analyzeWithSdk(rules: readonly Rule[], resource: TestResource, levels: Readonly<Record<string, Level>> = {}): Promise<SdkDiagnostic[]> {
  const req = describeResource(new analyzerProto.AnalyzeRequest(), resource);
  const handler = server.makeAnalyzeRpcFun("mailflow-tls-guard-test", "0.0.1", "advisory", packPolicies(rules, levels));
  return diagnosticsOf(await call<analyzerProto.AnalyzeResponse>(handler, req));
}

/** The SDK's `analyzeStack` handler over resources. */
export async function analyzeStackWithSdk(rules: readonly Rule[], resources: readonly TestResource[], levels: Readonly<Record<string, Level>> = {}): Promise<SdkDiagnostic[]> {
  const req = new analyzerProto.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((r) => {
      const res = describeResource(new analyzerProto.AnalyzerResource(), r);
      if (r.parent) res.setParent(r.parent);
      res.setDependenciesList([...(r.dependencies ?? [])]);
      const deps = res.getPropertydependenciesMap();
      for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) deps.set(k, new analyzerProto.AnalyzerPropertyDependencies().setUrnsList([...urns]));
      return res;
    }),
  );
  const handler = server.makeAnalyzeStackRpcFun("mailflow-tls-guard-test", "0.0.1", "advisory", packPolicies(rules, levels));
  return diagnosticsOf(await call<analyzerProto.AnalyzeResponse>(handler, req));
}

/** The SDK's `remediate` handler on one resource with the rule at the `remediate` level: the properties it sends back. */
export async function remediateWithSdk(rule: ResourceRule, resource: TestResource): Promise<Record<string, unknown> | undefined> {
  const req = describeResource(new analyzerProto.AnalyzeRequest(), resource);
  const handler = server.makeRemediateRpcFun("mailflow-tls-guard-test", "0.0.1", "advisory", packPolicies([rule], { [rule.name]: "remediate" }));
  const response = await call<analyzerProto.RemediateResponse>(handler, req);
  const remediation = response.getRemediationsList()[0];
  return remediation?.getProperties()?.toJavaScript();
}
