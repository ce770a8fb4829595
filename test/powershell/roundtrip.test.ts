import { beforeAll, describe, expect, it } from "vitest";
import { type ProtocolId, SIDES, schannelKey } from "../../src/baseline/schannel.js";
import { type ScriptExtraction, extractScript } from "../../src/powershell/index.js";
import { RegistryState } from "../../src/registry/state.js";
import { fixture } from "./helpers.js";

/** What protocol-states.ps1 writes, per protocol: the same on both sides. */
const EXPECTED: readonly [ProtocolId, number, number][] = [
  ["SSL 2.0", 0, 1],
  ["SSL 3.0", 0, 1],
  ["TLS 1.0", 0, 1],
  ["TLS 1.1", 0xffffffff, 0],
  ["TLS 1.2", 1, 0],
  ["TLS 1.3", 0, 1],
];

describe("round trip: script → ops → registry state", () => {
  let extraction: ScriptExtraction;
  let state: RegistryState;
  beforeAll(async () => {
    extraction = await extractScript(fixture("protocol-states.ps1"), { file: "protocol-states.ps1" });
    state = RegistryState.from(extraction.ops);
  });

  it("reads the whole script", () => {
    expect(extraction.errors).toEqual([]);
    expect(extraction.unresolved).toEqual([]);
    expect(state.entries()).toHaveLength(EXPECTED.length * 4);
  });

  it.each(EXPECTED)("%s ends Enabled=%d, DisabledByDefault=%d on both sides, and nothing else", (protocol, enabled, disabledByDefault) => {
    for (const side of SIDES) {
      const key = schannelKey(protocol, side);
      expect(state.get(key, "Enabled")?.data).toEqual({ type: "dword", value: enabled });
      expect(state.get(key, "DisabledByDefault")?.data).toEqual({ type: "dword", value: disabledByDefault });
      expect(state.entries().filter((e) => e.key.toLowerCase() === key.toLowerCase())).toHaveLength(2);
    }
  });

  it("every op carries the file and a line inside it", () => {
    const lines = fixture("protocol-states.ps1").split("\n").length;
    for (const op of extraction.ops) {
      expect(op.location.file).toBe("protocol-states.ps1");
      expect(op.location.line).toBeGreaterThan(7);
      expect(op.location.line).toBeLessThanOrEqual(lines);
    }
  });
});
