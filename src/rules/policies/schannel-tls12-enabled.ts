import { SIDES, schannelKey } from "../../baseline/schannel.js";
import { SOURCES } from "../../baseline/sources.js";
import { checkTls12 } from "../../evaluate/tls12.js";
import { protocolRoot } from "../../evaluate/protocols.js";
import { evaluateCarrierCheck, mayCarry } from "../analysis.js";
import { type ResourceRule } from "../types.js";

export const schannelTls12Enabled: ResourceRule = {
  kind: "resource",
  name: "schannel-tls12-enabled",
  description: "A carrier that declares TLS 1.2 in SCHANNEL declares all four values enabled (Client and Server, Enabled=1, DisabledByDefault=0); disabling TLS 1.2 is a violation.",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: ["MTG-TLS12"],
  remediationSteps: [
    "Declare all four TLS 1.2 values in the carrier, explicitly (an absent value means different things per Windows release):",
    "",
    ...SIDES.map((side) => `- \`${schannelKey("TLS 1.2", side)}\`: \`Enabled\` = 1, \`DisabledByDefault\` = 0 (REG_DWORD)`),
    "",
    "With SChannelDsc, use `Protocol` with `State = 'Enabled'` **and** `IncludeClientSide = $true` (the default configures the server side only).",
    "`mailflow-tls-guard render script` (or `render dsc`) prints the complete baseline; restart the server for SCHANNEL to apply it.",
  ].join("\n"),
  url: SOURCES["exchange-tls-configuration"].url,
  ownConfig: {},
  appliesTo: mayCarry,
  evaluate: (resource) => evaluateCarrierCheck(resource, { control: "MTG-TLS12", roots: [protocolRoot("TLS 1.2")], check: checkTls12 }),
};
