/** `exchange-build-supported`: Exchange product in support and at the minimum security build (BASELINE.md §5). */
import {
  EXCHANGE_CUS,
  EXCHANGE_TABLE_REVISED,
  buildAtLeast,
  compareBuilds,
  cuOfBuild,
  findCu,
  formatBuild,
  latestCu,
  parseBuild,
  productOfBuild,
  type Build,
  type ExchangeCu,
  type ExchangeProduct,
} from "../baseline/exchange.js";
import { type ExchangeEvidence } from "../model/index.js";
import { invalidDateFinding, isIsoDate, makeFinding, where, withDefined, type EvaluationContext } from "./common.js";
import { type Finding, type Outcome } from "./finding.js";

const CONTROL = "MTG-EXCHANGE-BUILD";
const PRODUCTS: readonly ExchangeProduct[] = ["2013", "2016", "2019", "SE"];
/** CU names are vocabulary only in this spelling; anything else is described, not quoted. */
const CU_NAME = /^(?:CU\d{1,2}|RTM)$/i;

export interface ExchangeBuildOptions extends EvaluationContext {
  /** Evaluation date, yyyy-mm-dd. */
  readonly asOf: string;
  /** Accept 2016 / 2019 after end of support on a CU that receives Extended Security Updates. */
  readonly allowExtendedSecurityUpdates: boolean;
  /** Per product, a build the organisation requires on top of the table's minimum. */
  readonly minimumBuilds?: Partial<Record<ExchangeProduct, string>>;
}

/** What the evidence tells about the installation. */
interface Identified {
  readonly product: ExchangeProduct;
  readonly build?: Build;
  readonly row?: ExchangeCu;
  /** Where the CU sits against the table: on a listed row, older or newer than the rows, or not told. */
  readonly placement: "listed" | "older" | "newer" | "unknown";
}

/** `Exchange 2019 CU15 (15.2.1748.43)`, from the vocabulary only. */
export function describeExchange(evidence: ExchangeEvidence): string {
  const build = typeof evidence.build === "string" ? parseBuild(evidence.build) : undefined;
  const product = (build && productOfBuild(build)) ?? (isProduct(evidence.product) ? evidence.product : undefined);
  const cu = (build && cuOfBuild(build)?.cu) ?? (typeof evidence.cu === "string" && CU_NAME.test(evidence.cu) ? evidence.cu : undefined);
  return ["Exchange", product, cu].filter(Boolean).join(" ") + (build ? ` (${formatBuild(build)})` : "");
}

export function checkExchangeBuild(evidence: ExchangeEvidence, options: ExchangeBuildOptions): Finding[] {
  if (!isIsoDate(options.asOf)) return [invalidDateFinding(CONTROL)];
  const found = identify(evidence);
  const finding = (code: string, outcome: Outcome, text: string, expected?: string): Finding =>
    makeFinding({
      code,
      control: CONTROL,
      outcome,
      message: `${describeExchange(evidence)} ${text}${where(evidence.source, evidence.location, options)}`,
      evidence: [withDefined({ path: evidence.source, found: describeExchange(evidence), expected, location: evidence.location, carrier: options.carrier })],
    });
  if (typeof found === "string") return [finding("EXCHANGE_BUILD_UNKNOWN", "indeterminate", found)];

  const endOfSupport = found.row?.endOfSupport ?? EXCHANGE_CUS.find((r) => r.product === found.product)?.endOfSupport;
  if (endOfSupport !== undefined && options.asOf > endOfSupport) {
    const esuOffered = EXCHANGE_CUS.some((r) => r.product === found.product && r.esuAfterEndOfSupport);
    const reason = !esuOffered
      ? ""
      : !options.allowExtendedSecurityUpdates
        ? "; Extended Security Update builds are accepted only with allowExtendedSecurityUpdates"
        : found.row && !found.row.esuAfterEndOfSupport
          ? `; ${found.row.cu} receives no Extended Security Updates`
          : undefined;
    // `undefined`: ESU allowed on an ESU CU (or one not told yet), so the CU and SU checks below decide.
    if (reason !== undefined) return [finding("EXCHANGE_END_OF_SUPPORT", "violation", `is out of support since ${endOfSupport}${reason}`, "a product in support")];
  }

  const minimum = found.row?.minimumSecurityBuild;
  const findings: Finding[] = [];
  switch (found.placement) {
    case "unknown":
      return [finding("EXCHANGE_BUILD_UNKNOWN", "indeterminate", "is declared without a CU or build, so its support and security update level cannot be told")];
    case "newer":
      return [finding("EXCHANGE_BUILD_NEWER_THAN_TABLE", "indeterminate", `is newer than the build table (revised ${EXCHANGE_TABLE_REVISED}); the table needs updating before it can be judged`)];
    case "older":
      return [finding("EXCHANGE_CU_NOT_SERVICED", "violation", "is on a CU no longer serviced (not in the build table); expected a serviced CU", latestBaseBuildText(found.product))];
    case "listed":
      if (!found.row || minimum === undefined) return [finding("EXCHANGE_CU_NOT_SERVICED", "violation", "is on a CU that no longer receives security updates; expected a serviced CU", latestBaseBuildText(found.product))];
      if (!found.build) {
        findings.push(finding("EXCHANGE_SU_LEVEL_UNKNOWN", "indeterminate", `names its CU (base build ${found.row.baseBuild}) but no build, so the security update level cannot be told; expected at least ${minimum}`, `at least ${minimum}`));
      } else if (!buildAtLeast(found.build, minimum)) {
        findings.push(finding("EXCHANGE_BELOW_MINIMUM_SECURITY_BUILD", "violation", `is below the minimum security build ${minimum} for ${found.row.cu}`, `at least ${minimum}`));
      }
  }
  findings.push(...configuredMinimumFindings(found, options, finding));
  return findings;
}

function configuredMinimumFindings(found: Identified, options: ExchangeBuildOptions, finding: (code: string, outcome: Outcome, text: string, expected?: string) => Finding): Finding[] {
  const configured: unknown = options.minimumBuilds?.[found.product];
  if (configured === undefined) return [];
  const minimum = typeof configured === "string" ? parseBuild(configured) : undefined;
  if (!minimum) return [finding("EXCHANGE_MINIMUM_INVALID", "indeterminate", `cannot be compared with the configured minimum build for Exchange ${found.product}, which is not a build number`)];
  // Without a build the table check above has already said the level cannot be told.
  if (!found.build) return [];
  if (compareBuilds(found.build, minimum) < 0) return [finding("EXCHANGE_BELOW_CONFIGURED_MINIMUM", "violation", `is below the configured minimum build ${formatBuild(minimum)}`, `at least ${formatBuild(minimum)}`)];
  return [];
}

function latestBaseBuildText(product: ExchangeProduct): string | undefined {
  const latest = latestCu(product);
  return latest ? `${latest.cu} (${latest.baseBuild}) or later` : undefined;
}

/** The product, build and CU row the evidence names, or why it names none. */
function identify(evidence: ExchangeEvidence): Identified | string {
  if (typeof evidence.build === "string") {
    const build = parseBuild(evidence.build);
    if (!build) return "is declared with a build that is not a build number (major.minor.build.revision)";
    const product = productOfBuild(build);
    if (!product) return "is declared with a build that is not an Exchange 2013, 2016, 2019 or SE build";
    const row = cuOfBuild(build);
    if (row) return { product, build, row, placement: "listed" };
    const latest = latestCu(product);
    const newer = latest !== undefined && compareBuilds(build, parseBuild(latest.baseBuild) ?? build) > 0;
    return { product, build, placement: newer ? "newer" : "older" };
  }
  if (!isProduct(evidence.product)) return "is declared without a product, CU or build that can be read";
  const product = evidence.product;
  if (typeof evidence.cu !== "string") return { product, placement: "unknown" };
  const row = findCu(product, evidence.cu);
  if (row) return { product, row, placement: "listed" };
  return { product, placement: cuNumber(evidence.cu) > cuNumber(latestCu(product)?.cu) ? "newer" : CU_NAME.test(evidence.cu) ? "older" : "unknown" };
}

/** CU23 → 23, RTM → 0; anything else → -1 (never newer). */
function cuNumber(cu: string | undefined): number {
  if (cu === undefined) return -1;
  if (/^RTM$/i.test(cu)) return 0;
  const m = /^CU(\d{1,2})$/i.exec(cu);
  return m ? Number(m[1]) : -1;
}

function isProduct(p: unknown): p is ExchangeProduct {
  return typeof p === "string" && PRODUCTS.includes(p as ExchangeProduct);
}
