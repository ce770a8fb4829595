import { type ControlId } from "./controls.js";
import { type ProtocolId } from "./schannel.js";
import { type SourceId } from "./sources.js";

/** WinHTTP `DefaultSecureProtocols` (Server 2012 R2 and older, with KB3140245), BASELINE.md §2. */
export const WINHTTP_KEYS: readonly string[] = [
  "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp",
  "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp",
];
export const WINHTTP_VALUE_NAME = "DefaultSecureProtocols";

export const WINHTTP_PROTOCOL_BITS: Readonly<Partial<Record<ProtocolId, number>>> = {
  "SSL 2.0": 0x8,
  "SSL 3.0": 0x20,
  "TLS 1.0": 0x80,
  "TLS 1.1": 0x200,
  "TLS 1.2": 0x800,
  "TLS 1.3": 0x2000,
};
/** TLS 1.2 only. */
export const WINHTTP_TLS12_ONLY = 0x800;
export const WINHTTP_CONTROLS: readonly ControlId[] = ["MTG-WINHTTP"];
export const WINHTTP_SOURCES: readonly SourceId[] = ["exchange-tls-configuration"];

/** The protocols a `DefaultSecureProtocols` bitmask allows. */
export function winHttpProtocols(mask: number): ProtocolId[] {
  return (Object.entries(WINHTTP_PROTOCOL_BITS) as [ProtocolId, number][])
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([id]) => id);
}
