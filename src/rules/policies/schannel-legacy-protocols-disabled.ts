import { SCHANNEL_PROTOCOLS_KEY } from "../../baseline/schannel.js";
import { dotNetKeys } from "../../baseline/dotnet.js";
import { DEFAULT_LEGACY_PROTOCOLS, isProtocolId, SCHANNEL_PROTOCOLS } from "../../baseline/schannel.js";
import { SOURCES } from "../../baseline/sources.js";
import { checkLegacyDisabled } from "../../evaluate/legacy.js";
import { protocolRoot } from "../../evaluate/protocols.js";
import { evaluateCarrierCheck, mayCarry } from "../analysis.js";
import { type ResourceRule } from "../types.js";

export const schannelLegacyProtocolsDisabled: ResourceRule = {
  kind: "resource",
  name: "schannel-legacy-protocols-disabled",
  description: "A carrier that declares the TLS baseline also disables the legacy protocols (SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1 by default) on Client and Server.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: ["MTG-LEGACY-PROTOCOLS"],
  remediationSteps: [
    `In the same carrier, disable each legacy protocol on both sides: under \`${SCHANNEL_PROTOCOLS_KEY}\\<protocol>\\Client\` and \`...\\Server\` write \`Enabled\` = 0 and \`DisabledByDefault\` = 1 (REG_DWORD).`,
    "",
    "Before disabling TLS 1.0/1.1, make sure .NET Framework uses the OS defaults (`SystemDefaultTlsVersions` = 1, `SchUseStrongCrypto` = 1 under `v4.0.30319`, both hives) and that Exchange is at least 2013 CU20 / 2016 CU9.",
    "`mailflow-tls-guard render script` with `disableLegacyProtocols: true` renders the values; the list of protocols is the policy setting `protocols`.",
  ].join("\n"),
  url: SOURCES["exchange-tls-configuration"].url,
  ownConfig: {
    protocols: {
      type: "array",
      items: { type: "string", enum: SCHANNEL_PROTOCOLS.map((p) => p.id) },
      default: [...DEFAULT_LEGACY_PROTOCOLS],
      description: "SCHANNEL protocols that must be explicitly disabled (key names under Protocols\\).",
    },
  },
  appliesTo: mayCarry,
  evaluate: (resource, config) => {
    const configured = config.own.protocols;
    const protocols = Array.isArray(configured) ? configured.filter((p): p is string => typeof p === "string") : DEFAULT_LEGACY_PROTOCOLS;
    const roots = [...protocols.filter(isProtocolId).map(protocolRoot), ...dotNetKeys(false).map((k) => k.key)];
    return evaluateCarrierCheck(resource, { control: "MTG-LEGACY-PROTOCOLS", roots, check: (state, ctx) => checkLegacyDisabled(state, { ...ctx, protocols }) });
  },
};
