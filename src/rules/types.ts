import { type ResourceOptionsRef } from "../azure/correlate.js";
import { type ControlId, type Severity } from "../baseline/controls.js";
import { type Finding } from "../evaluate/finding.js";
import { type RuleConfig } from "./config.js";

/** The public policy names (PRODUCT.md): users put them in `--policy-pack-config`. Never rename. */
export const POLICY_NAMES = [
  "schannel-tls12-enabled",
  "schannel-protocols-consistent",
  "schannel-legacy-protocols-disabled",
  "dotnet-strong-crypto",
  "windows-server-supported",
  "windows-automatic-patching",
  "exchange-build-supported",
  "extension-secrets-protected",
  "machine-configuration-min-tls",
  "tls13-exchange-compatible",
  "mail-server-tls-baseline",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The catalogue's stack policies (the rest validate one resource at a time); the catalogue test holds them to the rules' kinds. */
export const STACK_POLICY_NAMES: readonly PolicyName[] = ["tls13-exchange-compatible", "mail-server-tls-baseline"];

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Resource options as the engine reports them (URNs): the shape correlation reads. */
export type ResourceOptionsLike = ResourceOptionsRef;

/**
 * A resource as plain data: the Pulumi type token (or an ARM type mapped to one), its name and
 * URN, and its properties with preview unknowns as the sentinel strings of `src/values.ts`.
 */
export interface ResourceInput {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly options: ResourceOptionsLike;
  /** Where the resource was read from, for CLI reports (file, line of the resource in it). */
  readonly origin?: { readonly file: string; readonly line?: number };
}

/** A finding about one resource: the server for server and stack rules, the carrier otherwise. */
export interface RuleFinding extends Finding {
  readonly urn: string;
  readonly resourceName: string;
}

/** JSON schema of one configuration key (the subset @pulumi/policy's configSchema takes). */
export type JsonSchema = Readonly<Record<string, unknown>>;

interface RuleMeta {
  readonly name: PolicyName;
  readonly description: string;
  readonly severity: Severity;
  /** Default enforcement level (PRODUCT.md catalogue). */
  readonly enforcementLevel: "advisory" | "mandatory";
  /** The controls this policy enforces; the first is the primary one. */
  readonly controls: readonly ControlId[];
  /** How to fix it, shown with every violation (Markdown allowed). */
  readonly remediationSteps: string;
  /** The authoritative source for the requirement. */
  readonly url: string;
  /** The policy's own configuration keys, beside the shared ones. */
  readonly ownConfig: Readonly<Record<string, JsonSchema>>;
  /** Server policies accept `scope: all-windows`. */
  readonly serverScoped?: boolean;
}

export interface ResourceRule extends RuleMeta {
  readonly kind: "resource";
  /** Cheap pre-filter on the type token: the rule looks at nothing else. */
  appliesTo(type: string): boolean;
  evaluate(resource: ResourceInput, config: RuleConfig): Promise<Finding[]>;
  /**
   * For the `remediate` enforcement level: sets the fix on `props` in place (the SDK's object, so
   * secrets stay marked secret) and returns it, or undefined when nothing changes.
   */
  remediate?(type: string, props: Record<string, unknown>, config: RuleConfig): Record<string, unknown> | undefined;
}

export interface StackRule extends RuleMeta {
  readonly kind: "stack";
  evaluate(resources: readonly ResourceInput[], config: RuleConfig): Promise<RuleFinding[]>;
}

export type Rule = ResourceRule | StackRule;
