import { type ServerKind } from "./types.js";

/** The machine an Azure resource id names or lives under. */
export interface ServerId {
  readonly kind: ServerKind;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
  /** The machine's own id (`/subscriptions/<s>/resourceGroups/<rg>/providers/<ns>/<type>/<name>`). */
  readonly id: string;
}

const SERVER_TYPES: ReadonlyMap<string, ServerKind> = new Map([
  ["microsoft.compute/virtualmachines", "vm"],
  ["microsoft.compute/virtualmachinescalesets", "vmss"],
  ["microsoft.hybridcompute/machines", "arcMachine"],
]);

/**
 * The machine in an Azure resource id: the machine itself, or the machine a child or extension
 * resource hangs under (`.../virtualMachines/<vm>/extensions/<x>`,
 * `.../machines/<m>/providers/Microsoft.GuestConfiguration/guestConfigurationAssignments/<x>`).
 */
export function parseServerId(id: string): ServerId | undefined {
  const parts = id.trim().split("/").filter((p) => p.length > 0);
  if (parts.length < 8 || parts[0]?.toLowerCase() !== "subscriptions" || parts[2]?.toLowerCase() !== "resourcegroups" || parts[4]?.toLowerCase() !== "providers") return undefined;
  const [, subscriptionId = "", , resourceGroupName = "", , namespace = "", type = "", name = ""] = parts;
  const kind = SERVER_TYPES.get(`${namespace}/${type}`.toLowerCase());
  if (!kind) return undefined;
  return { kind, subscriptionId, resourceGroupName, name, id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${namespace}/${type}/${name}` };
}

/**
 * The form two ids of the same resource have in common (for comparing and indexing by id): ARM
 * compares ids case-insensitively, and a trailing slash does not change the resource.
 */
export function azureIdKey(id: string): string {
  return id.trim().replace(/\/+$/, "").toLowerCase();
}
