import { cuOfBuild, type ExchangeProduct, formatBuild, parseBuild, productOfBuild } from "../baseline/exchange.js";
import { type ExchangeEvidence, type Field, isUnknownValue, type UnknownValue } from "../model/index.js";
import { type OsFamily, type TagMap } from "./server.js";

/**
 * Which servers are mail servers (shared config key `mailServers`). The defaults live with the
 * shared configuration (`src/rules/config.ts`); this is the same shape.
 */
export interface MailServerSelector {
  /** Tag keys (case-insensitive, as Azure compares them) whose value names the role. */
  readonly tagKeys: readonly string[];
  /** Role values (case-insensitive); a tag may list several, separated by `,` or `;`. */
  readonly tagValues: readonly string[];
  /** Globs with `*` over the Pulumi and Azure names. */
  readonly namePatterns: readonly string[];
  /** Names or URN patterns with `*` that are always / never mail servers; exclude wins. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** What selection looks at; a `ServerModel` (plus its URN, when known) fits. */
export interface SelectableServer {
  readonly name: string;
  readonly urn?: string;
  readonly azureName?: Field<string>;
  readonly tags: Field<TagMap>;
  readonly osFamily?: OsFamily;
}

/**
 * The selection and why (for messages). A server not selected lists the unknowns that could have
 * selected it: the caller reports those as indeterminate instead of skipping the server.
 */
export type MailServerDecision =
  | { readonly selected: true; readonly reason: string }
  | { readonly selected: false; readonly reason: string; readonly unknown: readonly UnknownValue[] };

export const DEFAULT_EXCHANGE_BUILD_TAG = "exchange-build";

/** Case-insensitive glob with `*` only: the pattern must match the whole text. */
export function globMatch(pattern: string, text: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(text);
}

/** A tag's value by key, compared case-insensitively as Azure does. */
export function findTag(tags: Field<TagMap>, key: string): string | UnknownValue | undefined {
  if (tags === undefined || isUnknownValue(tags)) return undefined;
  const match = Object.keys(tags).find((k) => k.toLowerCase() === key.toLowerCase());
  return match === undefined ? undefined : tags[match];
}

function namesOf(server: SelectableServer): string[] {
  return [server.name, server.urn, typeof server.azureName === "string" ? server.azureName : undefined].filter((n): n is string => n !== undefined);
}

function listed(server: SelectableServer, patterns: readonly string[]): string | undefined {
  const names = namesOf(server);
  return patterns.find((p) => names.some((n) => globMatch(p, n)));
}

/**
 * Whether a server is a mail server: exclude list, then (only for servers not known to run Linux)
 * include list, role tags, name patterns, and evidence such as an Exchange install in a carrier.
 */
export function isMailServer(server: SelectableServer, selector: MailServerSelector, evidence: { readonly exchangeInstalled: boolean }): MailServerDecision {
  if (listed(server, selector.exclude) !== undefined) return { selected: false, reason: "listed in mailServers.exclude", unknown: [] };
  if (server.osFamily === "linux") return { selected: false, reason: "runs Linux", unknown: [] };
  if (listed(server, selector.include) !== undefined) return { selected: true, reason: "listed in mailServers.include" };
  const unknown: UnknownValue[] = isUnknownValue(server.tags) ? [server.tags] : [];
  const roles = new Set(selector.tagValues.map((v) => v.toLowerCase()));
  for (const key of selector.tagKeys) {
    const value = findTag(server.tags, key);
    if (isUnknownValue(value)) unknown.push(value);
    const role = typeof value === "string" ? value.split(/[,;]/).map((v) => v.trim().toLowerCase()).find((v) => roles.has(v)) : undefined;
    if (role !== undefined) return { selected: true, reason: `tag ${key} is ${role}` };
  }
  const pattern = listed(server, selector.namePatterns);
  if (pattern !== undefined) return { selected: true, reason: `name matches ${pattern}` };
  if (isUnknownValue(server.azureName) && selector.namePatterns.length > 0) unknown.push(server.azureName);
  if (evidence.exchangeInstalled) return { selected: true, reason: "a carrier installs Exchange on it" };
  return { selected: false, reason: "no role tag, name pattern or Exchange evidence", unknown };
}

const PRODUCT_IN_TEXT = /\b(2013|2016|2019|SE)\b/i;
const CU_IN_TEXT = /\b(CU\s?\d{1,2}|RTM)\b/i;

/**
 * The Exchange build a server declares in its tag (`exchange-build` by default): a full build
 * (`15.2.1748.43`), or a product and CU (`2019 CU15`, `Exchange SE RTM`). A value that names
 * neither gives evidence without a product, which the evaluator reports as unreadable.
 */
export function readExchangeBuildTag(tags: Field<TagMap>, key: string = DEFAULT_EXCHANGE_BUILD_TAG): ExchangeEvidence | UnknownValue | undefined {
  const value = isUnknownValue(tags) ? tags : findTag(tags, key);
  if (value === undefined || isUnknownValue(value)) return value;
  const source = `tag ${key}`;
  const build = parseBuild(value.replace(/^\D*/, ""));
  if (build) {
    const product = productOfBuild(build);
    const cu = cuOfBuild(build)?.cu;
    return { source, ...(product ? { product } : {}), ...(cu ? { cu } : {}), build: formatBuild(build) };
  }
  const product = PRODUCT_IN_TEXT.exec(value)?.[1]?.toUpperCase() as ExchangeProduct | undefined;
  const cu = CU_IN_TEXT.exec(value)?.[1]?.toUpperCase().replace(/\s/g, "");
  return { source, ...(product ? { product } : {}), ...(product && cu ? { cu } : {}) };
}
