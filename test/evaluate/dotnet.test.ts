import { describe, expect, it } from "vitest";
import { DOTNET_KEYS, WINHTTP_KEYS, WINHTTP_VALUE_NAME } from "../../src/baseline/index.js";
import { checkDotNet, checkWinHttp } from "../../src/evaluate/dotnet.js";
import { type RegistryOp } from "../../src/registry/types.js";
import { codes, deleteKey, dotNet, set, stateOf } from "./fixtures.js";

const [V4_64, V4_32, V2_64] = DOTNET_KEYS.map((k) => k.key) as [string, string, string, string];

describe("checkDotNet (dotnet-strong-crypto)", () => {
  const cases: readonly { name: string; change: RegistryOp[]; includeV2: boolean; expected: string[] }[] = [
    { name: "pass: v4 and v2 all 1", change: [], includeV2: true, expected: [] },
    { name: "pass: v2 not checked unless configured", change: [set(V2_64, "SchUseStrongCrypto", 0)], includeV2: false, expected: [] },
    { name: "fail: v2 SchUseStrongCrypto=0 when configured", change: [set(V2_64, "SchUseStrongCrypto", 0)], includeV2: true, expected: ["DOTNET_WRONG_VALUE:violation"] },
    { name: "fail: v4 32-bit SystemDefaultTlsVersions=0", change: [set(V4_32, "SystemDefaultTlsVersions", 0)], includeV2: false, expected: ["DOTNET_WRONG_VALUE:violation"] },
    { name: "fail: v4 SchUseStrongCrypto as a string", change: [set(V4_64, "SchUseStrongCrypto", { type: "string", value: "1" })], includeV2: false, expected: ["DOTNET_NOT_DWORD:violation"] },
    { name: "unknown: v4 SchUseStrongCrypto unreadable", change: [set(V4_64, "SchUseStrongCrypto", { type: "invalid", raw: "$v" })], includeV2: false, expected: ["DOTNET_UNREADABLE:indeterminate"] },
    { name: "fail: v4 64-bit key deleted", change: [deleteKey(V4_64)], includeV2: false, expected: ["DOTNET_DELETED:violation"] },
  ];
  it.each(cases)("$name", ({ change, includeV2, expected }) => {
    expect(codes(checkDotNet(stateOf(dotNet(1), change), { includeV2 }))).toEqual(expected);
  });

  it("missing: v4 only in the 64-bit view is one finding naming the 32-bit values", () => {
    const findings = checkDotNet(stateOf(dotNet(1).filter((op) => "key" in op && op.key === V4_64)));
    expect(codes(findings)).toEqual(["DOTNET_NOT_DECLARED:violation"]);
    expect(findings[0]?.message).toBe(
      `.NET Framework v4.0.30319: 32-bit SystemDefaultTlsVersions, 32-bit SchUseStrongCrypto not declared, expected 32-bit SystemDefaultTlsVersions=1, 32-bit SchUseStrongCrypto=1 (${V4_32})`,
    );
  });

  it("quotes a numeric string and describes any other string", () => {
    const numeric = checkDotNet(stateOf(dotNet(1), set(V4_64, "SchUseStrongCrypto", { type: "string", value: "1" })));
    expect(numeric[0]?.evidence[0]?.found).toBe("a string value 1 (not a DWORD)");
    const other = checkDotNet(stateOf(dotNet(1), set(V4_64, "SchUseStrongCrypto", { type: "string", value: "P@ssw0rd" })));
    expect(other[0]?.evidence[0]?.found).toBe("a string value (not a DWORD)");
    expect(JSON.stringify(other)).not.toContain("P@ssw0rd");
  });
});

describe("checkWinHttp", () => {
  const [WH64] = WINHTTP_KEYS as [string, string];
  it.each([
    { name: "pass: not declared", ops: [], expected: [] },
    { name: "pass: TLS 1.2 only (0x800)", ops: [set(WH64, WINHTTP_VALUE_NAME, 0x800)], expected: [] },
    { name: "pass: TLS 1.1 and 1.2 (0xA00)", ops: [set(WH64, WINHTTP_VALUE_NAME, 0xa00)], expected: [] },
    { name: "fail: TLS 1.0 and 1.1 only (0x280)", ops: [set(WH64, WINHTTP_VALUE_NAME, 0x280)], expected: ["WINHTTP_TLS12_MISSING:violation"] },
    { name: "fail: a string", ops: [set(WH64, WINHTTP_VALUE_NAME, { type: "string", value: "0x800" })], expected: ["WINHTTP_NOT_DWORD:violation"] },
    { name: "unknown: unreadable data", ops: [set(WH64, WINHTTP_VALUE_NAME, { type: "invalid", raw: "$mask" })], expected: ["WINHTTP_UNREADABLE:indeterminate"] },
  ])("$name", ({ ops, expected }) => {
    expect(codes(checkWinHttp(stateOf(ops)))).toEqual(expected);
  });

  it("formats the mask in hex", () => {
    const [f] = checkWinHttp(stateOf(set(WH64, WINHTTP_VALUE_NAME, 0x280, 7)));
    expect(f?.message).toBe(`WinHTTP: DefaultSecureProtocols is 640 (0x280), expected a mask including 2048 (0x800) (TLS 1.2) (${WH64}, tls.ps1 line 7)`);
    expect(f?.control).toBe("MTG-WINHTTP");
  });
});
