/**
 * From extracted values to the registry model: which key a path names, and what data a write
 * declares for a value type.
 */
import { normaliseKey } from "../registry/key.js";
import { parseDword } from "../registry/dword.js";
import { type RegistryData } from "../registry/types.js";
import { type PsValue, itemsOf, textOf, unknownPart } from "./values.js";

export type KeyTarget =
  | { readonly kind: "key"; readonly key: string }
  /** A file system or other provider path: not a registry operation. */
  | { readonly kind: "elsewhere" }
  /** Not readable as an absolute registry key; `registry` when it is known to be one. */
  | { readonly kind: "unresolved"; readonly reason: string; readonly registry: boolean };

const NON_REGISTRY_PATH = /^(?:[a-z]:(?:[\\/]|$)|\\\\|\/\/|(?:env|variable|function|alias|cert|wsman|temp|filesystem)::?|microsoft\.powershell\.core\\filesystem::)/i;
const REGISTRY_ISH = /^(?:(?:microsoft\.powershell\.core\\)?registry::|hk[a-z_]*:?(?:[\\/]|$))/i;

/** The keys a `-Path` value names (a list names several). */
export function keyTargets(value: PsValue): KeyTarget[] {
  return itemsOf(value).map(keyTarget);
}

function keyTarget(v: PsValue): KeyTarget {
  if (v.kind === "unknown") {
    const underKey = v.prefix !== undefined && REGISTRY_ISH.test(v.prefix) ? normaliseKey(v.prefix) : undefined;
    return { kind: "unresolved", reason: underKey ? `key below ${underKey} is not known: ${v.reason}` : `key is not known: ${v.reason}`, registry: underKey !== undefined };
  }
  const text = textOf(v);
  if (text === undefined || v.kind !== "string") return { kind: "unresolved", reason: "path is not a string", registry: false };
  const key = normaliseKey(text);
  if (key) return { kind: "key", key };
  if (NON_REGISTRY_PATH.test(text.trim())) return { kind: "elsewhere" };
  return { kind: "unresolved", reason: REGISTRY_ISH.test(text.trim()) ? "path names an unknown registry hive" : "path is not an absolute registry key (relative path or unknown drive)", registry: REGISTRY_ISH.test(text.trim()) };
}

/** Canonical registry value kinds, from PowerShell (`DWord`), reg.exe (`REG_DWORD`) and DSC (`Dword`) spellings. */
export type ValueKind = "dword" | "qword" | "string" | "expandstring" | "multistring" | "binary" | "none";

const KINDS: ReadonlyMap<string, ValueKind> = new Map([
  ["dword", "dword"],
  ["reg_dword", "dword"],
  ["qword", "qword"],
  ["reg_qword", "qword"],
  ["string", "string"],
  ["reg_sz", "string"],
  ["expandstring", "expandstring"],
  ["reg_expand_sz", "expandstring"],
  ["multistring", "multistring"],
  ["reg_multi_sz", "multistring"],
  ["binary", "binary"],
  ["reg_binary", "binary"],
  ["none", "none"],
  ["reg_none", "none"],
]);

export function valueKind(name: string): ValueKind | undefined {
  return KINDS.get(name.trim().toLowerCase());
}

/**
 * The data a write declares. `kind` undefined means "inferred from the value", as .NET does:
 * an Int32 is a DWORD, a larger integer a QWORD, text a string. A value that cannot be read as the
 * declared kind is `invalid` (with its text, truncated), never coerced.
 */
export function registryData(kind: ValueKind | undefined, value: PsValue, hex = false): RegistryData | { readonly unknown: string } {
  const u = unknownPart(value);
  if (u) return { unknown: `value is not known: ${u.reason}` };
  const items = itemsOf(value);
  const single = items.length === 1 ? items[0] : undefined;
  const effective = kind ?? inferredKind(single);
  const raw = (textOf(value) ?? "").slice(0, 64);
  switch (effective) {
    case "dword": {
      const n = single && (single.kind === "number" || single.kind === "string") ? parseDword(single.value, { hex }) : undefined;
      return n === undefined ? { type: "invalid", raw } : { type: "dword", value: n };
    }
    case "qword": {
      const n = single ? parseQword(single, hex) : undefined;
      return n === undefined ? { type: "invalid", raw } : { type: "qword", value: n };
    }
    case "string":
    case "expandstring":
      return single ? { type: "string", value: textOf(single) ?? "" } : { type: "invalid", raw };
    case "multistring":
      return { type: "string", value: items.map((i) => textOf(i) ?? "").join("\n") };
    case "binary":
    case "none":
      return { type: "invalid", raw };
  }
}

function inferredKind(v: PsValue | undefined): ValueKind {
  if (v?.kind === "number" && Number.isInteger(v.value)) return v.value >= -0x80000000 && v.value <= 0x7fffffff ? "dword" : "qword";
  return "string";
}

function parseQword(v: PsValue, hex: boolean): number | undefined {
  if (v.kind === "number") return Number.isSafeInteger(v.value) && v.value >= 0 ? v.value : undefined;
  if (v.kind !== "string") return undefined;
  const t = v.value.trim();
  const h = /^0x([0-9a-f]{1,13})$/i.exec(t)?.[1] ?? (hex && /^[0-9a-f]{1,13}$/i.test(t) ? t : undefined);
  if (h !== undefined) return Number.parseInt(h, 16);
  return /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}
