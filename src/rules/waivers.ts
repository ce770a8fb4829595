import { type WaiverConfig } from "./config.js";

export interface WaiverSource extends WaiverConfig {
  /** Where the waiver was declared: the policy configuration, or the `mailflow-tls-guard-waiver` Azure tag. */
  readonly source: "config" | "tag";
}

export type WaiverStatus = "active" | "expired" | "incomplete";

export interface AppliedWaiver {
  readonly status: WaiverStatus;
  readonly source: "config" | "tag";
  readonly reason?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
  /** For `incomplete`: what is missing. */
  readonly missing?: readonly string[];
}

/** `*` matches any run of characters; everything else literally, case-sensitive as URNs are. */
export function matchesPattern(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const parts = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, "s").test(value);
}

function matches(w: WaiverSource, policy: string, urn: string, name: string): boolean {
  if (w.policy !== "*" && w.policy !== policy) return false;
  return matchesPattern(w.resource, name) || matchesPattern(w.resource, urn);
}

/**
 * The waiver that applies to a violation, judged on `asOf`. A waiver without a reason or an
 * expiry date does not apply and is reported as incomplete; an expired one does not apply and is
 * reported as expired. An active waiver wins over expired and incomplete ones.
 */
export function findWaiver(waivers: readonly WaiverSource[], policy: string, urn: string, name: string, asOf: string): AppliedWaiver | undefined {
  let fallback: AppliedWaiver | undefined;
  for (const w of waivers) {
    if (!matches(w, policy, urn, name)) continue;
    const base = { source: w.source, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires };
    const missing = [!w.reason?.trim() && "reason", !w.expires?.trim() && "expires"].filter((m): m is string => typeof m === "string");
    if (missing.length > 0) {
      fallback ??= { ...base, status: "incomplete", missing };
      continue;
    }
    if ((w.expires ?? "") < asOf) {
      fallback = { ...base, status: "expired" };
      continue;
    }
    return { ...base, status: "active" };
  }
  return fallback;
}
