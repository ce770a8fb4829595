/**
 * Starts a policy pack exactly as the Pulumi CLI starts a Node.js pack
 * (`node @pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>`, the gRPC port on the first
 * stdout line) and drives it over the `pulumirpc.Analyzer` protocol. Properties travel as
 * `google.protobuf.Struct` with preview unknowns and secrets encoded as the engine encodes them.
 * The benchmark reuses this harness: `startupMs` is process start to port line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResource,
  AnalyzerResourceOptions,
  AnalyzerPropertyDependencies,
  AnalyzeStackRequest,
  ConfigureAnalyzerRequest,
  EnforcementLevel,
  PolicyConfig,
  PolicySeverity,
  PolicyType,
  type AnalyzeResponse,
  type AnalyzerInfo,
  type RemediateResponse,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN } from "../../src/values.js";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const PACK_DIR = join(REPO_ROOT, "policies");
/** The compiled pack entry (`main` of policies/package.json), laid out by `npm run build`. */
export const PACK_ENTRY = join(PACK_DIR, "bin", "policies", "index.js");

export const STACK = "dev";
export const PROJECT = "mailflow-fleet";

/** A value unknown during preview, as the engine sends it (any type becomes the string sentinel). */
export const unknown = (): string => UNKNOWN;

/** A secret, as the engine serializes it when it keeps secrets (what the analyzer plugin does). */
export function secret<T>(value: T): { [SECRET_SIG_KEY]: string; value: T } {
  return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value };
}

/** The URN the engine gives a resource of this type and name (parent type chain included when given). */
export function urnOf(type: string, name: string, parentType?: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";

/** A resource as the engine describes it to a policy pack. */
export interface PackResource {
  readonly type: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** Default: `urnOf(type, name)`. */
  readonly urn?: string;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface PackDiagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly description: string;
  readonly message: string;
  readonly enforcementLevel: Level;
  readonly severity: Severity;
  readonly urn: string;
}

export interface AnalyzeResult {
  readonly diagnostics: PackDiagnostic[];
  readonly notApplicable: { policyName: string; reason: string }[];
}

export interface PolicyInfoPlain {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: Level;
  readonly severity: Severity;
  readonly policyType: "resource" | "stack" | "unknown";
  readonly configSchema: Record<string, unknown>;
  readonly remediationSteps: string;
  readonly url: string;
  readonly tags: string[];
  readonly framework?: { name: string; version: string; reference: string; specification: string };
}

export interface AnalyzerInfoPlain {
  readonly name: string;
  readonly version: string;
  readonly supportsConfig: boolean;
  readonly policies: PolicyInfoPlain[];
}

export interface RemediationPlain {
  readonly policyName: string;
  readonly description: string;
  /** The remediated properties as the engine receives them: secrets still in their serialized form. */
  readonly properties?: Record<string, unknown>;
  readonly diagnostic: string;
}

/** One policy's entry of a `--policy-pack-config` document: a level, or a level with keys. */
export type PolicyConfigEntry = Level | ({ enforcementLevel?: Level } & Record<string, unknown>);

export interface PackHandle {
  readonly port: number;
  /** Milliseconds from spawning the process to reading the port line. */
  readonly startupMs: number;
  getAnalyzerInfo(): Promise<AnalyzerInfoPlain>;
  /**
   * Sends a `--policy-pack-config` document as the CLI does: resolved per policy of the pack, each
   * with its level (its own entry, else `all`, else the policy's default) and its properties.
   */
  configure(config: Readonly<Record<string, PolicyConfigEntry>>): Promise<void>;
  analyze(resource: PackResource): Promise<AnalyzeResult>;
  analyzeStack(resources: readonly PackResource[]): Promise<AnalyzeResult>;
  remediate(resource: PackResource): Promise<RemediationPlain[]>;
  /** Everything the process wrote after the port line (stdout) and to stderr. */
  output(): { stdout: string; stderr: string };
  close(): Promise<void>;
}

const LEVELS: Readonly<Record<EnforcementLevel, Level>> = {
  [EnforcementLevel.ADVISORY]: "advisory",
  [EnforcementLevel.MANDATORY]: "mandatory",
  [EnforcementLevel.DISABLED]: "disabled",
  [EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_ENUM: Readonly<Record<Level, EnforcementLevel>> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
  remediate: EnforcementLevel.REMEDIATE,
};
const SEVERITIES: Readonly<Record<PolicySeverity, Severity>> = {
  [PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
  [PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};
const POLICY_TYPES: Readonly<Record<PolicyType, PolicyInfoPlain["policyType"]>> = {
  [PolicyType.POLICY_TYPE_UNKNOWN]: "unknown",
  [PolicyType.POLICY_TYPE_RESOURCE]: "resource",
  [PolicyType.POLICY_TYPE_STACK]: "stack",
};

function toStruct(props: Readonly<Record<string, unknown>>): Struct {
  return Struct.fromJavaScript(props as Record<string, JavaScriptValue>);
}

function resourceOptions(r: PackResource): AnalyzerResourceOptions {
  const opts = new AnalyzerResourceOptions();
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

function analyzeRequest(r: PackResource): AnalyzeRequest {
  return new AnalyzeRequest()
    .setType(r.type)
    .setName(r.name)
    .setUrn(r.urn ?? urnOf(r.type, r.name))
    .setProperties(toStruct(r.props))
    .setOptions(resourceOptions(r));
}

function analyzerResource(r: PackResource): AnalyzerResource {
  const res = new AnalyzerResource()
    .setType(r.type)
    .setName(r.name)
    .setUrn(r.urn ?? urnOf(r.type, r.name))
    .setProperties(toStruct(r.props))
    .setOptions(resourceOptions(r))
    .setParent(r.parent ?? "")
    .setDependenciesList([...(r.dependencies ?? [])]);
  const deps = res.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) deps.set(key, new AnalyzerPropertyDependencies().setUrnsList([...urns]));
  return res;
}

function plainResponse(resp: AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: resp.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()],
      severity: SEVERITIES[d.getSeverity()],
      urn: d.getUrn(),
    })),
    notApplicable: resp.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

/** Promisifies one unary call of the generated client. */
function call<Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void, req: Req): Promise<Res> {
  return new Promise((resolvePromise, reject) => {
    fn(req, (err, res) => (err ? reject(err) : resolvePromise(res)));
  });
}

export interface StartOptions {
  /** The pack folder (default: the repo's `policies/`). */
  readonly packDir?: string;
  /** The run-policy-pack entry (default: the repo's @pulumi/pulumi). */
  readonly runner?: string;
  readonly startupTimeoutMs?: number;
}

/** Fails with a clear message when the pack has not been built: `npm test` builds it first. */
export function assertPackBuilt(entry: string = PACK_ENTRY): void {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does) before the pack suites.`);
}

/** The first line of the process's stdout: must be the port and nothing else before it. */
function readPort(child: ChildProcess, timeoutMs: number, stderrOf: () => string): Promise<{ port: number; rest: () => string }> {
  return new Promise((resolvePort, reject) => {
    let buffered = "";
    let after = "";
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`policy pack did not start: ${why}\nstderr:\n${stderrOf()}`));
    };
    const timer = setTimeout(() => fail(`no port line within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      if (settled) {
        after += chunk;
        return;
      }
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl < 0) return;
      const first = buffered.slice(0, nl).trim();
      after = buffered.slice(nl + 1);
      if (!/^\d+$/.test(first)) {
        fail(`first stdout line is not a port: ${JSON.stringify(first.slice(0, 200))}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolvePort({ port: Number(first), rest: () => after });
    });
    child.on("exit", (code, signal) => fail(`process exited (code ${code ?? "none"}, signal ${signal ?? "none"})`));
    child.on("error", (e) => fail(e.message));
  });
}

/** Starts the pack as the Pulumi CLI does and connects an Analyzer client to it. */
export async function startPack(options: StartOptions = {}): Promise<PackHandle> {
  const packDir = options.packDir ?? PACK_DIR;
  if (!options.packDir) assertPackBuilt();
  const runner = options.runner ?? join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
  const started = performance.now();
  // The engine address is only used to log back to the engine; nothing listens on this one.
  const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  let port: number;
  let rest: () => string;
  try {
    ({ port, rest } = await readPort(child, options.startupTimeoutMs ?? 60_000, () => stderr));
  } catch (e) {
    child.kill();
    throw e;
  }
  const startupMs = performance.now() - started;
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });

  const getAnalyzerInfo = async (): Promise<AnalyzerInfoPlain> => {
    const info = await call<Empty, AnalyzerInfo>((req, cb) => client.getAnalyzerInfo(req, cb), new Empty());
    return {
      name: info.getName(),
      version: info.getVersion(),
      supportsConfig: info.getSupportsconfig(),
      policies: info.getPoliciesList().map((p) => {
        const fw = p.getFramework();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()],
          severity: SEVERITIES[p.getSeverity()],
          policyType: POLICY_TYPES[p.getPolicyType()],
          configSchema: (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}),
          remediationSteps: p.getRemediationSteps(),
          url: p.getUrl(),
          tags: p.getTagsList(),
          ...(fw ? { framework: { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() } } : {}),
        };
      }),
    };
  };

  return {
    port,
    startupMs,
    getAnalyzerInfo,
    async configure(config) {
      const req = new ConfigureAnalyzerRequest();
      const map = req.getPolicyconfigMap();
      const all = config.all;
      const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
      for (const policy of (await getAnalyzerInfo()).policies) {
        const entry = config[policy.name];
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
        const level = enforcementLevel ?? allLevel ?? policy.enforcementLevel;
        map.set(policy.name, new PolicyConfig().setEnforcementlevel(LEVEL_ENUM[level]).setProperties(toStruct(properties)));
      }
      await call<ConfigureAnalyzerRequest, Empty>((r, cb) => client.configure(r, cb), req);
    },
    async analyze(resource) {
      return plainResponse(await call<AnalyzeRequest, AnalyzeResponse>((r, cb) => client.analyze(r, cb), analyzeRequest(resource)));
    },
    async analyzeStack(resources) {
      const req = new AnalyzeStackRequest().setResourcesList(resources.map(analyzerResource));
      return plainResponse(await call<AnalyzeStackRequest, AnalyzeResponse>((r, cb) => client.analyzeStack(r, cb), req));
    },
    async remediate(resource) {
      const resp = await call<AnalyzeRequest, RemediateResponse>((r, cb) => client.remediate(r, cb), analyzeRequest(resource));
      return resp.getRemediationsList().map((r) => {
        const props = r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined;
        return { policyName: r.getPolicyname(), description: r.getDescription(), diagnostic: r.getDiagnostic(), ...(props ? { properties: props } : {}) };
      });
    },
    output: () => ({ stdout: rest(), stderr }),
    close() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((done) => {
        child.once("exit", () => done());
        child.kill();
      });
    },
  };
}

/**
 * The distinct `policy | resource name | level` lines of some diagnostics, sorted: what an
 * exact-set assertion compares (a policy may report several findings about one resource).
 * A diagnostic whose URN names no given resource shows the URN (or `(no urn)`).
 */
export function outcomeLines(diagnostics: readonly PackDiagnostic[], resources: readonly PackResource[]): string[] {
  const nameOf = new Map(resources.map((r) => [r.urn ?? urnOf(r.type, r.name), r.name]));
  return [...new Set(diagnostics.map((d) => `${d.policyName} | ${nameOf.get(d.urn) ?? (d.urn || "(no urn)")} | ${d.enforcementLevel}`))].sort();
}
