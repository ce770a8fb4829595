import { readFileSync } from "node:fs";
import path from "node:path";
import { type RegistryOp } from "../../src/registry/types.js";

export const P = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";

export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "..", "fixtures", "powershell", name), "utf8");
}

/** One line per op: `line op key [valueName] [type:value]`, SCHANNEL protocol root shortened to `P`. */
export function describeOps(ops: readonly RegistryOp[]): string[] {
  return ops.map((o) => {
    const key = o.key.replace(P, "P");
    const at = o.location.line ?? 0;
    switch (o.op) {
      case "set":
        return `${at} set ${key} ${o.valueName} ${o.data.type}:${o.data.type === "invalid" ? o.data.raw : o.data.value}`;
      case "deleteValue":
        return `${at} deleteValue ${key} ${o.valueName}`;
      case "deleteKey":
      case "createKey":
        return `${at} ${o.op} ${key}`;
    }
  });
}
