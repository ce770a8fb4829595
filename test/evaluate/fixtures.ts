/** Hand-written registry operations for the evaluator suites: a compliant baseline and ways to change it. */
import { DOTNET_KEYS, DOTNET_VALUE_NAMES } from "../../src/baseline/dotnet.js";
import { SIDES, schannelKey, type ProtocolId, type Side } from "../../src/baseline/schannel.js";
import { RegistryState } from "../../src/registry/state.js";
import { type RegistryData, type RegistryOp } from "../../src/registry/types.js";
import { type Finding } from "../../src/evaluate/finding.js";

let nextLine = 1;

export function set(key: string, valueName: string, data: number | RegistryData, line = nextLine++): RegistryOp {
  return { op: "set", key, valueName, data: typeof data === "number" ? { type: "dword", value: data } : data, form: "Registry", location: { file: "tls.ps1", line } };
}

export function deleteKey(key: string, line = nextLine++): RegistryOp {
  return { op: "deleteKey", key, form: "Remove-Item", location: { file: "tls.ps1", line } };
}

export function deleteValue(key: string, valueName: string, line = nextLine++): RegistryOp {
  return { op: "deleteValue", key, valueName, form: "Remove-ItemProperty", location: { file: "tls.ps1", line } };
}

/** Enabled and DisabledByDefault on the given sides (both by default). */
export function protocol(p: ProtocolId, enabled: number, disabledByDefault: number, sides: readonly Side[] = SIDES): RegistryOp[] {
  return sides.flatMap((side) => [set(schannelKey(p, side), "Enabled", enabled), set(schannelKey(p, side), "DisabledByDefault", disabledByDefault)]);
}

export const enable = (p: ProtocolId, sides?: readonly Side[]): RegistryOp[] => protocol(p, 1, 0, sides);
export const disable = (p: ProtocolId, sides?: readonly Side[]): RegistryOp[] => protocol(p, 0, 1, sides);

/** The four .NET values per key (v4 and v2, both views) set to `value`. */
export function dotNet(value: number, versions: readonly string[] = ["v4.0.30319", "v2.0.50727"]): RegistryOp[] {
  return DOTNET_KEYS.filter((k) => versions.includes(k.version)).flatMap((k) => DOTNET_VALUE_NAMES.map((n) => set(k.key, n, value)));
}

/** What the remediation writes: TLS 1.2 enabled, SSL 2.0 to TLS 1.1 disabled, .NET v4 and v2 strong crypto. */
export function compliantOps(): RegistryOp[] {
  return [...enable("TLS 1.2"), ...(["SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1"] as const).flatMap((p) => disable(p)), ...dotNet(1)];
}

export function stateOf(...ops: readonly (RegistryOp | readonly RegistryOp[])[]): RegistryState {
  return RegistryState.from(ops.flat<readonly (RegistryOp | readonly RegistryOp[])[]>());
}

/** `CODE:outcome` per finding, in order: what the tables assert. */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code}:${f.outcome}`);
}
