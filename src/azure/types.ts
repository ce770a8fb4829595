/**
 * The Azure resource kinds the adapters understand. Servers are the machines the policies judge;
 * carriers are the resources that declare in-guest state on them (PRODUCT.md "Policy catalogue").
 */

export const SERVER_KINDS = ["vm", "vmss", "arcMachine"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const CARRIER_KINDS = [
  "vmExtension",
  "vmssExtension",
  "arcExtension",
  "vmRunCommand",
  "arcRunCommand",
  "dscConfiguration",
  "guestAssignment",
  "guestAssignmentVmss",
  "hcrpAssignment",
] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

export type ResourceKind = ServerKind | CarrierKind;

export function isServerKind(kind: string): kind is ServerKind {
  return (SERVER_KINDS as readonly string[]).includes(kind);
}

export function isCarrierKind(kind: string): kind is CarrierKind {
  return (CARRIER_KINDS as readonly string[]).includes(kind);
}

/**
 * A property that could not be read because it holds the wrong type (a number where a string is
 * expected, an object where a list is expected). The reader treats it as absent and records it
 * here, so an evaluator can say "present but not readable" instead of "not declared".
 * `found` names the JSON type only, never the value: the value may be a secret.
 */
export interface PropertyProblem {
  /** Property path as read, e.g. `osProfile.windowsConfiguration.enableAutomaticUpdates`. */
  readonly path: string;
  /** "string", "boolean", "number", "object", "list". */
  readonly expected: string;
  /** "string", "number", "boolean", "object", "list". */
  readonly found: string;
}
