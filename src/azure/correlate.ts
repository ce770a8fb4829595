import { type Field } from "../model/index.js";
import { type CarrierModel, type TargetRef } from "./carrier.js";
import { sameAzureId } from "./ids.js";
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
  const byUrn = new Map(servers.map((s) => [s.urn, s]));
  return carriers.map((c) => correlateOne(c, servers, byUrn));
}

function correlateOne(c: CarrierRef, servers: readonly ServerRef[], byUrn: ReadonlyMap<string, ServerRef>): Correlation {
  const carrierUrn = c.urn;
  const found = (rule: CorrelationRule, serverUrns: readonly string[], detail: string): Correlation => ({ carrierUrn, serverUrns, rule, detail });

  if (c.containerUrn !== undefined && byUrn.has(c.containerUrn)) return found("embedded", [c.containerUrn], "declared in the server's own properties");

  const viaProperty = [...new Set(c.options.propertyDependencies?.[c.target.property] ?? [])].filter((u) => byUrn.has(u));
  if (viaProperty.length > 0) return found("propertyDependencies", viaProperty, `property ${c.target.property} depends on the server`);

  const targetId = c.target.resourceId;
  if (targetId !== undefined) {
    const byId = servers.filter((s) => typeof s.id === "string" && sameAzureId(s.id, targetId));
    if (byId.length > 0) return found("resourceId", byId.map((s) => s.urn), "the Azure resource id names the server");
  }

  const { name, resourceGroupName } = c.target;
  let ambiguity = "";
  if (typeof name === "string") {
    const byName = servers.filter(
      (s) =>
        s.kind === c.target.kind &&
        typeof s.azureName === "string" &&
        sameName(s.azureName, name) &&
        !(typeof resourceGroupName === "string" && typeof s.resourceGroupName === "string" && !sameName(s.resourceGroupName, resourceGroupName)),
    );
    if (byName.length === 1) return found("name", byName.map((s) => s.urn), `${c.target.property} and resource group name the server`);
    if (byName.length > 1) ambiguity = `; ${c.target.property} names ${byName.length} servers and the resource group does not tell them apart`;
  }

  const dependencies = [...new Set(c.options.dependencies ?? [])].filter((u) => byUrn.has(u));
  if (dependencies.length === 1) return found("dependencies", dependencies, "it depends on exactly one server");
  if (c.options.parent !== undefined && byUrn.has(c.options.parent)) return found("parent", [c.options.parent], "its parent is the server");

  return { carrierUrn, serverUrns: [], rule: "uncorrelated", detail: `no server found for the carrier${ambiguity}` };
}
