import { describe, expect, it } from "vitest";
import { SCHANNEL_PROTOCOLS_KEY, schannelKey, type ProtocolId } from "../../src/baseline/schannel.js";
import { checkProtocolConsistency, judgeProtocol, type ProtocolStatus } from "../../src/evaluate/protocols.js";
import { type RegistryOp } from "../../src/registry/types.js";
import { codes, compliantOps, deleteKey, disable, enable, protocol, set, stateOf } from "./fixtures.js";

const HEALTHCHECKER_PROTOCOLS: readonly ProtocolId[] = ["SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"];

/** Ways to declare a protocol, with the status HealthChecker derives and whether all four are explicit. */
const STATUS_CASES: readonly { name: string; ops: (p: ProtocolId) => RegistryOp[]; status: ProtocolStatus; allExplicit: boolean }[] = [
  { name: "enabled: Enabled=1, DisabledByDefault=0 both sides", ops: (p) => enable(p), status: "enabled", allExplicit: true },
  { name: "enabled: Enabled=0xFFFFFFFF", ops: (p) => protocol(p, 0xffffffff, 0), status: "enabled", allExplicit: true },
  { name: "disabled: Enabled=0, DisabledByDefault=1 both sides", ops: (p) => disable(p), status: "disabled", allExplicit: true },
  { name: "disabled: Enabled=0, DisabledByDefault absent", ops: (p) => [set(schannelKey(p, "Client"), "Enabled", 0), set(schannelKey(p, "Server"), "Enabled", 0)], status: "disabled", allExplicit: false },
  { name: "half-disabled: Enabled=0 with DisabledByDefault explicitly 0", ops: (p) => protocol(p, 0, 0), status: "half-disabled", allExplicit: true },
  { name: "half-disabled: Enabled=1 with DisabledByDefault=1", ops: (p) => protocol(p, 1, 1), status: "half-disabled", allExplicit: true },
  { name: "misconfigured: Server disabled, Client enabled", ops: (p) => [...disable(p, ["Server"]), ...enable(p, ["Client"])], status: "misconfigured", allExplicit: true },
  { name: "misconfigured: DisabledByDefault differs", ops: (p) => [...protocol(p, 1, 0, ["Server"]), ...protocol(p, 1, 1, ["Client"])], status: "misconfigured", allExplicit: true },
  { name: "misconfigured: Server disabled, Client not declared", ops: (p) => disable(p, ["Server"]), status: "misconfigured", allExplicit: false },
  { name: "not-declared: nothing written", ops: () => [], status: "not-declared", allExplicit: false },
  { name: "not-declared: key deleted after being written", ops: (p) => [...enable(p), deleteKey(`${SCHANNEL_PROTOCOLS_KEY}\\${p}`)], status: "not-declared", allExplicit: false },
  { name: "undetermined: a string value", ops: (p) => [...enable(p, ["Client"]), set(schannelKey(p, "Server"), "Enabled", { type: "string", value: "1" }), set(schannelKey(p, "Server"), "DisabledByDefault", 0)], status: "undetermined", allExplicit: false },
  { name: "undetermined: data that is not a number", ops: (p) => [...enable(p, ["Client"]), set(schannelKey(p, "Server"), "Enabled", { type: "invalid", raw: "$x" }), set(schannelKey(p, "Server"), "DisabledByDefault", 0)], status: "undetermined", allExplicit: false },
];

describe("judgeProtocol derives HealthChecker's status", () => {
  const cases = HEALTHCHECKER_PROTOCOLS.flatMap((p) => STATUS_CASES.map((c) => ({ ...c, protocol: p })));
  it.each(cases)("$protocol $name", ({ protocol: p, ops, status, allExplicit }) => {
    const j = judgeProtocol(stateOf(ops(p)), p);
    expect(j.status).toBe(status);
    expect(j.allExplicit).toBe(allExplicit);
    expect(j.values.map((v) => `${v.side} ${v.valueName}`)).toEqual(["Client Enabled", "Client DisabledByDefault", "Server Enabled", "Server DisabledByDefault"]);
  });

  it("reads an absent Enabled as enabled, except for TLS 1.3 (as HealthChecker does)", () => {
    const onlyDisabledByDefault = (p: ProtocolId) => [set(schannelKey(p, "Client"), "DisabledByDefault", 1), set(schannelKey(p, "Server"), "DisabledByDefault", 1)];
    expect(judgeProtocol(stateOf(onlyDisabledByDefault("TLS 1.2")), "TLS 1.2").status).toBe("half-disabled");
    expect(judgeProtocol(stateOf(onlyDisabledByDefault("TLS 1.3")), "TLS 1.3").status).toBe("disabled");
  });

  it("reports each value with its reading and location", () => {
    const j = judgeProtocol(stateOf(set(schannelKey("TLS 1.2", "Server"), "Enabled", 1, 12)), "TLS 1.2");
    const serverEnabled = j.values.find((v) => v.side === "Server" && v.valueName === "Enabled");
    expect(serverEnabled?.reading.kind).toBe("dword");
    expect(serverEnabled?.reading.kind === "dword" && serverEnabled.reading.declared.location).toEqual({ file: "tls.ps1", line: 12 });
    expect(j.values.filter((v) => v.reading.kind === "absent")).toHaveLength(3);
  });
});

describe("checkProtocolConsistency (schannel-protocols-consistent)", () => {
  const T12S = schannelKey("TLS 1.2", "Server");
  const cases: readonly { name: string; change: RegistryOp[]; expected: string[] }[] = [
    { name: "pass: the compliant baseline", change: [], expected: [] },
    { name: "pass: TLS 1.0 explicitly enabled for transition", change: enable("TLS 1.0"), expected: [] },
    { name: "pass: TLS 1.3 Enabled=0xFFFFFFFF", change: protocol("TLS 1.3", 0xffffffff, 0), expected: [] },
    { name: "pass: a protocol key deleted", change: [deleteKey(`${SCHANNEL_PROTOCOLS_KEY}\\SSL 2.0`)], expected: [] },
    { name: "fail: TLS 1.0 disabled on the server only", change: enable("TLS 1.0", ["Client"]), expected: ["PROTOCOL_MISCONFIGURED:violation"] },
    { name: "fail: TLS 1.1 half disabled", change: protocol("TLS 1.1", 0, 0), expected: ["PROTOCOL_HALF_DISABLED:violation"] },
    { name: "fail: Enabled=2", change: [set(T12S, "Enabled", 2)], expected: ["PROTOCOL_VALUE_UNDEFINED:violation"] },
    { name: "fail: DisabledByDefault as a string", change: [set(T12S, "DisabledByDefault", { type: "string", value: "0" })], expected: ["PROTOCOL_VALUE_NOT_DWORD:violation"] },
    { name: "fail: Enabled as a QWORD", change: [set(T12S, "Enabled", { type: "qword", value: 1 })], expected: ["PROTOCOL_VALUE_NOT_DWORD:violation"] },
    { name: "unknown: Enabled data that cannot be read", change: [set(T12S, "Enabled", { type: "invalid", raw: "$enabled" })], expected: ["PROTOCOL_VALUE_UNREADABLE:indeterminate"] },
    { name: "fail: a misspelt protocol key", change: [set(`${SCHANNEL_PROTOCOLS_KEY}\\TLS1.2\\Server`, "Enabled", 1)], expected: ["PROTOCOL_ENTRY_UNRECOGNISED:violation"] },
    { name: "fail: a misspelt value name", change: [set(T12S, "Enable", 1)], expected: ["PROTOCOL_ENTRY_UNRECOGNISED:violation"] },
  ];
  it.each(cases)("$name", ({ change, expected }) => {
    expect(codes(checkProtocolConsistency(stateOf(compliantOps(), change)))).toEqual(expected);
  });

  it("judges only the protocols the state touches", () => {
    expect(checkProtocolConsistency(stateOf())).toEqual([]);
    expect(codes(checkProtocolConsistency(stateOf(disable("SSL 3.0", ["Server"]))))).toEqual(["PROTOCOL_MISCONFIGURED:violation"]);
  });

  it("compares value names case-insensitively, as Windows does", () => {
    expect(checkProtocolConsistency(stateOf(set(schannelKey("TLS 1.2", "Server"), "enabled", 1), set(schannelKey("TLS 1.2", "Client"), "ENABLED", 1)))).toEqual([]);
  });

  it("states requirement and evidence, names the carrier, and never quotes a non-numeric string", () => {
    const [mismatch] = checkProtocolConsistency(stateOf(disable("TLS 1.0", ["Server"])), { carrier: "dsc-tls" });
    expect(mismatch?.message).toContain("TLS 1.0 Client and Server disagree: Client Enabled absent, Client DisabledByDefault absent, Server Enabled=0, Server DisabledByDefault=1");
    expect(mismatch?.message).toContain("carrier dsc-tls");
    expect(mismatch?.evidence.every((e) => e.carrier === "dsc-tls")).toBe(true);
    expect(mismatch?.severity).toBe("high");
    expect(mismatch?.control).toBe("MTG-PROTOCOL-STATE");

    const [undefinedValue] = checkProtocolConsistency(stateOf(set(schannelKey("TLS 1.2", "Server"), "Enabled", 0xfffffffe, 12), set(schannelKey("TLS 1.2", "Client"), "Enabled", 1)));
    expect(undefinedValue?.message).toBe(
      "TLS 1.2 Server: Enabled is 4294967294 (0xFFFFFFFE), expected 0, 1 or 4294967295 (0xFFFFFFFF): SCHANNEL defines no other data (HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server, tls.ps1 line 12)",
    );

    const [secretish] = checkProtocolConsistency(stateOf(set(schannelKey("TLS 1.2", "Server"), "Enabled", { type: "string", value: "hunter2" })));
    expect(secretish?.message).not.toContain("hunter2");
    expect(secretish?.evidence[0]?.found).toBe("a string value (not a DWORD)");
  });
});
