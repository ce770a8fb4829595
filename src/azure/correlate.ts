import { type Field } from "../model/index.js";
import { type CarrierModel, type TargetRef } from "./carrier.js";
import { azureIdKey } from "./ids.js";
import { type ServerModel } from "./server.js";
import { type CarrierKind, type ServerKind } from "./types.js";

/** The resource options Pulumi gives a stack policy, by URN. */
export interface ResourceOptionsRef {
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface CarrierRef {
  readonly urn: string;
  readonly name: string;
  readonly kind: CarrierKind;
  readonly target: TargetRef;
  readonly options: ResourceOptionsRef;
  /** For a carrier declared inside a server (scale set `extensionProfile`): that server's URN. */
  readonly containerUrn?: string;
}

export interface ServerRef {
  readonly urn: string;
  readonly name: string;
  readonly kind: ServerKind;
  readonly azureName: Field<string>;
  readonly resourceGroupName: Field<string>;
  readonly id: Field<string>;
}

export function carrierRef(carrier: CarrierModel, urn: string, options: ResourceOptionsRef, containerUrn?: string): CarrierRef {
  return { urn, name: carrier.name, kind: carrier.kind, target: carrier.target, options, ...(containerUrn ? { containerUrn } : {}) };
}

export function serverRef(server: ServerModel, urn: string): ServerRef {
  return { urn, name: server.name, kind: server.kind, azureName: server.azureName, resourceGroupName: server.resourceGroupName, id: server.id };
}

/** How a carrier was tied to its server, in the order of PRODUCT.md "Correlation". */
export type CorrelationRule = "embedded" | "propertyDependencies" | "resourceId" | "name" | "dependencies" | "parent";

export type Correlation =
  | { readonly carrierUrn: string; readonly serverUrns: readonly string[]; readonly rule: CorrelationRule; readonly detail: string }
  | { readonly carrierUrn: string; readonly serverUrns: readonly []; readonly rule: "uncorrelated"; readonly detail: string };

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Ties each carrier to the server(s) it declares state on. Rules in order, the first that finds a
 * server wins: the container of an embedded carrier; `propertyDependencies` of the target
 * property (`vmName`, `machineName`, ...); the target machine's Azure id against the servers'
 * `id`; the target name and resource group against the servers' Azure names (a unique match of
 * the right kind; resource groups compared when both are known); `dependencies`, then `parent`,
 * when they point at exactly one server. Unknown values never match.
 */
export function correlate(carriers: readonly CarrierRef[], servers: readonly ServerRef[]): Correlation[] {
  const index = indexServers(servers);
  return carriers.map((c) => correlateOne(c, index));
}

/**
 * The servers by URN, by Azure id and by kind and Azure name, built once per stack: comparing
 * every carrier with every server allocated about 90 MB per stack policy on a 5,000-resource stack.
 * Lists keep the servers' stack order.
 */
interface ServerIndex {
  readonly byUrn: ReadonlyMap<string, ServerRef>;
  readonly byId: ReadonlyMap<string, readonly ServerRef[]>;
  readonly byName: ReadonlyMap<string, readonly ServerRef[]>;
}

const nameKey = (kind: string, name: string): string => `${kind}\u0000${name.toLowerCase()}`;

function indexServers(servers: readonly ServerRef[]): ServerIndex {
  const byId = new Map<string, ServerRef[]>();
  const byName = new Map<string, ServerRef[]>();
  const push = (map: Map<string, ServerRef[]>, key: string, s: ServerRef): void => {
    const list = map.get(key);
    if (list) list.push(s);
    else map.set(key, [s]);
  };
  for (const s of servers) {
    if (typeof s.id === "string") push(byId, azureIdKey(s.id), s);
    if (typeof s.azureName === "string") push(byName, nameKey(s.kind, s.azureName), s);
  }
  return { byUrn: new Map(servers.map((s) => [s.urn, s])), byId, byName };
}

function correlateOne(c: CarrierRef, { byUrn, byId, byName }: ServerIndex): Correlation {
  const carrierUrn = c.urn;
  const found = (rule: CorrelationRule, serverUrns: readonly string[], detail: string): Correlation => ({ carrierUrn, serverUrns, rule, detail });

  if (c.containerUrn !== undefined && byUrn.has(c.containerUrn)) return found("embedded", [c.containerUrn], "declared in the server's own properties");

  const viaProperty = [...new Set(c.options.propertyDependencies?.[c.target.property] ?? [])].filter((u) => byUrn.has(u));
  if (viaProperty.length > 0) return found("propertyDependencies", viaProperty, `property ${c.target.property} depends on the server`);

  const targetId = c.target.resourceId;
  if (targetId !== undefined) {
    const sameId = byId.get(azureIdKey(targetId)) ?? [];
    if (sameId.length > 0) return found("resourceId", sameId.map((s) => s.urn), "the Azure resource id names the server");
  }

  const { name, resourceGroupName } = c.target;
  let ambiguity = "";
  if (typeof name === "string") {
    const named = (byName.get(nameKey(c.target.kind, name)) ?? []).filter(
      (s) => !(typeof resourceGroupName === "string" && typeof s.resourceGroupName === "string" && !sameName(s.resourceGroupName, resourceGroupName)),
    );
    if (named.length === 1) return found("name", named.map((s) => s.urn), `${c.target.property} and resource group name the server`);
    if (named.length > 1) ambiguity = `; ${c.target.property} names ${named.length} servers and the resource group does not tell them apart`;
  }

  const dependencies = [...new Set(c.options.dependencies ?? [])].filter((u) => byUrn.has(u));
  if (dependencies.length === 1) return found("dependencies", dependencies, "it depends on exactly one server");
  if (c.options.parent !== undefined && byUrn.has(c.options.parent)) return found("parent", [c.options.parent], "its parent is the server");

  return { carrierUrn, serverUrns: [], rule: "uncorrelated", detail: `no server found for the carrier${ambiguity}` };
}
