import { SCHANNEL_PROTOCOLS_KEY } from "../../baseline/schannel.js";
import { SOURCES } from "../../baseline/sources.js";
import { checkProtocolConsistency } from "../../evaluate/protocols.js";
import { evaluateCarrierCheck, mayCarry } from "../analysis.js";
import { type ResourceRule } from "../types.js";

export const schannelProtocolsConsistent: ResourceRule = {
  kind: "resource",
  name: "schannel-protocols-consistent",
  description: "Every SCHANNEL protocol a carrier touches ends enabled or disabled on both sides: no half-disabled protocol, no Client/Server mismatch, no value other than 0, 1 or 0xFFFFFFFF.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: ["MTG-PROTOCOL-STATE"],
  remediationSteps: [
    `For each protocol key the carrier writes under \`${SCHANNEL_PROTOCOLS_KEY}\\<protocol>\`, write **both** sides (\`Client\` and \`Server\`) with one of the two states:`,
    "",
    "- enabled: `Enabled` = 1, `DisabledByDefault` = 0",
    "- disabled: `Enabled` = 0, `DisabledByDefault` = 1",
    "",
    "Use REG_DWORD data 0 or 1 only, and spell the protocol (`TLS 1.2`), side (`Client`, `Server`) and value names exactly: SCHANNEL ignores anything else.",
  ].join("\n"),
  url: SOURCES["windows-tls-registry-settings"].url,
  ownConfig: {},
  appliesTo: mayCarry,
  evaluate: (resource) => evaluateCarrierCheck(resource, { control: "MTG-PROTOCOL-STATE", roots: [SCHANNEL_PROTOCOLS_KEY], check: checkProtocolConsistency }),
};
