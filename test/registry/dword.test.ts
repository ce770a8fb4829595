import { describe, expect, it } from "vitest";
import { parseDword } from "../../src/registry/dword.js";

describe("parseDword", () => {
  it.each([
    [1, undefined, 1],
    [0, undefined, 0],
    [-1, undefined, 0xffffffff],
    [-2147483648, undefined, 0x80000000],
    [4294967295, undefined, 0xffffffff],
    ["1", undefined, 1],
    [" 0 ", undefined, 0],
    ["0x1", undefined, 1],
    ["0X0000000A", undefined, 10],
    ["0xFFFFFFFF", undefined, 0xffffffff],
    ["4294967295", undefined, 0xffffffff],
    ["-1", undefined, 0xffffffff],
    ["+7", undefined, 7],
    ["dword:00000001", undefined, 1],
    ["DWORD:ffffffff", undefined, 0xffffffff],
    ["ffffffff", { hex: true }, 0xffffffff],
    ["1", { hex: true }, 1],
    ["10", { hex: true }, 16],
    ["0x10", { hex: true }, 16],
  ])("reads %j (options %j) as %d", (input, opts, expected) => {
    expect(parseDword(input, opts)).toBe(expected);
  });

  it.each([
    [4294967296],
    [-2147483649],
    [1.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ["4294967296"],
    ["0x100000000"],
    ["1.5"],
    ["1e3"],
    ["enabled"],
    ["ffffffff"],
    [""],
    ["0x"],
    ["-0x1"],
    ["dword:123456789"],
    [null],
    [undefined],
    [true],
    [{ value: 1 }],
    [[1]],
  ])("rejects %j", (input) => {
    expect(parseDword(input)).toBeUndefined();
  });
});
