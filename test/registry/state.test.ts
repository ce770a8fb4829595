import { describe, expect, it } from "vitest";
import { RegistryState } from "../../src/registry/state.js";
import { type RegistryOp } from "../../src/registry/types.js";

const KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server";
const at = (line: number) => ({ file: "s.ps1", line });
const set = (valueName: string, value: number, line: number, key = KEY): RegistryOp => ({ op: "set", key, valueName, data: { type: "dword", value }, form: "test", location: at(line) });
const deleteValue = (valueName: string, line: number): RegistryOp => ({ op: "deleteValue", key: KEY, valueName, form: "test", location: at(line) });
const deleteKey = (key: string, line: number): RegistryOp => ({ op: "deleteKey", key, form: "test", location: at(line) });

describe("RegistryState ordering", () => {
  it("keeps the last write of a value", () => {
    const s = RegistryState.from([set("Enabled", 1, 1), set("enabled", 0, 2)]);
    expect(s.get(KEY, "Enabled")?.data).toEqual({ type: "dword", value: 0 });
    expect(s.get(KEY, "Enabled")?.location.line).toBe(2);
  });

  it("a value deleted after its write is absent, with the deletion that removed it", () => {
    const s = RegistryState.from([set("Enabled", 1, 1), set("DisabledByDefault", 0, 2), deleteValue("Enabled", 3)]);
    expect(s.get(KEY, "Enabled")).toBeUndefined();
    expect(s.deletionOf(KEY, "Enabled")?.location.line).toBe(3);
    expect(s.get(KEY, "DisabledByDefault")?.data).toEqual({ type: "dword", value: 0 });
  });

  it("deleting a parent key removes every value below it", () => {
    const parent = KEY.replace(/\\Server$/, "");
    const s = RegistryState.from([set("Enabled", 1, 1), set("Enabled", 1, 2, `${parent}\\Client`), deleteKey(parent, 3)]);
    expect(s.entries()).toEqual([]);
    expect(s.deletionOf(`${parent}\\Client`, "Enabled")?.location.line).toBe(3);
    expect(s.touches(parent)).toBe(true);
  });

  it("write, delete value, delete key, write again: only the last write stands", () => {
    const s = RegistryState.from([set("Enabled", 1, 1), deleteValue("Enabled", 2), deleteKey(KEY, 3), set("Enabled", 0xffffffff, 4)]);
    expect(s.get(KEY, "Enabled")?.data).toEqual({ type: "dword", value: 0xffffffff });
    expect(s.deletionOf(KEY, "Enabled")).toBeUndefined();
    expect(s.entries()).toHaveLength(1);
  });

  it("a write to another key is not touched by a deletion of a sibling", () => {
    const other = KEY.replace("TLS 1.0", "TLS 1.1");
    const s = RegistryState.from([set("Enabled", 1, 1, other), deleteKey(KEY, 2)]);
    expect(s.get(other, "Enabled")?.location.line).toBe(1);
  });
});
