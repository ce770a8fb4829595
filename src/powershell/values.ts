/**
 * What the extractor knows about a PowerShell value: a literal (string, number, boolean, list,
 * hashtable, script block) or unknown with the reason. Unknown values are never guessed.
 */
import { type Node } from "web-tree-sitter";

export type PsValue =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "list"; readonly items: readonly PsValue[] }
  /** Keys in lower case: PowerShell hashtables compare keys case-insensitively. */
  | { readonly kind: "hashtable"; readonly entries: ReadonlyMap<string, PsValue> }
  | { readonly kind: "scriptblock"; readonly node: Node }
  /** `prefix`: the known leading text of a string whose rest is unknown (`"HKLM:\...\$p"`). */
  | { readonly kind: "unknown"; readonly reason: string; readonly prefix?: string };

export type UnknownValue = Extract<PsValue, { kind: "unknown" }>;

export const NULL: PsValue = { kind: "null" };

export function str(value: string): PsValue {
  return { kind: "string", value };
}

export function num(value: number): PsValue {
  return { kind: "number", value };
}

export function unknown(reason: string, prefix?: string): UnknownValue {
  return prefix ? { kind: "unknown", reason, prefix } : { kind: "unknown", reason };
}

/** Text concatenation: a string when every part is known, else unknown with the known leading text. */
export function concat(parts: readonly PsValue[]): PsValue {
  let text = "";
  for (const part of parts) {
    const t = textOf(part);
    if (t === undefined) {
      const u = unknownPart(part);
      return unknown(u?.reason ?? "computed value", text + (u?.prefix ?? ""));
    }
    text += t;
  }
  return str(text);
}

export function list(items: readonly PsValue[]): PsValue {
  return { kind: "list", items };
}

/** The first unknown part of a value (a list with one unknown item is unknown). */
export function unknownPart(v: PsValue): UnknownValue | undefined {
  if (v.kind === "unknown") return v;
  if (v.kind === "list") {
    for (const item of v.items) {
      const u = unknownPart(item);
      if (u) return u;
    }
  }
  return undefined;
}

/** The text PowerShell makes of a value in a string (lists joined with a space); undefined when unknown. */
export function textOf(v: PsValue): string | undefined {
  switch (v.kind) {
    case "string":
      return v.value;
    case "number":
      return String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "null":
      return "";
    case "list": {
      const parts = v.items.map(textOf);
      return parts.every((p): p is string => p !== undefined) ? parts.join(" ") : undefined;
    }
    case "hashtable":
      return "System.Collections.Hashtable";
    case "scriptblock":
      return v.node.text.slice(1, -1);
    case "unknown":
      return undefined;
  }
}

/** The items of a list, or the value itself as a one-item list. */
export function itemsOf(v: PsValue): readonly PsValue[] {
  if (v.kind === "list") return v.items;
  if (v.kind === "null") return [];
  return [v];
}

/** PowerShell truthiness of a literal; undefined when unknown. */
export function truthy(v: PsValue): boolean | undefined {
  switch (v.kind) {
    case "bool":
      return v.value;
    case "string":
      return v.value.length > 0;
    case "number":
      return v.value !== 0;
    case "null":
      return false;
    case "list":
      return v.items.length === 1 && v.items[0] ? truthy(v.items[0]) : v.items.length > 0;
    case "hashtable":
    case "scriptblock":
      return true;
    case "unknown":
      return undefined;
  }
}

/** Reads a number literal token (`1`, `0x1F`, `1kb`, `2.5`, `10L`); undefined for anything else. */
export function parseNumberToken(text: string): number | undefined {
  const m = /^(0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)(l|d)?(kb|mb|gb|tb|pb)?$/i.exec(text.trim());
  if (!m?.[1]) return undefined;
  // PowerShell reads 0x80000000..0xFFFFFFFF as negative Int32 (0xFFFFFFFF is -1).
  const base = /^0x/i.test(m[1]) ? int32Hex(m[1].slice(2)) : Number(m[1]);
  const multiplier = m[3] ? 1024 ** ["kb", "mb", "gb", "tb", "pb"].indexOf(m[3].toLowerCase()) * 1024 : 1;
  const n = base * multiplier;
  return Number.isFinite(n) ? n : undefined;
}

function int32Hex(digits: string): number {
  const n = Number.parseInt(digits, 16);
  return digits.replace(/^0+/, "").length <= 8 && n > 0x7fffffff ? n - 0x100000000 : n;
}
