import { DEFAULT_EXCHANGE_BUILD_TAG } from "../../azure/select.js";
import { type ExchangeProduct } from "../../baseline/exchange.js";
import { SOURCES } from "../../baseline/sources.js";
import { makeFinding } from "../../evaluate/common.js";
import { checkExchangeBuild, type ExchangeBuildOptions } from "../../evaluate/exchange.js";
import { type Finding } from "../../evaluate/finding.js";
import { isUnknownValue } from "../../model/index.js";
import { analyzeCarriers, buildTagOf, evaluateServerCheck, exchangeTagOf, isServerType, mayCarry } from "../analysis.js";
import { type RuleConfig } from "../config.js";
import { type JsonSchema, type ResourceRule } from "../types.js";

const CONTROL = "MTG-EXCHANGE-BUILD";

/** `buildTag`: shared with `tls13-exchange-compatible`, which reads the same tag. */
export const BUILD_TAG_SCHEMA: JsonSchema = {
  type: "string",
  minLength: 1,
  default: DEFAULT_EXCHANGE_BUILD_TAG,
  description: "The Azure tag on a server that declares its Exchange build (e.g. 15.2.2562.37 or 2019 CU15).",
};
const PRODUCTS: readonly ExchangeProduct[] = ["2013", "2016", "2019", "SE"];
const BUILD_PATTERN = "^15\\.[0-2]\\.\\d{1,5}\\.\\d{1,5}$";

function options(config: RuleConfig): ExchangeBuildOptions {
  const minimumBuilds = config.own.minimumBuilds;
  return {
    asOf: config.asOf,
    allowExtendedSecurityUpdates: config.own.allowExtendedSecurityUpdates === true,
    ...(typeof minimumBuilds === "object" && minimumBuilds !== null ? { minimumBuilds } : {}),
  };
}

/** The build the server's tag declares. */
function serverFindings(resource: Parameters<ResourceRule["evaluate"]>[0], config: RuleConfig): Finding[] {
  return evaluateServerCheck(resource, config, CONTROL, ({ server }) => {
    const evidence = exchangeTagOf(server, config);
    if (evidence === undefined) return [];
    if (!isUnknownValue(evidence)) return checkExchangeBuild(evidence, options(config));
    return [
      makeFinding({
        code: "EXCHANGE_BUILD_TAG_UNKNOWN",
        control: CONTROL,
        outcome: "indeterminate",
        message: `The Exchange build cannot be told: tag ${buildTagOf(config)} is not known yet (preview) (${evidence.path})`,
        evidence: [{ path: evidence.path, found: "not known yet (preview)", expected: "an Exchange build such as 15.2.2562.37" }],
      }),
    ];
  });
}

/** Builds a carrier installs (ExchangeDsc `ExchInstall`, setup command lines): the carrier's target becomes a mail server by that evidence. */
async function carrierFindings(resource: Parameters<ResourceRule["evaluate"]>[0], config: RuleConfig): Promise<Finding[]> {
  const analyses = await analyzeCarriers(resource);
  return analyses.flatMap((a) => a.exchange.flatMap((e) => checkExchangeBuild(e, { ...options(config), carrier: a.carrier.name })));
}

export const exchangeBuildSupported: ResourceRule = {
  kind: "resource",
  name: "exchange-build-supported",
  description:
    "An Exchange build declared on a server (tag exchange-build, configurable) or in a carrier (ExchangeDsc install path, setup command line) is a product in support on the evaluation date (2016/2019 only with allowExtendedSecurityUpdates and an ESU build) at or above the minimum security build.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [CONTROL],
  remediationSteps: [
    "Bring Exchange to a supported build:",
    "",
    "- Exchange Server SE: install the latest security or hotfix update (at least the minimum in the build table, e.g. 15.2.2562.37);",
    "- Exchange 2016 CU23 / 2019 CU14 / CU15 after 2025-10-14: only with a Period 2 Extended Security Update agreement (set `allowExtendedSecurityUpdates: true`) and the latest ESU build; otherwise upgrade in place to Exchange SE (from 2019 CU14/CU15) or move to new SE servers;",
    "- Exchange 2013 and older CUs: move to new servers on a supported version.",
    "",
    "Then update the `exchange-build` tag (or the install path in the carrier) to the build now installed, e.g. from `Get-ExchangeServer | Format-List Name,AdminDisplayVersion`.",
  ].join("\n"),
  url: SOURCES["exchange-build-numbers"].url,
  serverScoped: true,
  ownConfig: {
    allowExtendedSecurityUpdates: { type: "boolean", default: false, description: "Accept Exchange 2016/2019 after end of support on CUs that receive Extended Security Updates." },
    minimumBuilds: {
      type: "object",
      properties: Object.fromEntries(PRODUCTS.map((p) => [p, { type: "string", pattern: BUILD_PATTERN }])),
      additionalProperties: false,
      default: {},
      description: "Per product (2013, 2016, 2019, SE), a build the organisation requires on top of the build table's minimum.",
    },
    buildTag: BUILD_TAG_SCHEMA,
  },
  appliesTo: (type) => isServerType(type) || mayCarry(type),
  evaluate: async (resource, config) => [...serverFindings(resource, config), ...(await carrierFindings(resource, config))],
};
