import {
  DEFAULT_LEGACY_PROTOCOLS,
  DOTNET_EXPECTED,
  DOTNET_VALUE_NAMES,
  SCHANNEL_PROTOCOLS,
  SCHANNEL_VALUE_NAMES,
  SIDES,
  STATE_DISABLED,
  STATE_ENABLED,
  dotNetKeys,
  isProtocolId,
  schannelKey,
  schannelProtocol,
  type DotNetVersion,
  type ProtocolId,
  type ProtocolState,
  type RegistryView,
  type Side,
} from "../baseline/index.js";

export type Tls13Choice = "leave" | "disable";
export type RestartPolicy = "never" | "ifRequired" | "maintenanceWindow";
export const TLS13_CHOICES: readonly Tls13Choice[] = ["leave", "disable"];
export const RESTART_POLICIES: readonly RestartPolicy[] = ["never", "ifRequired", "maintenanceWindow"];

export interface RemediationOptions {
  /** Disable the legacy protocols (default false: TLS 1.0/1.1 and SSL 2.0/3.0 are left as they are). */
  readonly disableLegacyProtocols: boolean;
  /** The protocols `disableLegacyProtocols` disables; default DEFAULT_LEGACY_PROTOCOLS. */
  readonly legacyProtocols?: readonly ProtocolId[];
  /** "disable" for Exchange older than 2019 CU15 / SE on Server 2022+ (BASELINE.md §4). */
  readonly tls13: Tls13Choice;
  /** Also write the .NET v2.0.50727 pair (default true, recommended by Microsoft). */
  readonly includeDotNetV2: boolean;
  readonly restart: RestartPolicy;
}

export const defaultRemediationOptions: RemediationOptions = {
  disableLegacyProtocols: false,
  legacyProtocols: DEFAULT_LEGACY_PROTOCOLS,
  tls13: "leave",
  includeDotNetV2: true,
  restart: "never",
};

/** What a desired value is about; renderers derive comments and resource ids from it. */
export type DesiredSubject =
  | { readonly kind: "schannel"; readonly protocol: ProtocolId; readonly side: Side }
  | { readonly kind: "dotnet"; readonly version: DotNetVersion; readonly view: RegistryView };

/** One REG_DWORD the remediation writes. */
export interface DesiredValue {
  /** Canonical key spelling from the baseline tables (`HKLM\...`). */
  readonly key: string;
  readonly valueName: string;
  /** REG_DWORD data. */
  readonly data: number;
  readonly subject: DesiredSubject;
  /** Unique within one list, stable across releases, usable as a DSC resource id (`TLS_1_2_Server_Enabled`). */
  readonly id: string;
  /** Why the key is written, one short phrase shared by the values of the key (for comments). */
  readonly purpose: string;
}

export class RemediationOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid remediation options: ${problems.join("; ")}`);
    this.name = "RemediationOptionsError";
  }
}

export type ParsedRemediationOptions = { readonly ok: true; readonly options: Required<RemediationOptions> } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads remediation options from untyped input (stack configuration, CLI flags, JSON), filling in
 * the defaults for absent keys. Never throws: wrong types and unknown protocols come back as problems.
 */
export function parseRemediationOptions(input: unknown): ParsedRemediationOptions {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return { ok: false, problems: ["options must be an object"] };
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];
  const disableLegacyProtocols = readBoolean(raw, "disableLegacyProtocols", problems);
  const includeDotNetV2 = readBoolean(raw, "includeDotNetV2", problems);
  const tls13 = readChoice(raw, "tls13", TLS13_CHOICES, problems);
  const restart = readChoice(raw, "restart", RESTART_POLICIES, problems);
  const legacyProtocols = readLegacyProtocols(raw.legacyProtocols, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { disableLegacyProtocols, includeDotNetV2, tls13, restart, legacyProtocols } };
}

/** The options with defaults filled in and the legacy list in baseline order; throws RemediationOptionsError when invalid. */
export function resolveRemediationOptions(options: RemediationOptions): Required<RemediationOptions> {
  const parsed = parseRemediationOptions(options);
  if (!parsed.ok) throw new RemediationOptionsError(parsed.problems);
  return parsed.options;
}

/**
 * The one list of values both renderers write, in rendering order:
 * TLS 1.2 Client and Server enabled; the legacy protocols disabled when asked; TLS 1.3 disabled
 * when asked; SystemDefaultTlsVersions and SchUseStrongCrypto for .NET v4 (and v2) in both views.
 *
 * SSL 2.0 and 3.0 are written only as part of the legacy list: a default run changes only what
 * mail flow needs (TLS 1.2 and .NET), and both are already off by default on every supported
 * Windows Server (2016 and later, BASELINE.md §1); `disableLegacyProtocols` disables them together
 * with TLS 1.0 and 1.1.
 */
export function desiredRegistryValues(options: RemediationOptions): DesiredValue[] {
  const { disableLegacyProtocols, legacyProtocols, tls13, includeDotNetV2 } = resolveRemediationOptions(options);

  const requiredProtocols = SCHANNEL_PROTOCOLS.filter((p) => p.role === "required").map((p) => p.id);
  const legacy = disableLegacyProtocols ? legacyProtocols : [];
  const tls13Protocols = tls13 === "disable" ? SCHANNEL_PROTOCOLS.filter((p) => p.role === "conditional").map((p) => p.id) : [];

  return [
    ...requiredProtocols.flatMap((p) => protocolValues(p, STATE_ENABLED, "enabled, required for mail flow to Exchange Online")),
    ...legacy.flatMap((p) => protocolValues(p, STATE_DISABLED, "disabled, legacy protocol")),
    ...tls13Protocols.flatMap((p) => protocolValues(p, STATE_DISABLED, "disabled, Exchange older than 2019 CU15 / SE cannot use it")),
    ...dotNetValues(includeDotNetV2),
  ];
}

function protocolValues(protocol: ProtocolId, state: ProtocolState, why: string): DesiredValue[] {
  return SIDES.flatMap((side) =>
    SCHANNEL_VALUE_NAMES.map((valueName) => ({
      key: schannelKey(protocol, side),
      valueName,
      data: state[valueName],
      subject: { kind: "schannel", protocol, side },
      id: resourceId(protocol, side, valueName),
      purpose: `${protocol} ${side}: ${why}`,
    })),
  );
}

function dotNetValues(includeV2: boolean): DesiredValue[] {
  return dotNetKeys(includeV2).flatMap((k) =>
    DOTNET_VALUE_NAMES.map((valueName) => ({
      key: k.key,
      valueName,
      data: DOTNET_EXPECTED,
      subject: { kind: "dotnet", version: k.version, view: k.view },
      id: resourceId("DotNet", k.version, k.view, valueName),
      purpose: `.NET Framework ${k.version} (${k.view}): use the OS TLS defaults and strong cryptography`,
    })),
  );
}

/** `TLS 1.2`, `Server`, `Enabled` → `TLS_1_2_Server_Enabled`: letters, digits and underscores only. */
function resourceId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")).join("_");
}

function readBoolean(raw: Record<string, unknown>, name: "disableLegacyProtocols" | "includeDotNetV2", problems: string[]): boolean {
  const value = raw[name];
  if (value === undefined) return defaultRemediationOptions[name];
  if (typeof value === "boolean") return value;
  problems.push(`${name} must be true or false`);
  return defaultRemediationOptions[name];
}

function readChoice<T extends string>(raw: Record<string, unknown>, name: "tls13" | "restart", choices: readonly T[], problems: string[]): T {
  const value = raw[name];
  const fallback = defaultRemediationOptions[name] as T;
  if (value === undefined) return fallback;
  const choice = choices.find((c) => c === value);
  if (choice !== undefined) return choice;
  problems.push(`${name} must be one of ${choices.join(", ")}`);
  return fallback;
}

/**
 * The legacy list in baseline order, without duplicates. The protocol mail flow needs (role
 * "required") and TLS 1.3 (role "conditional", governed by `tls13`) cannot be listed.
 */
function readLegacyProtocols(value: unknown, problems: string[]): readonly ProtocolId[] {
  if (value === undefined) return DEFAULT_LEGACY_PROTOCOLS;
  if (!Array.isArray(value)) {
    problems.push("legacyProtocols must be a list of protocol names");
    return DEFAULT_LEGACY_PROTOCOLS;
  }
  const listed = new Set<ProtocolId>();
  // Each problem once, however long the list: a Set of messages.
  const listProblems = new Set<string>();
  for (const item of value as unknown[]) {
    if (typeof item !== "string" || !isProtocolId(item)) {
      listProblems.add(`legacyProtocols: unknown protocol (known: ${SCHANNEL_PROTOCOLS.map((p) => p.id).join(", ")})`);
      continue;
    }
    const role = schannelProtocol(item).role;
    if (role === "required") listProblems.add(`legacyProtocols cannot contain ${item}: mail flow to Exchange Online needs it`);
    else if (role === "conditional") listProblems.add(`legacyProtocols cannot contain ${item}: use the tls13 option`);
    else listed.add(item);
  }
  problems.push(...listProblems);
  return SCHANNEL_PROTOCOLS.map((p) => p.id).filter((id) => listed.has(id));
}
