import { describe, expect, it } from "vitest";
import { windowsRelease, type WindowsRelease } from "../../src/baseline/windows.js";
import { checkTls13Compatibility, exchangeSupportsTls13, type Tls13Support } from "../../src/evaluate/tls13.js";
import { type ExchangeEvidence } from "../../src/model/index.js";
import { type RegistryOp } from "../../src/registry/types.js";
import { codes, compliantOps, disable, enable, stateOf } from "./fixtures.js";

const TAG = "tag exchange-build";
const EX2016: ExchangeEvidence = { source: TAG, build: "15.1.2507.66" };
const EX2019_CU15: ExchangeEvidence = { source: TAG, build: "15.2.1748.43" };
const WS2022 = windowsRelease("2022");

describe("checkTls13Compatibility (tls13-exchange-compatible)", () => {
  const cases: readonly { name: string; ops: RegistryOp[]; windows: WindowsRelease | undefined; exchange: ExchangeEvidence[]; expected: string[] }[] = [
    { name: "pass: 2022, Exchange 2016, TLS 1.3 disabled", ops: disable("TLS 1.3"), windows: WS2022, exchange: [EX2016], expected: [] },
    { name: "missing: 2022, Exchange 2016, TLS 1.3 not declared", ops: [], windows: WS2022, exchange: [EX2016], expected: ["TLS13_NOT_DECLARED:violation"] },
    { name: "missing: 2025, Exchange 2019 CU14, TLS 1.3 not declared", ops: [], windows: windowsRelease("2025"), exchange: [{ source: TAG, build: "15.2.1544.39" }], expected: ["TLS13_NOT_DECLARED:violation"] },
    { name: "fail: 2022, Exchange 2016, TLS 1.3 enabled", ops: enable("TLS 1.3"), windows: WS2022, exchange: [EX2016], expected: Array<string>(4).fill("TLS13_WRONG_VALUE:violation") },
    { name: "fail: 2022, Exchange 2016, TLS 1.3 disabled on the server only", ops: disable("TLS 1.3", ["Server"]), windows: WS2022, exchange: [EX2016], expected: ["TLS13_NOT_DECLARED:violation"] },
    { name: "pass: 2022, Exchange 2019 CU15", ops: [], windows: WS2022, exchange: [EX2019_CU15], expected: [] },
    { name: "pass: 2022, Exchange SE by product only", ops: [], windows: WS2022, exchange: [{ source: TAG, product: "SE" }], expected: [] },
    { name: "pass: 2019 has no TLS 1.3", ops: [], windows: windowsRelease("2019"), exchange: [EX2016], expected: [] },
    { name: "fail: two declarations, one too old", ops: [], windows: WS2022, exchange: [EX2019_CU15, EX2016], expected: ["TLS13_NOT_DECLARED:violation"] },
    { name: "unknown: Windows release unknown", ops: [], windows: undefined, exchange: [EX2016], expected: ["TLS13_WINDOWS_UNKNOWN:indeterminate"] },
    { name: "pass: Windows release unknown, TLS 1.3 disabled", ops: disable("TLS 1.3"), windows: undefined, exchange: [], expected: [] },
    { name: "unknown: no Exchange evidence", ops: [], windows: WS2022, exchange: [], expected: ["TLS13_EXCHANGE_UNKNOWN:indeterminate"] },
    { name: "unknown: Exchange 2019 without a CU", ops: [], windows: WS2022, exchange: [{ source: TAG, product: "2019" }], expected: ["TLS13_EXCHANGE_UNKNOWN:indeterminate"] },
  ];
  it.each(cases)("$name", ({ ops, windows, exchange, expected }) => {
    expect(codes(checkTls13Compatibility({ state: stateOf(compliantOps(), ops), windows, exchange }))).toEqual(expected);
  });

  it("says why the requirement applies", () => {
    const [f] = checkTls13Compatibility({ state: stateOf(), windows: WS2022, exchange: [EX2016], carrier: "dsc" });
    expect(f?.message).toContain("Exchange 2016 CU23 (15.1.2507.66) does not support TLS 1.3, which Windows Server 2022 enables when its key is absent");
    expect(f?.evidence.every((e) => e.carrier === "dsc")).toBe(true);
    expect(f?.control).toBe("MTG-TLS13-EXCHANGE");
  });
});

describe("exchangeSupportsTls13", () => {
  it.each<{ evidence: ExchangeEvidence; expected: Tls13Support }>([
    { evidence: { source: TAG, build: "15.2.1748.10" }, expected: "supported" },
    { evidence: { source: TAG, build: "15.2.2562.17" }, expected: "supported" },
    { evidence: { source: TAG, build: "15.2.1544.39" }, expected: "unsupported" },
    { evidence: { source: TAG, build: "15.0.1497.48" }, expected: "unsupported" },
    { evidence: { source: TAG, build: "not a build" }, expected: "unknown" },
    { evidence: { source: TAG, product: "2019", cu: "CU15" }, expected: "supported" },
    { evidence: { source: TAG, product: "2019", cu: "CU14" }, expected: "unsupported" },
    { evidence: { source: TAG, product: "2016" }, expected: "unsupported" },
    { evidence: { source: TAG }, expected: "unknown" },
  ])("$evidence → $expected", ({ evidence, expected }) => {
    expect(exchangeSupportsTls13(evidence)).toBe(expected);
  });
});
