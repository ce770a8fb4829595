import { describe, expect, it } from "vitest";
import { formatPath, PropertyReader } from "../../src/azure/read.js";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN, UNKNOWN_SENTINELS } from "../../src/values.js";

const secret = (value: unknown): unknown => ({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value });
const BOOLEAN_UNKNOWN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

describe("PropertyReader", () => {
  const props = {
    osProfile: { windowsConfiguration: { enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } } },
    list: ["a", 2],
    nothing: null,
    tags: { role: "exchange", owner: UNKNOWN, count: 3 },
  };

  it.each([
    [["osProfile", "windowsConfiguration", "patchSettings", "patchMode"], "Manual"],
    [["list", 0], "a"],
    [["nothing"], undefined],
    [["osProfile", "missing", "deeper"], undefined],
    [["list", "0"], undefined],
    [["osProfile", 0], undefined],
  ] as const)("string(%j) is %j", (path, expected) => {
    expect(new PropertyReader(props).string(path)).toBe(expected);
  });

  it.each([
    ["at the leaf", { a: { b: { c: UNKNOWN } } }],
    ["one level up", { a: { b: UNKNOWN } }],
    ["at the root of the path", { a: UNKNOWN }],
    ["as the boolean sentinel", { a: { b: { c: BOOLEAN_UNKNOWN } } }],
    ["inside an unreadable secret", { a: { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, ciphertext: "AAABAKc2..." } }],
  ])("an unknown %s reads as UnknownValue with the full path", (_, bag) => {
    expect(new PropertyReader(bag).string(["a", "b", "c"])).toEqual({ unknown: true, path: "a.b.c" });
  });

  it("every engine sentinel counts as unknown", () => {
    for (const sentinel of UNKNOWN_SENTINELS) expect(new PropertyReader({ x: sentinel }).boolean(["x"])).toEqual({ unknown: true, path: "x" });
  });

  it.each([
    ["string", (r: PropertyReader) => r.string(["v"]), 42, "number"],
    ["boolean", (r: PropertyReader) => r.boolean(["v"]), "true", "string"],
    ["number", (r: PropertyReader) => r.number(["v"]), "1", "string"],
    ["object", (r: PropertyReader) => r.object(["v"]), [1], "list"],
    ["list", (r: PropertyReader) => r.list(["v"]), { a: 1 }, "object"],
  ] as const)("a wrong type where a %s is expected reads as absent and is recorded without the value", (expected, read, value, found) => {
    const r = new PropertyReader({ v: value });
    expect(read(r)).toBeUndefined();
    expect(r.problems).toEqual([{ path: "v", expected, found }]);
  });

  it("unwraps engine and exported secrets", () => {
    const r = new PropertyReader({ a: secret({ b: "x" }), p: { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, plaintext: '"y"' } });
    expect([r.string(["a", "b"]), r.string(["p"])]).toEqual(["x", "y"]);
  });

  it("raw keeps the secret wrapper for the secret checks", () => {
    const wrapped = secret({ b: "x" });
    expect(new PropertyReader({ a: wrapped }).raw(["a"])).toEqual(wrapped);
  });

  it("readers derived with at share the problem list and report full paths", () => {
    const root = new PropertyReader({ a: { b: { c: 1 } } });
    expect(root.at(["a", "b"]).string(["c"])).toBeUndefined();
    expect(root.problems).toEqual([{ path: "a.b.c", expected: "string", found: "number" }]);
  });

  it("a reader at an unknown reads unknowns below it", () => {
    expect(new PropertyReader({ a: UNKNOWN }).at(["a"]).string(["b"])).toEqual({ unknown: true, path: "a.b" });
  });

  it("stringMap keeps strings and unknowns, drops and records other types", () => {
    const r = new PropertyReader(props);
    expect(r.stringMap(["tags"])).toEqual({ role: "exchange", owner: { unknown: true, path: "tags.owner" } });
    expect(r.problems).toEqual([{ path: "tags.count", expected: "string", found: "number" }]);
  });

  it("firstPresent picks the first alternative that is there", () => {
    const r = new PropertyReader({ properties: { settings: {} } });
    expect(r.firstPresent([["settings"], ["properties", "settings"]])).toEqual(["properties", "settings"]);
    expect(r.firstPresent([["x"], ["y"]])).toEqual(["x"]);
  });

  it("never throws on hostile input", () => {
    for (const bag of [null, undefined, 7, "s", [], { a: [null] }, Object.create(null) as unknown]) {
      const r = new PropertyReader(bag);
      expect(() => [r.string(["a", 0, "b"]), r.stringMap(["a"]), r.list(["a"]), r.raw(["a", 0])]).not.toThrow();
    }
  });

  it.each([
    [["a", "b"], "a.b"],
    [["list", 0, "name"], "list[0].name"],
    [[0, "x"], "[0].x"],
  ] as const)("formatPath(%j) is %s", (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
