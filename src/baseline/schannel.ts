import { type ControlId } from "./controls.js";
import { type SourceId } from "./sources.js";

/** Registry root of the SCHANNEL protocol keys (canonical spelling, `HKLM\` hive prefix). */
export const SCHANNEL_PROTOCOLS_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";
export const SCHANNEL_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL";

export type ProtocolId =
  | "PCT 1.0"
  | "Multi-Protocol Unified Hello"
  | "SSL 2.0"
  | "SSL 3.0"
  | "TLS 1.0"
  | "TLS 1.1"
  | "TLS 1.2"
  | "TLS 1.3"
  | "DTLS 1.0"
  | "DTLS 1.2";

export type Side = "Client" | "Server";
export const SIDES: readonly Side[] = ["Client", "Server"];

export type SchannelValueName = "Enabled" | "DisabledByDefault";
export const SCHANNEL_VALUE_NAMES: readonly SchannelValueName[] = ["Enabled", "DisabledByDefault"];

/** DWORD data that Windows reads as "enabled" in `Enabled` (BASELINE.md §1). */
export const ENABLED_VALUES: readonly number[] = [1, 0xffffffff];
/** The only DWORD data that have a defined meaning in SCHANNEL protocol values. */
export const DEFINED_VALUES: readonly number[] = [0, 1, 0xffffffff];

export interface ProtocolState {
  readonly Enabled: number;
  readonly DisabledByDefault: number;
}
/** What "explicitly enabled" and "explicitly disabled" look like (BASELINE.md §1 table). */
export const STATE_ENABLED: ProtocolState = { Enabled: 1, DisabledByDefault: 0 };
export const STATE_DISABLED: ProtocolState = { Enabled: 0, DisabledByDefault: 1 };

export type BaselineRole =
  /** must be explicitly enabled on a mail server */
  | "required"
  /** enabled for transition or disabled; disabled is the hardening target */
  | "legacy"
  /** must be disabled */
  | "forbidden"
  /** depends on Windows and Exchange versions (TLS 1.3) */
  | "conditional"
  /** not used by mail flow; only checked for consistency when a carrier touches it */
  | "other";

export interface SchannelProtocol {
  readonly id: ProtocolId;
  /** The key name under `Protocols\`: the same as the id. */
  readonly keyName: string;
  readonly role: BaselineRole;
  /** Part of the default legacy-protocol list that `schannel-legacy-protocols-disabled` requires disabled. */
  readonly defaultLegacy: boolean;
  /** Part of the 12 values HealthChecker requires present (TLS 1.0 to 1.2). */
  readonly healthCheckerRequired: boolean;
  readonly controls: readonly ControlId[];
  readonly sources: readonly SourceId[];
}

export const SCHANNEL_PROTOCOLS: readonly SchannelProtocol[] = [
  { id: "PCT 1.0", keyName: "PCT 1.0", role: "forbidden", defaultLegacy: false, healthCheckerRequired: false, controls: ["MTG-PROTOCOL-STATE"], sources: ["windows-tls-registry-settings"] },
  { id: "Multi-Protocol Unified Hello", keyName: "Multi-Protocol Unified Hello", role: "other", defaultLegacy: false, healthCheckerRequired: false, controls: ["MTG-PROTOCOL-STATE"], sources: ["windows-tls-registry-settings"] },
  { id: "SSL 2.0", keyName: "SSL 2.0", role: "forbidden", defaultLegacy: true, healthCheckerRequired: false, controls: ["MTG-LEGACY-PROTOCOLS", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "windows-tls-registry-settings"] },
  { id: "SSL 3.0", keyName: "SSL 3.0", role: "forbidden", defaultLegacy: true, healthCheckerRequired: false, controls: ["MTG-LEGACY-PROTOCOLS", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "windows-tls-registry-settings"] },
  { id: "TLS 1.0", keyName: "TLS 1.0", role: "legacy", defaultLegacy: true, healthCheckerRequired: true, controls: ["MTG-LEGACY-PROTOCOLS", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "healthchecker-tls"] },
  { id: "TLS 1.1", keyName: "TLS 1.1", role: "legacy", defaultLegacy: true, healthCheckerRequired: true, controls: ["MTG-LEGACY-PROTOCOLS", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "healthchecker-tls"] },
  { id: "TLS 1.2", keyName: "TLS 1.2", role: "required", defaultLegacy: false, healthCheckerRequired: true, controls: ["MTG-TLS12", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "healthchecker-tls", "mc229914"] },
  { id: "TLS 1.3", keyName: "TLS 1.3", role: "conditional", defaultLegacy: false, healthCheckerRequired: false, controls: ["MTG-TLS13-EXCHANGE", "MTG-PROTOCOL-STATE"], sources: ["exchange-tls-configuration", "windows-schannel-protocols"] },
  { id: "DTLS 1.0", keyName: "DTLS 1.0", role: "other", defaultLegacy: false, healthCheckerRequired: false, controls: ["MTG-PROTOCOL-STATE"], sources: ["windows-tls-registry-settings"] },
  { id: "DTLS 1.2", keyName: "DTLS 1.2", role: "other", defaultLegacy: false, healthCheckerRequired: false, controls: ["MTG-PROTOCOL-STATE"], sources: ["windows-tls-registry-settings"] },
];

export const DEFAULT_LEGACY_PROTOCOLS: readonly ProtocolId[] = SCHANNEL_PROTOCOLS.filter((p) => p.defaultLegacy).map((p) => p.id);

export function schannelProtocol(id: ProtocolId): SchannelProtocol {
  const p = SCHANNEL_PROTOCOLS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown protocol ${id}`);
  return p;
}

export function isProtocolId(s: string): s is ProtocolId {
  return SCHANNEL_PROTOCOLS.some((p) => p.id === s);
}

/** `HKLM\...\SCHANNEL\Protocols\<P>\<Side>` in canonical spelling. */
export function schannelKey(protocol: ProtocolId, side: Side): string {
  return `${SCHANNEL_PROTOCOLS_KEY}\\${schannelProtocol(protocol).keyName}\\${side}`;
}

/** Optional hardening values directly under the SCHANNEL key (BASELINE.md §1). */
export const RENEGOTIATION_VALUES: readonly { readonly valueName: string; readonly expected: number }[] = [
  { valueName: "AllowInsecureRenegoClients", expected: 0 },
  { valueName: "AllowInsecureRenegoServers", expected: 0 },
];

/**
 * What an absent protocol key means per Windows release (BASELINE.md §1). Informational: the
 * project treats absent as "not declared", as HealthChecker does, because the meaning differs per OS.
 */
export const ABSENT_KEY_DEFAULTS: Readonly<Record<string, Readonly<Partial<Record<ProtocolId, "enabled" | "disabled" | "unsupported">>>>> = {
  "2008 R2": { "SSL 3.0": "enabled", "TLS 1.0": "enabled", "TLS 1.1": "disabled", "TLS 1.2": "disabled", "TLS 1.3": "unsupported" },
  "2012": { "SSL 3.0": "enabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "unsupported" },
  "2012 R2": { "SSL 3.0": "enabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "unsupported" },
  "2016": { "SSL 3.0": "disabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "unsupported" },
  "2019": { "SSL 3.0": "disabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "unsupported" },
  "2022": { "SSL 3.0": "disabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "enabled" },
  "2025": { "SSL 3.0": "disabled", "TLS 1.0": "enabled", "TLS 1.1": "enabled", "TLS 1.2": "enabled", "TLS 1.3": "enabled" },
};
