import { schannelKey } from "../../baseline/schannel.js";
import { SOURCES } from "../../baseline/sources.js";
import { protocolRoot } from "../../evaluate/protocols.js";
import { checkTls13Compatibility, exchangeSupportsTls13 } from "../../evaluate/tls13.js";
import { isUnknownValue } from "../../model/index.js";
import { carriersContext, evaluateMailServers, exchangeTagOf, mergedState, openFindings, windowsReleaseOfServer, withOpen } from "../analysis.js";
import { type StackRule } from "../types.js";
import { BUILD_TAG_SCHEMA } from "./exchange-build-supported.js";

const CONTROL = "MTG-TLS13-EXCHANGE";

export const tls13ExchangeCompatible: StackRule = {
  kind: "stack",
  name: "tls13-exchange-compatible",
  description: "On Windows Server 2022 or later, a mail server whose Exchange is older than 2019 CU15 / SE has TLS 1.3 explicitly disabled (an absent key means enabled there).",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: [CONTROL],
  remediationSteps: [
    "In a carrier that targets the server, disable TLS 1.3 on both sides:",
    "",
    `- \`${schannelKey("TLS 1.3", "Client")}\` and \`...\\Server\`: \`Enabled\` = 0, \`DisabledByDefault\` = 1 (REG_DWORD).`,
    "",
    "The remediation stack does this with `tls13: disable`. Alternatively upgrade to Exchange 2019 CU15 or Exchange SE (TLS 1.3 is then supported, though not yet for SMTP), and tag the server with its build (`exchange-build`) so the policy can tell.",
  ].join("\n"),
  url: SOURCES["exchange-tls-configuration"].url,
  ownConfig: { buildTag: BUILD_TAG_SCHEMA },
  evaluate: (resources, config) =>
    evaluateMailServers(resources, config, CONTROL, ({ server, carriers }) => {
      const windows = windowsReleaseOfServer(server);
      // Releases before 2022 have no TLS 1.3: nothing a carrier does there matters.
      if (windows && !windows.tls13ByDefault) return [];
      const tag = exchangeTagOf(server, config);
      const exchange = [...(tag === undefined || isUnknownValue(tag) ? [] : [tag]), ...carriers.flatMap((a) => a.exchange)];
      // Exchange that supports TLS 1.3 makes the TLS 1.3 values irrelevant, read or not.
      if (exchange.length > 0 && exchange.every((e) => exchangeSupportsTls13(e) === "supported")) return [];
      const findings = checkTls13Compatibility({ state: mergedState(carriers), windows, exchange, ...carriersContext(carriers) });
      return withOpen(findings, carriers.flatMap((a) => openFindings(a, CONTROL, [protocolRoot("TLS 1.3")])));
    }),
};
