import { describe, expect, it } from "vitest";
import { DOTNET_KEYS, SCHANNEL_PROTOCOLS_KEY, schannelKey } from "../../src/baseline/index.js";
import { checkTls12, checkTls12Baseline, declaresTlsBaseline } from "../../src/evaluate/tls12.js";
import { type RegistryOp } from "../../src/registry/types.js";
import { codes, compliantOps, deleteKey, deleteValue, disable, dotNet, enable, protocol, set, stateOf } from "./fixtures.js";

const SERVER = schannelKey("TLS 1.2", "Server");
const CLIENT = schannelKey("TLS 1.2", "Client");
const ROOT = `${SCHANNEL_PROTOCOLS_KEY}\\TLS 1.2`;

describe("checkTls12 (schannel-tls12-enabled)", () => {
  const cases: readonly { name: string; change: RegistryOp[]; expected: string[] }[] = [
    { name: "pass: the compliant baseline", change: [], expected: [] },
    { name: "pass: Enabled=0xFFFFFFFF", change: protocol("TLS 1.2", 0xffffffff, 0), expected: [] },
    { name: "pass: key deleted, then written again", change: [deleteKey(ROOT), ...enable("TLS 1.2")], expected: [] },
    { name: "fail: Server Enabled=0", change: [set(SERVER, "Enabled", 0)], expected: ["TLS12_WRONG_VALUE:violation"] },
    { name: "fail: Client DisabledByDefault=1", change: [set(CLIENT, "DisabledByDefault", 1)], expected: ["TLS12_WRONG_VALUE:violation"] },
    { name: "fail: TLS 1.2 disabled on both sides", change: disable("TLS 1.2"), expected: ["TLS12_DISABLED:violation"] },
    { name: "fail: Enabled=2", change: [set(SERVER, "Enabled", 2)], expected: ["TLS12_WRONG_VALUE:violation"] },
    { name: "fail: Enabled as a string", change: [set(SERVER, "Enabled", { type: "string", value: "1" })], expected: ["TLS12_NOT_DWORD:violation"] },
    { name: "unknown: Enabled data that cannot be read", change: [set(SERVER, "Enabled", { type: "invalid", raw: "$on" })], expected: ["TLS12_UNREADABLE:indeterminate"] },
    { name: "fail: TLS 1.2 key deleted", change: [deleteKey(ROOT)], expected: ["TLS12_DELETED:violation"] },
    { name: "fail: the whole Protocols key deleted", change: [deleteKey(SCHANNEL_PROTOCOLS_KEY)], expected: ["TLS12_DELETED:violation"] },
    { name: "fail: one value deleted", change: [deleteValue(CLIENT, "Enabled")], expected: ["TLS12_DELETED:violation"] },
  ];
  it.each(cases)("$name", ({ change, expected }) => {
    expect(codes(checkTls12(stateOf(compliantOps(), change)))).toEqual(expected);
  });

  const partial: readonly { name: string; ops: RegistryOp[]; expected: string[] }[] = [
    { name: "pass: TLS 1.2 not touched at all", ops: [...disable("TLS 1.0"), ...dotNet(1)], expected: [] },
    { name: "missing: Server only (SChannelDsc without IncludeClientSide)", ops: enable("TLS 1.2", ["Server"]), expected: ["TLS12_NOT_DECLARED:violation"] },
    { name: "missing: Enabled only", ops: [set(SERVER, "Enabled", 1), set(CLIENT, "Enabled", 1)], expected: ["TLS12_NOT_DECLARED:violation"] },
    { name: "missing: a misspelt value only", ops: [set(SERVER, "Enabeld", 1)], expected: ["TLS12_NOT_DECLARED:violation"] },
  ];
  it.each(partial)("$name", ({ ops, expected }) => {
    expect(codes(checkTls12(stateOf(ops)))).toEqual(expected);
  });

  it("reports the values not declared together, naming each", () => {
    const [f] = checkTls12(stateOf(enable("TLS 1.2", ["Server"])), { carrier: "run-tls" });
    expect(f?.message).toBe(
      `TLS 1.2: Client Enabled, Client DisabledByDefault not declared, expected Client Enabled=1 or 4294967295 (0xFFFFFFFF), Client DisabledByDefault=0 (${CLIENT}, carrier run-tls)`,
    );
    expect(f?.evidence.map((e) => [e.valueName, e.found, e.carrier])).toEqual([
      ["Enabled", "absent", "run-tls"],
      ["DisabledByDefault", "absent", "run-tls"],
    ]);
    expect(f?.severity).toBe("critical");
  });

  it("says a deleted key falls back to the OS default, once per deletion", () => {
    const findings = checkTls12(stateOf(deleteKey(ROOT, 40)));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("deleted (key removed: falls back to the OS default)");
    expect(findings[0]?.message).toContain(`(${ROOT}, tls.ps1 line 40)`);
    expect(findings[0]?.evidence.map((e) => e.found)).toEqual(["deleted", "deleted", "deleted", "deleted"]);
  });

  it("words a wrong value as requirement and evidence", () => {
    const [f] = checkTls12(stateOf(compliantOps(), set(SERVER, "Enabled", 0, 12)));
    expect(f?.message).toBe(`TLS 1.2 Server: Enabled is 0, expected 1 or 4294967295 (0xFFFFFFFF) (${SERVER}, tls.ps1 line 12)`);
    expect(f?.evidence).toEqual([{ path: SERVER, valueName: "Enabled", found: "0", expected: "1 or 4294967295 (0xFFFFFFFF)", location: { file: "tls.ps1", line: 12 } }]);
  });

  it("checkTls12Baseline requires TLS 1.2 even when nothing mentions it", () => {
    expect(codes(checkTls12Baseline(stateOf()))).toEqual(["TLS12_NOT_DECLARED:violation"]);
    expect(checkTls12Baseline(stateOf(enable("TLS 1.2")))).toEqual([]);
  });
});

describe("declaresTlsBaseline", () => {
  const v4 = DOTNET_KEYS[0]?.key ?? "";
  it.each([
    { name: "an SCHANNEL protocol value", ops: [set(schannelKey("SSL 3.0", "Server"), "Enabled", 0)], expected: true },
    { name: "a .NET crypto value", ops: [set(v4, "SchUseStrongCrypto", 1)], expected: true },
    { name: "a deleted protocol key", ops: [deleteKey(`${SCHANNEL_PROTOCOLS_KEY}\\TLS 1.0`)], expected: true },
    { name: "nothing", ops: [], expected: false },
    { name: "another .NET value only", ops: [set(v4, "OnlyUseLatestCLR", 1)], expected: false },
    { name: "an unrelated SCHANNEL value", ops: [set("HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL", "AllowInsecureRenegoClients", 0)], expected: false },
  ])("$name → $expected", ({ ops, expected }) => {
    expect(declaresTlsBaseline(stateOf(ops))).toBe(expected);
  });
});
