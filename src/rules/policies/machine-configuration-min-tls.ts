import { type CarrierModel, type NameValue } from "../../azure/carrier.js";
import { SOURCES } from "../../baseline/sources.js";
import { makeFinding, where, withDefined } from "../../evaluate/common.js";
import { type Finding, type Outcome } from "../../evaluate/finding.js";
import { isUnknownValue } from "../../model/index.js";
import { carrierModels } from "../analysis.js";
import { classifyResource } from "../../azure/classify.js";
import { type ResourceRule } from "../types.js";

const CONTROL = "MTG-MACHINE-CONFIGURATION";
/** Exchange Online speaks TLS 1.2 over SMTP, not 1.3: a minimum of 1.3 would break mail flow as surely as 1.1 leaves it weak. */
const REQUIRED_VERSION = "1.2";
const PARAMETERS_PATH = "guestConfiguration.configurationParameter";

/** The built-in packages and the parameters that must ask for TLS 1.2 (BASELINE.md §7). */
const PACKAGES: readonly { readonly name: string; readonly parameters: readonly string[] }[] = [
  // `[SecureWebServer]s1;MinimumTLSVersion`; it reads Server keys only.
  { name: "AuditSecureProtocol", parameters: ["MinimumTLSVersion"] },
  { name: "SetSecureProtocol", parameters: ["MinimumServerTLSVersion", "MinimumClientTLSVersion"] },
];

const GUEST_ASSIGNMENT_KINDS = new Set(["guestAssignment", "guestAssignmentVmss", "hcrpAssignment"]);

/** `[SecureWebServer]s1;MinimumTLSVersion` and `MinimumTLSVersion` both name MinimumTLSVersion. */
function parameterName(name: string): string {
  return (name.split(";").pop() ?? name).trim().toLowerCase();
}

function assignmentFindings(carrier: CarrierModel): Finding[] {
  const g = carrier.guestConfiguration;
  if (!g) return [];
  const ctx = { carrier: carrier.name };
  const finding = (code: string, outcome: Outcome, message: string, path: string, found: string): Finding =>
    makeFinding({ code, control: CONTROL, outcome, message: `${message}${where(path, undefined, ctx)}`, evidence: [withDefined({ path, found, expected: REQUIRED_VERSION, carrier: carrier.name })] });
  if (isUnknownValue(g.name)) return [finding("MC_PACKAGE_UNKNOWN", "indeterminate", "Which Machine Configuration package is assigned is not known yet (preview)", g.name.path, "not known yet (preview)")];
  const pkg = PACKAGES.find((p) => typeof g.name === "string" && p.name.toLowerCase() === g.name.toLowerCase());
  if (!pkg) return [];
  if (isUnknownValue(g.parameters)) return [finding("MC_PARAMETER_UNKNOWN", "indeterminate", `${pkg.name} parameters are not known yet (preview)`, g.parameters.path, "not known yet (preview)")];
  const entries: readonly NameValue[] = g.parameters ?? [];
  return pkg.parameters.flatMap((wanted) => {
    const entry = entries.find((e) => typeof e.name === "string" && parameterName(e.name) === wanted.toLowerCase());
    const subject = `${pkg.name} ${wanted}`;
    if (!entry || entry.value === undefined) return [finding("MC_MIN_TLS_NOT_DECLARED", "violation", `${subject} is not declared (the package default applies); expected ${REQUIRED_VERSION}`, PARAMETERS_PATH, "absent")];
    if (isUnknownValue(entry.value)) return [finding("MC_MIN_TLS_UNKNOWN", "indeterminate", `${subject} is not known yet (preview); expected ${REQUIRED_VERSION}`, entry.value.path, "not known yet (preview)")];
    if (entry.value.trim() === REQUIRED_VERSION) return [];
    // A version number is vocabulary; anything else is described, not quoted.
    const found = /^\d\.\d$/.test(entry.value.trim()) ? entry.value.trim() : "a value that is not a TLS version";
    return [finding("MC_MIN_TLS_WRONG", "violation", `${subject} is ${found}; expected ${REQUIRED_VERSION}`, PARAMETERS_PATH, found)];
  });
}

export const machineConfigurationMinTls: ResourceRule = {
  kind: "resource",
  name: "machine-configuration-min-tls",
  description:
    "AuditSecureProtocol assignments ask for MinimumTLSVersion 1.2 (not 1.1); SetSecureProtocol assignments ask for 1.2 for both MinimumServerTLSVersion and MinimumClientTLSVersion.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [CONTROL],
  remediationSteps: [
    "In the assignment's `guestConfiguration.configurationParameter`:",
    "",
    "- `AuditSecureProtocol`: `{ name: \"[SecureWebServer]s1;MinimumTLSVersion\", value: \"1.2\" }` (Azure Policy 5752e6d6-1206-46d8-8ab1-ecc2f71a8112, parameter MinimumTLSVersion = 1.2);",
    "- `SetSecureProtocol`: `MinimumServerTLSVersion` and `MinimumClientTLSVersion` both `1.2` (Azure Policy 828ba269-bf7f-4082-83dd-633417bc391d).",
    "",
    "Do not ask for 1.3: Exchange Online does not speak TLS 1.3 over SMTP yet.",
  ].join("\n"),
  url: SOURCES["azure-machine-configuration"].url,
  ownConfig: {},
  appliesTo: (type) => GUEST_ASSIGNMENT_KINDS.has(classifyResource(type) ?? ""),
  evaluate: (resource) => Promise.resolve(carrierModels(resource).flatMap(assignmentFindings)),
};
