import { describe, expect, it } from "vitest";
import { DEFAULT_LEGACY_PROTOCOLS, DOTNET_KEYS, SCHANNEL_PROTOCOLS, schannelKey, type ProtocolId } from "../../src/baseline/index.js";
import { defaultRemediationOptions, desiredRegistryValues, parseRemediationOptions, RemediationOptionsError, type DesiredValue, type RemediationOptions } from "../../src/remediation/index.js";
import { COMBINATIONS } from "./combinations.js";

const TLS12_CLIENT = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client";
const NET4_64 = "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319";
const NET2_32 = "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727";

function dataOf(values: readonly DesiredValue[], key: string, valueName: string): number | undefined {
  return values.find((v) => v.key === key && v.valueName === valueName)?.data;
}

/** The protocols the list writes, in the order it writes them. */
function protocolsOf(values: readonly DesiredValue[]): ProtocolId[] {
  return [...new Set(values.flatMap((v) => (v.subject.kind === "schannel" ? [v.subject.protocol] : [])))];
}

describe("desiredRegistryValues", () => {
  it("writes what BASELINE.md §1-§2 requires by default: TLS 1.2 enabled, .NET v4 and v2 strong crypto, nothing else", () => {
    const values = desiredRegistryValues(defaultRemediationOptions);
    expect(dataOf(values, TLS12_CLIENT, "Enabled")).toBe(1);
    expect(dataOf(values, TLS12_CLIENT, "DisabledByDefault")).toBe(0);
    expect(dataOf(values, NET4_64, "SchUseStrongCrypto")).toBe(1);
    expect(dataOf(values, NET2_32, "SystemDefaultTlsVersions")).toBe(1);
    expect(protocolsOf(values)).toEqual(["TLS 1.2"]);
    // 4 TLS 1.2 values + 2 values x 4 .NET keys.
    expect(values).toHaveLength(12);
  });

  const cases: readonly { name: string; options: RemediationOptions; protocols: ProtocolId[]; dotNetKeys: number }[] = [
    { name: "legacy disabled with the default list", options: { ...defaultRemediationOptions, disableLegacyProtocols: true }, protocols: ["TLS 1.2", ...DEFAULT_LEGACY_PROTOCOLS], dotNetKeys: 4 },
    { name: "legacy list given without disableLegacyProtocols is ignored", options: { ...defaultRemediationOptions, legacyProtocols: ["TLS 1.0"] }, protocols: ["TLS 1.2"], dotNetKeys: 4 },
    { name: "a custom legacy list, listed out of order and twice", options: { ...defaultRemediationOptions, disableLegacyProtocols: true, legacyProtocols: ["TLS 1.1", "SSL 3.0", "TLS 1.1"] }, protocols: ["TLS 1.2", "SSL 3.0", "TLS 1.1"], dotNetKeys: 4 },
    { name: "an empty legacy list disables nothing", options: { ...defaultRemediationOptions, disableLegacyProtocols: true, legacyProtocols: [] }, protocols: ["TLS 1.2"], dotNetKeys: 4 },
    { name: "TLS 1.3 disabled", options: { ...defaultRemediationOptions, tls13: "disable" }, protocols: ["TLS 1.2", "TLS 1.3"], dotNetKeys: 4 },
    { name: ".NET v4 only", options: { ...defaultRemediationOptions, includeDotNetV2: false }, protocols: ["TLS 1.2"], dotNetKeys: 2 },
  ];
  it.each(cases)("$name", ({ options, protocols, dotNetKeys }) => {
    const values = desiredRegistryValues(options);
    expect(protocolsOf(values)).toEqual(protocols);
    expect(new Set(values.filter((v) => v.subject.kind === "dotnet").map((v) => v.key)).size).toBe(dotNetKeys);
    expect(values).toHaveLength(protocols.length * 4 + dotNetKeys * 2);
  });

  it("disables every protocol other than TLS 1.2 with Enabled=0 and DisabledByDefault=1 on both sides", () => {
    const values = desiredRegistryValues({ ...defaultRemediationOptions, disableLegacyProtocols: true, tls13: "disable" });
    for (const protocol of protocolsOf(values).filter((p) => p !== "TLS 1.2")) {
      for (const side of ["Client", "Server"] as const) {
        expect(dataOf(values, schannelKey(protocol, side), "Enabled")).toBe(0);
        expect(dataOf(values, schannelKey(protocol, side), "DisabledByDefault")).toBe(1);
      }
    }
  });

  it.each(COMBINATIONS)("$name: ids and values are unique, keys come from the baseline tables", ({ options }) => {
    const values = desiredRegistryValues(options);
    expect(new Set(values.map((v) => v.id)).size).toBe(values.length);
    expect(new Set(values.map((v) => `${v.key}\u0000${v.valueName}`)).size).toBe(values.length);
    const baselineKeys = new Set([...SCHANNEL_PROTOCOLS.flatMap((p) => [schannelKey(p.id, "Client"), schannelKey(p.id, "Server")]), ...DOTNET_KEYS.map((k) => k.key)]);
    for (const v of values) {
      expect(baselineKeys.has(v.key)).toBe(true);
      expect(v.id).toMatch(/^[A-Za-z0-9_]+$/);
    }
  });

  it("names resources after protocol, side and value", () => {
    const ids = desiredRegistryValues(defaultRemediationOptions).map((v) => v.id);
    expect(ids).toContain("TLS_1_2_Server_Enabled");
    expect(ids).toContain("DotNet_v4_0_30319_32_bit_SchUseStrongCrypto");
  });

  it("rejects bad options with every problem named", () => {
    const bad = { disableLegacyProtocols: "yes", tls13: "off", includeDotNetV2: 1, restart: "now", legacyProtocols: ["TLS 1.2", "TLS 9.9"] } as unknown as RemediationOptions;
    expect(() => desiredRegistryValues(bad)).toThrow(RemediationOptionsError);
    try {
      desiredRegistryValues(bad);
    } catch (e) {
      expect((e as RemediationOptionsError).problems).toHaveLength(6);
    }
  });
});

describe("parseRemediationOptions", () => {
  it("fills in the defaults", () => {
    expect(parseRemediationOptions({})).toEqual({ ok: true, options: { ...defaultRemediationOptions, legacyProtocols: DEFAULT_LEGACY_PROTOCOLS } });
  });

  const rejected: readonly { name: string; input: unknown; problem: RegExp }[] = [
    { name: "null", input: null, problem: /must be an object/ },
    { name: "an array", input: [], problem: /must be an object/ },
    { name: "a string", input: "disable", problem: /must be an object/ },
    { name: "a non-boolean switch", input: { disableLegacyProtocols: "true" }, problem: /disableLegacyProtocols must be true or false/ },
    { name: "an unknown tls13 choice", input: { tls13: "enable" }, problem: /tls13 must be one of leave, disable/ },
    { name: "an unknown restart policy", input: { restart: "always" }, problem: /restart must be one of never, ifRequired, maintenanceWindow/ },
    { name: "a legacy list that is not a list", input: { legacyProtocols: "TLS 1.0" }, problem: /legacyProtocols must be a list/ },
    { name: "an unknown protocol", input: { legacyProtocols: ["TLS 1.0", 7] }, problem: /unknown protocol/ },
    { name: "TLS 1.2 as legacy", input: { legacyProtocols: ["TLS 1.2"] }, problem: /cannot contain TLS 1.2/ },
    { name: "TLS 1.3 as legacy", input: { legacyProtocols: ["TLS 1.3"] }, problem: /use the tls13 option/ },
  ];
  it.each(rejected)("rejects $name", ({ input, problem }) => {
    const parsed = parseRemediationOptions(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join("; ")).toMatch(problem);
  });

  it("reads a huge legacy list into baseline order without duplicates", () => {
    const parsed = parseRemediationOptions({ legacyProtocols: [...Array<string>(100_000).fill("TLS 1.0"), "SSL 3.0"] });
    expect(parsed).toEqual({ ok: true, options: expect.objectContaining({ legacyProtocols: ["SSL 3.0", "TLS 1.0"] }) as unknown });
  });

  it("names a problem once however often the list repeats it", () => {
    const parsed = parseRemediationOptions({ legacyProtocols: [...Array<unknown>(100_000).fill(null), ...Array<string>(10).fill("TLS 1.2")] });
    expect(parsed.ok ? [] : parsed.problems).toHaveLength(2);
  });
});
