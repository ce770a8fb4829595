import { describe, expect, it } from "vitest";
import { DOTNET_KEYS, schannelKey } from "../../src/baseline/index.js";
import { checkLegacyDisabled } from "../../src/evaluate/legacy.js";
import { type RegistryOp } from "../../src/registry/types.js";
import { codes, compliantOps, deleteValue, disable, enable, protocol, set, stateOf } from "./fixtures.js";

const V4_64 = DOTNET_KEYS[0]?.key ?? "";

describe("checkLegacyDisabled (schannel-legacy-protocols-disabled)", () => {
  const cases: readonly { name: string; change: RegistryOp[]; expected: string[] }[] = [
    { name: "pass: the compliant baseline", change: [], expected: [] },
    { name: "fail: SSL 3.0 Server Enabled=1", change: [set(schannelKey("SSL 3.0", "Server"), "Enabled", 1)], expected: ["LEGACY_WRONG_VALUE:violation"] },
    { name: "fail: TLS 1.0 enabled for transition", change: enable("TLS 1.0"), expected: ["LEGACY_WRONG_VALUE:violation", "LEGACY_WRONG_VALUE:violation", "LEGACY_WRONG_VALUE:violation", "LEGACY_WRONG_VALUE:violation"] },
    { name: "fail: TLS 1.1 half disabled", change: protocol("TLS 1.1", 0, 0), expected: ["LEGACY_WRONG_VALUE:violation", "LEGACY_WRONG_VALUE:violation"] },
    { name: "missing: SSL 2.0 DisabledByDefault deleted", change: [deleteValue(schannelKey("SSL 2.0", "Client"), "DisabledByDefault")], expected: ["LEGACY_DELETED:violation"] },
    { name: "fail: TLS 1.0 Enabled as a string", change: [set(schannelKey("TLS 1.0", "Client"), "Enabled", { type: "string", value: "zero" })], expected: ["LEGACY_NOT_DWORD:violation"] },
    { name: "unknown: TLS 1.1 Enabled unreadable", change: [set(schannelKey("TLS 1.1", "Client"), "Enabled", { type: "invalid", raw: "$p" })], expected: ["LEGACY_UNREADABLE:indeterminate"] },
  ];
  it.each(cases)("$name", ({ change, expected }) => {
    expect(codes(checkLegacyDisabled(stateOf(compliantOps(), change)))).toEqual(expected);
  });

  it("missing: a protocol not declared at all is one finding", () => {
    const ops = compliantOps().filter((op) => !("key" in op && op.key.includes("\\SSL 2.0\\")));
    expect(codes(checkLegacyDisabled(stateOf(ops)))).toEqual(["LEGACY_NOT_DECLARED:violation"]);
  });

  it("checks the configured list only", () => {
    const state = stateOf(disable("TLS 1.0"), disable("TLS 1.1"), set(V4_64, "SystemDefaultTlsVersions", 1));
    const dotNetStillOpen = ["LEGACY_DISABLED_DOTNET_NOT_READY:violation"];
    expect(codes(checkLegacyDisabled(state, { protocols: ["TLS 1.0", "TLS 1.1"] }))).toEqual(dotNetStillOpen);
    expect(codes(checkLegacyDisabled(state, { protocols: ["SSL 3.0"] }))).toEqual(["LEGACY_NOT_DECLARED:violation", ...dotNetStillOpen]);
  });

  it("unknown: a configured name that is not a protocol, described without quoting it", () => {
    const findings = checkLegacyDisabled(stateOf(compliantOps()), { protocols: ["TLS 9.9"] });
    expect(codes(findings)).toEqual(["LEGACY_PROTOCOL_UNRECOGNISED:indeterminate"]);
    expect(findings[0]?.message).not.toContain("9.9");
  });
});

describe("HealthChecker cross-rule: TLS 1.0/1.1 disabled while a .NET v4 value is not 1", () => {
  const legacyOnly = (p: readonly string[]) => ({ protocols: p });
  const cases: readonly { name: string; ops: RegistryOp[]; expected: string[] }[] = [
    { name: "pass: .NET v4 all 1", ops: compliantOps(), expected: [] },
    { name: "pass: TLS 1.0/1.1 enabled, .NET absent", ops: [...enable("TLS 1.0"), ...enable("TLS 1.1")], expected: [] },
    { name: "fail: TLS 1.1 disabled, SchUseStrongCrypto=0", ops: [...compliantOps(), set(V4_64, "SchUseStrongCrypto", 0)], expected: ["LEGACY_DISABLED_DOTNET_NOT_READY:violation"] },
    { name: "missing: TLS 1.0 disabled, .NET not declared", ops: disable("TLS 1.0"), expected: ["LEGACY_DISABLED_DOTNET_NOT_READY:violation"] },
    { name: "unknown: the only value not 1 is unreadable", ops: [...compliantOps(), set(V4_64, "SchUseStrongCrypto", { type: "invalid", raw: "$v" })], expected: ["LEGACY_DISABLED_DOTNET_NOT_READY:indeterminate"] },
  ];
  it.each(cases)("$name", ({ ops, expected }) => {
    expect(codes(checkLegacyDisabled(stateOf(ops), legacyOnly([])))).toEqual(expected);
  });

  it("names the disabled protocols and the .NET values", () => {
    const [f] = checkLegacyDisabled(stateOf(disable("TLS 1.0"), disable("TLS 1.1")), legacyOnly([]));
    expect(f?.message).toContain("TLS 1.0 and TLS 1.1 disabled while .NET Framework v4.0.30319 values are not 1 (64-bit SystemDefaultTlsVersions, 64-bit SchUseStrongCrypto, 32-bit SystemDefaultTlsVersions, 32-bit SchUseStrongCrypto)");
    expect(f?.evidence).toHaveLength(4);
  });
});
