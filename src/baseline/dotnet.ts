import { type ControlId } from "./controls.js";
import { type SourceId } from "./sources.js";

export type DotNetVersion = "v4.0.30319" | "v2.0.50727";
export type RegistryView = "64-bit" | "32-bit";
export type DotNetValueName = "SystemDefaultTlsVersions" | "SchUseStrongCrypto";
export const DOTNET_VALUE_NAMES: readonly DotNetValueName[] = ["SystemDefaultTlsVersions", "SchUseStrongCrypto"];
/** Both values are REG_DWORD 1 (BASELINE.md §2). */
export const DOTNET_EXPECTED = 1;

export interface DotNetKey {
  readonly version: DotNetVersion;
  readonly view: RegistryView;
  readonly key: string;
  /** v4 is required by the Exchange guidance; v2 is recommended and checked when configured. */
  readonly required: boolean;
  readonly controls: readonly ControlId[];
  readonly sources: readonly SourceId[];
}

export const DOTNET_KEYS: readonly DotNetKey[] = [
  { version: "v4.0.30319", view: "64-bit", key: "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", required: true, controls: ["MTG-DOTNET-STRONG-CRYPTO"], sources: ["exchange-tls-configuration", "dotnet-tls-best-practices"] },
  { version: "v4.0.30319", view: "32-bit", key: "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319", required: true, controls: ["MTG-DOTNET-STRONG-CRYPTO"], sources: ["exchange-tls-configuration", "dotnet-tls-best-practices"] },
  { version: "v2.0.50727", view: "64-bit", key: "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727", required: false, controls: ["MTG-DOTNET-STRONG-CRYPTO"], sources: ["exchange-tls-configuration", "dotnet-tls-best-practices"] },
  { version: "v2.0.50727", view: "32-bit", key: "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727", required: false, controls: ["MTG-DOTNET-STRONG-CRYPTO"], sources: ["exchange-tls-configuration", "dotnet-tls-best-practices"] },
];

/** `HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full` `Release`: the installed .NET 4.x (BASELINE.md §5). */
export const DOTNET_RELEASE_KEY = "HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full";
export const DOTNET_RELEASES: readonly { readonly name: string; readonly release: number }[] = [
  { name: ".NET Framework 4.8", release: 528040 },
  { name: ".NET Framework 4.8.1", release: 533320 },
];

/** The keys a check covers: v4 always, v2 when `includeV2` is set. */
export function dotNetKeys(includeV2: boolean): readonly DotNetKey[] {
  return DOTNET_KEYS.filter((k) => k.required || includeV2);
}
