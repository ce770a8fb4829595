import { DOTNET_VALUE_NAMES, dotNetKeys } from "../../baseline/dotnet.js";
import { SOURCES } from "../../baseline/sources.js";
import { checkDotNet } from "../../evaluate/dotnet.js";
import { evaluateCarrierCheck, mayCarry } from "../analysis.js";
import { type JsonSchema, type ResourceRule } from "../types.js";

/** `includeV2`: shared with `mail-server-tls-baseline`. */
export const INCLUDE_V2_SCHEMA: JsonSchema = {
  type: "boolean",
  default: false,
  description: "Also require the values under .NETFramework\\v2.0.50727 (recommended by the Exchange guidance).",
};

export const dotnetStrongCrypto: ResourceRule = {
  kind: "resource",
  name: "dotnet-strong-crypto",
  description: "A carrier that declares the TLS baseline sets SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 for .NET Framework v4.0.30319 in the 64-bit and 32-bit hives (v2.0.50727 too when configured).",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: ["MTG-DOTNET-STRONG-CRYPTO"],
  remediationSteps: [
    "Declare, in the carrier that writes the SCHANNEL values, these REG_DWORD values = 1:",
    "",
    ...dotNetKeys(false).map((k) => `- \`${k.key}\`: ${DOTNET_VALUE_NAMES.map((v) => `\`${v}\``).join(", ")}`),
    "",
    "With `includeV2: true`, the same under `v2.0.50727`. SChannelDsc `SChannelSettings` with `TLS12State = 'Enabled'` writes all of them. Restart the server (or at least the Exchange services) afterwards.",
  ].join("\n"),
  url: SOURCES["dotnet-tls-best-practices"].url,
  ownConfig: { includeV2: INCLUDE_V2_SCHEMA },
  appliesTo: mayCarry,
  evaluate: (resource, config) => {
    const includeV2 = config.own.includeV2 === true;
    return evaluateCarrierCheck(resource, { control: "MTG-DOTNET-STRONG-CRYPTO", roots: dotNetKeys(includeV2).map((k) => k.key), check: (state, ctx) => checkDotNet(state, { ...ctx, includeV2 }) });
  },
};
