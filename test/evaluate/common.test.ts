import { describe, expect, it } from "vitest";
import { schannelKey } from "../../src/baseline/schannel.js";
import { describeReading, formatAccepted, formatDword, formatLocation, isIsoDate, readValue } from "../../src/evaluate/common.js";
import { checkExchangeBuild } from "../../src/evaluate/exchange.js";
import { checkPatching } from "../../src/evaluate/patching.js";
import { checkWindowsImage } from "../../src/evaluate/windows.js";
import { type RegistryData } from "../../src/registry/types.js";
import { codes, set, stateOf } from "./fixtures.js";

const KEY = schannelKey("TLS 1.2", "Server");

describe("value vocabulary", () => {
  it.each([
    [0, "0"],
    [1, "1"],
    [2048, "2048 (0x800)"],
    [0xffffffff, "4294967295 (0xFFFFFFFF)"],
  ])("formatDword(%d) = %s", (n, text) => {
    expect(formatDword(n)).toBe(text);
  });

  it("formatAccepted lists alternatives", () => {
    expect(formatAccepted([1])).toBe("1");
    expect(formatAccepted([1, 0xffffffff])).toBe("1 or 4294967295 (0xFFFFFFFF)");
    expect(formatAccepted([0, 1, 0xffffffff])).toBe("0, 1 or 4294967295 (0xFFFFFFFF)");
  });

  it.each<{ data: RegistryData; kind: string; found: string }>([
    { data: { type: "dword", value: 1 }, kind: "dword", found: "1" },
    { data: { type: "dword", value: -1 }, kind: "unreadable", found: "not a DWORD" },
    { data: { type: "dword", value: 2 ** 40 }, kind: "unreadable", found: "not a DWORD" },
    { data: { type: "dword", value: 1.5 }, kind: "unreadable", found: "not a DWORD" },
    { data: { type: "qword", value: 1 }, kind: "not-dword", found: "a QWORD value 1 (not a DWORD)" },
    { data: { type: "string", value: "12" }, kind: "not-dword", found: "a string value 12 (not a DWORD)" },
    { data: { type: "string", value: "-1; rm" }, kind: "not-dword", found: "a string value (not a DWORD)" },
    { data: { type: "invalid", raw: "$x" }, kind: "unreadable", found: "not a DWORD" },
    { data: null as unknown as RegistryData, kind: "unreadable", found: "not a DWORD" },
  ])("reads $data as $kind", ({ data, kind, found }) => {
    const reading = readValue(stateOf(set(KEY, "Enabled", data)), KEY, "Enabled");
    expect(reading.kind).toBe(kind);
    expect(describeReading(reading)).toBe(found);
  });

  it("formats locations from what is known", () => {
    expect(formatLocation({ file: "a.ps1", line: 3 })).toBe("a.ps1 line 3");
    expect(formatLocation({ line: 3 })).toBe("line 3");
    expect(formatLocation({ file: "a.ps1" })).toBe("a.ps1");
    expect(formatLocation({})).toBeUndefined();
  });

  it.each([
    ["2026-06-01", true],
    ["2024-02-29", true],
    ["2026-02-30", false],
    ["2026-6-1", false],
    ["", false],
    [20260601, false],
  ])("isIsoDate(%j) = %s", (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });
});

describe("bad input never throws", () => {
  it("wrong types in models give findings, not exceptions", () => {
    expect(codes(checkExchangeBuild({ source: "tag", build: 15 as unknown as string }, { asOf: "2026-06-01", allowExtendedSecurityUpdates: false }))).toEqual(["EXCHANGE_BUILD_UNKNOWN:indeterminate"]);
    expect(codes(checkExchangeBuild({ source: "tag", product: "2007" as never }, { asOf: "2026-06-01", allowExtendedSecurityUpdates: false }))).toEqual(["EXCHANGE_BUILD_UNKNOWN:indeterminate"]);
    expect(codes(checkPatching({ kind: "vm", enableAutomaticUpdates: null as never, patchMode: 7 as never, assessmentMode: {} as never, rebootSetting: undefined }))).toEqual([
      "PATCH_VALUE_UNRECOGNISED:violation",
      "PATCH_VALUE_UNRECOGNISED:violation",
    ]);
    expect(codes(checkWindowsImage({ publisher: 42 as never, offer: undefined, sku: ["2019-Datacenter"] as never, version: undefined, customImageId: undefined }, { minimum: "2016", asOf: "2026-06-01" }))).toEqual([
      "WINDOWS_RELEASE_UNKNOWN:indeterminate",
    ]);
  });
});
