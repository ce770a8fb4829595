/**
 * Places the extraction could not resolve (a parameter, `$ConfigurationData`, a computed
 * expression, content only at a URL) become indeterminate findings when they may touch what a
 * check reads: indeterminate is never a pass.
 */
import { control as controlOf, type ControlId, type Severity } from "../baseline/controls.js";
import { isUnderKey } from "../registry/key.js";
import { type Unresolved } from "../registry/types.js";
import { formatLocation, makeFinding, withDefined, type EvaluationContext } from "./common.js";
import { type Finding } from "./finding.js";

/** True when the place may write under one of `roots`: its key is unknown, below a root, or above one. */
export function touchesRoots(place: Unresolved, roots: readonly string[]): boolean {
  if (typeof place.key !== "string") return true;
  const key = place.key;
  return roots.some((root) => isUnderKey(key, root) || isUnderKey(root, key));
}

export function unresolvedFindings(unresolved: readonly Unresolved[], roots: readonly string[], controlId: ControlId, severity: Severity = controlOf(controlId).severity, ctx: EvaluationContext = {}): Finding[] {
  return unresolved
    .filter((place) => touchesRoots(place, roots))
    .map((place) => {
      const at = [typeof place.key === "string" ? place.key : undefined, formatLocation(place.location), ctx.carrier === undefined ? undefined : `carrier ${ctx.carrier}`].filter(Boolean).join(", ");
      const what = typeof place.valueName === "string" ? `the value ${place.valueName}` : "a registry value";
      return makeFinding({
        code: "UNRESOLVED_DECLARATION",
        control: controlId,
        severity,
        outcome: "indeterminate",
        message: `${what} cannot be told: ${place.reason}${at ? ` (${at})` : ""}`.replace(/^./, (c) => c.toUpperCase()),
        evidence: [withDefined({ path: typeof place.key === "string" ? place.key : undefined, valueName: place.valueName, found: "unresolved", location: place.location, carrier: ctx.carrier })],
      });
    });
}
