/**
 * What the policies share about one resource or one stack: the carrier and server models, the
 * registry state a carrier's scripts leave, what could not be read, and which servers are in a
 * policy's scope. The policies themselves are data plus a call into this module and src/evaluate.
 */
import { createHash } from "node:crypto";
import { readCarrier, type CarrierModel, type ContentItem } from "../azure/carrier.js";
import { classifyResource } from "../azure/classify.js";
import { carrierRef, correlate, serverRef } from "../azure/correlate.js";
import { DEFAULT_EXCHANGE_BUILD_TAG, isMailServer, readExchangeBuildTag, type MailServerDecision } from "../azure/select.js";
import { readServer, type ServerModel } from "../azure/server.js";
import { isCarrierKind, isServerKind } from "../azure/types.js";
import { type ControlId } from "../baseline/controls.js";
import { DOTNET_KEYS } from "../baseline/dotnet.js";
import { SCHANNEL_PROTOCOLS_KEY } from "../baseline/schannel.js";
import { WINDOWS_RELEASES, type WindowsRelease } from "../baseline/windows.js";
import { makeFinding, where, withDefined, type EvaluationContext } from "../evaluate/common.js";
import { type Finding } from "../evaluate/finding.js";
import { declaresTlsBaseline } from "../evaluate/tls12.js";
import { unresolvedFindings } from "../evaluate/unresolved.js";
import { windowsReleaseOf } from "../evaluate/windows.js";
import { isUnknownValue, type ExchangeEvidence, type UnknownValue } from "../model/index.js";
import { extractScript, type ScriptExtraction } from "../powershell/extract.js";
import { RegistryState } from "../registry/state.js";
import { type RegistryOp, type SourceLocation, type Unresolved } from "../registry/types.js";
import { type RuleConfig } from "./config.js";
import { type ResourceInput, type RuleFinding } from "./types.js";

/** Registry roots whose writes make a carrier "declare the TLS baseline" (PRODUCT.md). */
export const TLS_BASELINE_ROOTS: readonly string[] = [SCHANNEL_PROTOCOLS_KEY, ...DOTNET_KEYS.map((k) => k.key)];

// ---------------------------------------------------------------------------------------------
// Cheap pre-filters on the type token: policies look at nothing else of resources they skip.

export function isCarrierType(type: string): boolean {
  const kind = classifyResource(type);
  return kind !== undefined && isCarrierKind(kind);
}

export function isServerType(type: string): boolean {
  const kind = classifyResource(type);
  return kind !== undefined && isServerKind(kind);
}

/** VMs and scale sets: the servers with an image and patch settings (Arc machines report theirs only as outputs). */
export function isVmOrScaleSetType(type: string): boolean {
  const kind = classifyResource(type);
  return kind === "vm" || kind === "vmss";
}

/** Carriers, and scale sets (their `extensionProfile` declares carriers too). */
export function mayCarry(type: string): boolean {
  return isCarrierType(type) || classifyResource(type) === "vmss";
}

// ---------------------------------------------------------------------------------------------
// Script extraction, once per distinct script: the SDK calls every policy separately with the
// same properties, so eleven policies would otherwise parse the same script eleven times.

/**
 * Results are kept by a digest of file name and text, not by the text: the cache must not hold
 * every script of a large stack alive. A stack's scripts are extracted by the Analyze calls and
 * read again by both stack policies, so the bound is generous (results are small next to texts).
 */
const CACHE_MAX_ENTRIES = 20_000;
const extractions = new Map<string, Promise<ScriptExtraction>>();

function extractOnce(text: string, file: string): Promise<ScriptExtraction> {
  const key = createHash("sha256").update(file).update("\u0000").update(text).digest("base64");
  const hit = extractions.get(key);
  if (hit) {
    // Most recently used last, so eviction drops the oldest.
    extractions.delete(key);
    extractions.set(key, hit);
    return hit;
  }
  const extraction = extractScript(text, { file });
  extractions.set(key, extraction);
  // A failed extraction is not remembered: the next policy tries again and reports its own error.
  extraction.catch(() => {
    if (extractions.get(key) === extraction) extractions.delete(key);
  });
  for (const oldest of extractions.keys()) {
    if (extractions.size <= CACHE_MAX_ENTRIES) break;
    extractions.delete(oldest);
  }
  return extraction;
}

// ---------------------------------------------------------------------------------------------
// Carriers.

/** Content whose declarations cannot be read; `reason` is vocabulary only (a URL may carry a SAS token, so it is never quoted). */
export interface UnreadContent {
  readonly code: string;
  readonly origin: string;
  readonly reason: string;
  readonly location?: SourceLocation;
}

export interface CarrierAnalysis {
  readonly carrier: CarrierModel;
  /** Registry operations of all its scripts, in content order. */
  readonly ops: readonly RegistryOp[];
  readonly state: RegistryState;
  readonly unresolved: readonly Unresolved[];
  readonly exchange: readonly ExchangeEvidence[];
  readonly unread: readonly UnreadContent[];
  /** DSC `Node` names, for correlating configurations pulled from an automation account. */
  readonly nodeNames: readonly string[];
}

function unreadOf(item: Exclude<ContentItem, { kind: "script" | "commandId" }>): UnreadContent {
  switch (item.kind) {
    case "url":
      return { code: "CONTENT_ONLY_AT_URL", origin: item.origin, reason: "the content is only at a URL, which is not read" };
    case "unknown":
      return { code: "CONTENT_UNKNOWN", origin: item.origin, reason: "the content is not known yet (preview)" };
    case "opaque":
      return { code: "CONTENT_UNREADABLE", origin: item.origin, reason: `the content cannot be read: ${item.reason}` };
  }
}

async function analyzeCarrierModel(carrier: CarrierModel): Promise<CarrierAnalysis> {
  const ops: RegistryOp[] = [];
  const unresolved: Unresolved[] = [];
  const exchange: ExchangeEvidence[] = [];
  const unread: UnreadContent[] = [];
  const nodeNames: string[] = [];
  for (const item of carrier.content) {
    // A built-in run command (`EnableRemotePS`, `IPConfig`...) is Microsoft's fixed script: it writes no baseline value.
    if (item.kind === "commandId") continue;
    if (item.kind !== "script") {
      unread.push(unreadOf(item));
      continue;
    }
    const x = await extractOnce(item.text, item.origin);
    ops.push(...x.ops);
    unresolved.push(...x.unresolved);
    exchange.push(...x.exchange);
    nodeNames.push(...x.nodeNames.filter((n) => !nodeNames.includes(n)));
    const firstError = x.errors[0];
    if (firstError) {
      unread.push({ code: "SCRIPT_PARSE_ERROR", origin: item.origin, reason: `the script does not parse (${firstError.message}), so PowerShell would not run it`, location: { file: item.origin, line: firstError.line } });
    }
  }
  return { carrier, ops, state: RegistryState.from(ops), unresolved, exchange, unread, nodeNames };
}

/**
 * The carriers a resource declares: itself for a carrier type, the `extensionProfile` extensions
 * of a scale set, nothing for any other type (whose properties are not read).
 */
export function carrierModels(resource: Pick<ResourceInput, "type" | "name" | "props">): CarrierModel[] {
  const kind = classifyResource(resource.type);
  if (kind === undefined) return [];
  if (isCarrierKind(kind)) return [readCarrier(kind, resource.name, resource.props)];
  if (kind === "vmss") return [...readServer(kind, resource.name, resource.props).carriers];
  return [];
}

/** The carriers of a resource with their scripts read (see `carrierModels`). */
export function analyzeCarriers(resource: Pick<ResourceInput, "type" | "name" | "props">): Promise<CarrierAnalysis[]> {
  return Promise.all(carrierModels(resource).map(analyzeCarrierModel));
}

/** Indeterminate findings for what a carrier leaves open under `roots`: unread content and unresolved places. */
export function openFindings(a: CarrierAnalysis, controlId: ControlId, roots: readonly string[]): Finding[] {
  const ctx: EvaluationContext = { carrier: a.carrier.name };
  const unread = a.unread.map((u) =>
    makeFinding({
      code: u.code,
      control: controlId,
      outcome: "indeterminate",
      message: `What the carrier declares cannot be told: ${u.reason}${where(u.origin, u.location, ctx)}`,
      evidence: [withDefined({ path: u.origin, found: "not readable", location: u.location, carrier: ctx.carrier })],
    }),
  );
  return [...unread, ...unresolvedFindings(a.unresolved, roots, controlId, undefined, ctx)];
}

/** A finding that rests on a value not being declared: it cannot be claimed while part of the content is unread. */
function restsOnAbsence(f: Finding): boolean {
  return f.evidence.some((e) => e.found === "absent");
}

/** Check findings together with what is open: a value "not declared" may be declared where the reading stopped. */
export function withOpen(findings: readonly Finding[], open: readonly Finding[]): Finding[] {
  return open.length === 0 ? [...findings] : [...findings.filter((f) => !restsOnAbsence(f)), ...open];
}

/** One registry check of a carrier policy: its control, the keys it reads, and the evaluator. */
export interface RegistryCheck {
  readonly control: ControlId;
  readonly roots: readonly string[];
  check(state: RegistryState, ctx: EvaluationContext): Finding[];
}

/**
 * A carrier policy on one carrier (PRODUCT.md): it applies when the carrier declares the TLS
 * baseline; whether it does cannot be told while content is unread or unresolved places may
 * write baseline keys, which is indeterminate, never a pass.
 */
export function judgeCarrier(a: CarrierAnalysis, c: RegistryCheck): Finding[] {
  if (!declaresTlsBaseline(a.state)) return openFindings(a, c.control, TLS_BASELINE_ROOTS);
  return withOpen(c.check(a.state, { carrier: a.carrier.name }), openFindings(a, c.control, c.roots));
}

/** A carrier policy on a resource: every carrier it declares. */
export async function evaluateCarrierCheck(resource: ResourceInput, c: RegistryCheck): Promise<Finding[]> {
  return (await analyzeCarriers(resource)).flatMap((a) => judgeCarrier(a, c));
}

// ---------------------------------------------------------------------------------------------
// Servers.

export interface ServerAnalysis {
  readonly server: ServerModel;
  readonly decision: MailServerDecision;
  /** A mail server, or with `scope: all-windows` any Windows machine. */
  readonly inScope: boolean;
}

/** The tag that declares a server's Exchange build: the policy's `buildTag`, or the default. */
export function buildTagOf(config: RuleConfig): string {
  const tag = config.own.buildTag;
  return typeof tag === "string" && tag.trim() ? tag : DEFAULT_EXCHANGE_BUILD_TAG;
}

/** The Exchange build the server's tag declares, as evidence or as a preview unknown. */
export function exchangeTagOf(server: ServerModel, config: RuleConfig): ExchangeEvidence | UnknownValue | undefined {
  return readExchangeBuildTag(server.tags, buildTagOf(config));
}

function decideScope(server: ServerModel, config: RuleConfig, urn: string | undefined, exchangeInstalled: boolean): ServerAnalysis {
  const tagEvidence = exchangeTagOf(server, config);
  const decision = isMailServer({ ...server, ...(urn ? { urn } : {}) }, config.mailServers, { exchangeInstalled: exchangeInstalled || (tagEvidence !== undefined && !isUnknownValue(tagEvidence)) });
  const inScope = decision.selected || (config.scope === "all-windows" && server.osFamily === "windows");
  return { server, decision, inScope };
}

/**
 * A server resource and whether a server policy applies to it. In a resource policy there is no
 * carrier evidence: mail servers are told by tags, names, include lists and the Exchange build tag.
 */
export function analyzeServer(resource: Pick<ResourceInput, "type" | "name" | "props"> & { readonly urn?: string }, config: RuleConfig): ServerAnalysis | undefined {
  const kind = classifyResource(resource.type);
  if (kind === undefined || !isServerKind(kind)) return undefined;
  return decideScope(readServer(kind, resource.name, resource.props), config, resource.urn, false);
}

/** When a server is out of scope only because values are unknown during preview: one indeterminate finding. */
export function scopeFindings(s: ServerAnalysis, controlId: ControlId): Finding[] {
  if (s.inScope || s.decision.selected || s.decision.unknown.length === 0) return [];
  const paths = [...new Set(s.decision.unknown.map((u) => u.path))];
  return [
    makeFinding({
      code: "MAIL_SERVER_SELECTION_UNKNOWN",
      control: controlId,
      outcome: "indeterminate",
      message: `Whether this is a mail server cannot be told: ${paths.join(", ")} not known yet (preview)`,
      evidence: paths.map((path) => ({ path, found: "not known yet (preview)", expected: "a value the mailServers selector can match" })),
    }),
  ];
}

/** A server policy on a resource: the check when the server is in scope, else what kept its scope open. */
export function evaluateServerCheck(resource: ResourceInput, config: RuleConfig, controlId: ControlId, check: (s: ServerAnalysis) => Finding[]): Finding[] {
  const s = analyzeServer(resource, config);
  if (!s) return [];
  return s.inScope ? check(s) : scopeFindings(s, controlId);
}

/**
 * The Windows release of a server: the image for VMs and scale sets; for Arc machines the OS
 * build in `osVersion` (`10.0.20348`) or the release year in `osSku` ("Windows Server 2022 Datacenter").
 */
export function windowsReleaseOfServer(server: ServerModel): WindowsRelease | undefined {
  if (server.image) return windowsReleaseOf(server.image);
  const os = server.arcOs;
  if (!os) return undefined;
  const build = typeof os.osVersion === "string" ? /^\d+\.\d+\.(\d{4,5})/.exec(os.osVersion.trim())?.[1] : undefined;
  const byBuild = build === undefined ? undefined : WINDOWS_RELEASES.find((r) => r.osBuild === Number(build));
  if (byBuild) return byBuild;
  const sku = typeof os.osSku === "string" ? /windows server (\d{4})( r2)?/i.exec(os.osSku) : null;
  return sku ? WINDOWS_RELEASES.find((r) => r.version === (sku[2] ? `${sku[1]} R2` : sku[1])) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Stacks: carriers tied to the servers they declare state on.

export interface MailServerEvidence {
  readonly resource: ResourceInput;
  readonly server: ServerModel;
  readonly decision: MailServerDecision;
  /** The carriers that target the server, in stack order. */
  readonly carriers: readonly CarrierAnalysis[];
}

export interface StackAnalysis {
  /** Every server with its carriers; `decision` tells which are mail servers. */
  readonly servers: readonly MailServerEvidence[];
  /** Carriers no rule could tie to a server. */
  readonly uncorrelated: readonly CarrierAnalysis[];
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Reads every server and carrier of a stack and ties them together with src/azure/correlate.ts;
 * a DSC configuration that correlation cannot place goes, as a last resort, to the servers its
 * `Node` blocks name. Mail servers are also selected by evidence: a carrier that installs Exchange.
 */
export async function analyzeStack(resources: readonly ResourceInput[], config: RuleConfig): Promise<StackAnalysis> {
  const { servers, carriers } = await correlateStack(resources);
  const byServer = new Map<string, CarrierAnalysis[]>();
  const uncorrelated: CarrierAnalysis[] = [];
  for (const c of carriers) {
    if (c.serverUrns.length === 0) uncorrelated.push(c.analysis);
    for (const urn of c.serverUrns) byServer.set(urn, [...(byServer.get(urn) ?? []), c.analysis]);
  }
  return {
    servers: servers.map(({ resource, server }) => {
      const targeting = byServer.get(resource.urn) ?? [];
      const { decision } = decideScope(server, config, resource.urn, targeting.some((a) => a.exchange.length > 0));
      return { resource, server, decision, carriers: targeting };
    }),
    uncorrelated,
  };
}

/**
 * The servers each carrier resource configures (carrier URN to server URNs), by the same
 * correlation the stack policies use: reports file a carrier's findings under its servers.
 */
export async function carrierServers(resources: readonly ResourceInput[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const c of (await correlateStack(resources)).carriers) {
    if (c.resourceUrn === c.containerUrn) continue; // a scale set's own extensions are its findings already
    out.set(c.resourceUrn, [...new Set([...(out.get(c.resourceUrn) ?? []), ...c.serverUrns])]);
  }
  return out;
}

interface CorrelatedCarrier {
  readonly analysis: CarrierAnalysis;
  readonly resourceUrn: string;
  readonly containerUrn?: string;
  readonly serverUrns: readonly string[];
}

type CorrelatedStack = { servers: { resource: ResourceInput; server: ServerModel }[]; carriers: CorrelatedCarrier[] };

/**
 * The last stack correlated, kept weakly: the SDK hands each stack policy its own copy of the same
 * resources, one policy after the other, and reading and correlating the stack again was a third
 * of each policy's allocations. The key is a digest of everything correlation reads, so a stack
 * that differs in anything is read afresh; the entry goes with the next garbage collection, so it
 * keeps nothing alive between requests. Models are stored without the resources, which are
 * re-attached by position (the key includes every URN in order).
 */
let lastCorrelated: { readonly key: string; readonly value: WeakRef<{ readonly servers: readonly { readonly index: number; readonly server: ServerModel }[]; readonly carriers: CorrelatedCarrier[] }> } | undefined;

/** sha256 over type, name, URN, options and properties of every resource, in order; undefined when a property bag cannot be serialised. */
function stackKey(resources: readonly ResourceInput[]): string | undefined {
  const hash = createHash("sha256");
  try {
    for (const r of resources) hash.update(JSON.stringify([r.type, r.name, r.urn, r.options, r.props])).update("\u0000");
  } catch {
    return undefined;
  }
  return hash.digest("base64");
}

async function correlateStack(resources: readonly ResourceInput[]): Promise<CorrelatedStack> {
  const key = stackKey(resources);
  const reused = key === undefined ? undefined : recalled(key, resources);
  if (reused) return reused;
  const value = await correlateStackAfresh(resources);
  if (key !== undefined) remember(key, resources, value);
  return value;
}

/** The last correlated stack if it had this key and is still there, on these resources. */
function recalled(key: string, resources: readonly ResourceInput[]): CorrelatedStack | undefined {
  const hit = lastCorrelated?.key === key ? lastCorrelated.value.deref() : undefined;
  return hit && { servers: hit.servers.map(({ index, server }) => ({ resource: resources[index] as ResourceInput, server })), carriers: hit.carriers };
}

/** Replaces the remembered stack (the last one wins: it is a cache, not a record). */
function remember(key: string, resources: readonly ResourceInput[], value: CorrelatedStack): void {
  const positions = new Map(resources.map((r, i) => [r, i]));
  lastCorrelated = { key, value: new WeakRef({ servers: value.servers.map(({ resource, server }) => ({ index: positions.get(resource) as number, server })), carriers: value.carriers }) };
}

async function correlateStackAfresh(resources: readonly ResourceInput[]): Promise<CorrelatedStack> {
  const servers: { resource: ResourceInput; server: ServerModel }[] = [];
  const carriers: { analysis: CarrierAnalysis; urn: string; options: ResourceInput["options"]; containerUrn?: string }[] = [];
  for (const resource of resources) {
    const kind = classifyResource(resource.type);
    if (kind === undefined) continue;
    if (isServerKind(kind)) servers.push({ resource, server: readServer(kind, resource.name, resource.props) });
    if (mayCarry(resource.type)) {
      const container = kind === "vmss" ? { containerUrn: resource.urn } : {};
      for (const analysis of await analyzeCarriers(resource)) carriers.push({ analysis, urn: resource.urn, options: resource.options, ...container });
    }
  }
  // Embedded carriers share their server's URN: correlate by position, not by URN.
  const refs = carriers.map((c) => carrierRef(c.analysis.carrier, `${c.urn}#${c.analysis.carrier.name}`, c.options, c.containerUrn));
  const correlations = correlate(refs, servers.map((s) => serverRef(s.server, s.resource.urn)));
  const byNodeName = serversByAzureName(servers);
  return {
    servers,
    carriers: carriers.map((c, i) => {
      const corr = correlations[i];
      const serverUrns = corr && corr.serverUrns.length > 0 ? corr.serverUrns : nodeNameTargets(c.analysis, byNodeName);
      return { analysis: c.analysis, resourceUrn: c.urn, ...(c.containerUrn ? { containerUrn: c.containerUrn } : {}), serverUrns };
    }),
  };
}

/** Server positions by lower-case Azure name, built once per stack (a scan per carrier was quadratic). */
function serversByAzureName(servers: readonly { resource: ResourceInput; server: ServerModel }[]): { readonly urns: readonly string[]; readonly byName: ReadonlyMap<string, readonly number[]> } {
  const byName = new Map<string, number[]>();
  servers.forEach(({ server }, i) => {
    if (typeof server.azureName !== "string") return;
    const key = server.azureName.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), i]);
  });
  return { urns: servers.map(({ resource }) => resource.urn), byName };
}

/** The servers a DSC configuration's `Node` names name (not `localhost`), in stack order. */
function nodeNameTargets(a: CarrierAnalysis, index: ReturnType<typeof serversByAzureName>): string[] {
  const positions = new Set(a.nodeNames.filter((n) => !sameName(n, "localhost")).flatMap((n) => index.byName.get(n.toLowerCase()) ?? []));
  return [...positions].sort((x, y) => x - y).map((i) => index.urns[i] as string);
}

/**
 * The registry state of a server across its carriers (stack order), each location prefixed with
 * the carrier's name so that messages about the merged state still name the carrier.
 */
export function mergedState(carriers: readonly CarrierAnalysis[]): RegistryState {
  return RegistryState.from(carriers.flatMap((a) => a.ops.map((op) => ({ ...op, location: { ...op.location, file: [a.carrier.name, op.location.file].filter(Boolean).join(" ") } }))));
}

/** `carriers a, b` context for findings about a server's merged state. */
export function carriersContext(carriers: readonly CarrierAnalysis[]): EvaluationContext {
  return carriers.length === 0 ? {} : { carrier: carriers.map((a) => a.carrier.name).join(", ") };
}

/**
 * A stack policy over the mail servers of a stack: `judge` per mail server, each finding reported
 * on the server; a server whose selection depends on preview unknowns gets one indeterminate finding.
 */
export async function evaluateMailServers(
  resources: readonly ResourceInput[],
  config: RuleConfig,
  controlId: ControlId,
  judge: (m: MailServerEvidence, stack: StackAnalysis) => Finding[],
): Promise<RuleFinding[]> {
  const stack = await analyzeStack(resources, config);
  return stack.servers.flatMap((m) => {
    const findings = m.decision.selected ? judge(m, stack) : scopeFindings({ server: m.server, decision: m.decision, inScope: false }, controlId);
    return findings.map((f) => ({ ...f, urn: m.resource.urn, resourceName: m.resource.name }));
  });
}
