/**
 * Exchange install evidence: what a setup path or command line reveals about the product, the
 * CU and the build (BASELINE.md §5). A full build number in the text wins over a CU name.
 */
import { type ExchangeProduct, cuOfBuild, findCu, formatBuild, parseBuild, productOfBuild } from "../baseline/exchange.js";
import { type ExchangeEvidence } from "../model/index.js";

const BUILD = /(?<![\d.])(15\.[0-2]\.\d{1,5}\.\d{1,5})(?![\d.])/;
const PRODUCT = /exchange[\s_-]*(?:server)?[\s_-]*(2013|2016|2019|se)(?![a-z0-9])/i;
const CU = /(?<![a-z])(?:cu|cumulative[\s_-]*update)[\s_-]*(\d{1,2})(?!\d)/i;

/** What a setup path (share, ISO name, folder) reveals; fields are absent when it says nothing. */
export function exchangeEvidenceFrom(source: string, pathText: string | undefined): Omit<ExchangeEvidence, "location"> {
  if (pathText === undefined) return { source };
  const buildText = BUILD.exec(pathText)?.[1];
  const build = buildText ? parseBuild(buildText) : undefined;
  if (build) {
    const product = productOfBuild(build);
    const cu = cuOfBuild(build)?.cu;
    return { source, build: formatBuild(build), ...(product ? { product } : {}), ...(cu ? { cu } : {}) };
  }
  const productText = PRODUCT.exec(pathText)?.[1]?.toUpperCase();
  const product = productText as ExchangeProduct | undefined;
  const cuNumber = CU.exec(pathText)?.[1];
  const cu = cuNumber ? `CU${Number(cuNumber)}` : product === "SE" ? "RTM" : undefined;
  const row = product && cu ? findCu(product, cu) : undefined;
  return { source, ...(product ? { product } : {}), ...(cu ? { cu } : {}), ...(row ? { build: row.baseBuild } : {}) };
}

/** True for `setup`, `Setup.exe`, `D:\Setup.exe`, `\\share\cu15\setup.EXE`. */
export function isSetupPath(text: string): boolean {
  return /(?:^|[\\/])setup(?:\.exe)?$/i.test(text.trim());
}

/** Setup arguments that install or upgrade Exchange on this server (not /PrepareAD and the like). */
export function isInstallCommandLine(args: readonly string[]): boolean {
  return args.some((a) => /^\/(?:mode|m):(?:install|upgrade)$/i.test(a) || /^\/(?:roles?|r):/i.test(a));
}
