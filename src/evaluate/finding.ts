import { type ControlId, type Severity } from "../baseline/controls.js";
import { type SourceLocation } from "../registry/types.js";

/** Violation: the evidence contradicts the requirement. Indeterminate: it cannot be told (never a pass). */
export type Outcome = "violation" | "indeterminate";

/**
 * What a finding rests on. Every string here is safe to print: evaluators put only values from a
 * known vocabulary (registry paths and value names, DWORDs, enum values, builds, SKUs) into
 * `found` / `expected`, and describe anything else ("a value that is not a number") instead.
 */
export interface Evidence {
  /** Registry key (canonical spelling) or resource property path. */
  readonly path?: string;
  readonly valueName?: string;
  readonly found?: string;
  readonly expected?: string;
  readonly location?: SourceLocation;
  /** The carrier (DSC configuration, extension, run command) that declared it, by resource name. */
  readonly carrier?: string;
}

export interface Finding {
  /** Stable message code, e.g. `TLS12_NOT_DECLARED`; never changes meaning. */
  readonly code: string;
  readonly control: ControlId;
  readonly severity: Severity;
  readonly outcome: Outcome;
  /** One sentence: requirement and evidence, no secrets. */
  readonly message: string;
  readonly evidence: readonly Evidence[];
}
