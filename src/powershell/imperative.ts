/**
 * Imperative registry writes: the registry provider cmdlets, reg.exe and the .NET
 * `[Microsoft.Win32.Registry]::SetValue` API.
 */
import { type BoundArguments, switchOn } from "./commands.js";
import { type Recorder } from "./recorder.js";
import { type KeyTarget, keyTargets, registryData, valueKind } from "./registry-data.js";
import { type PsValue, itemsOf, textOf, unknownPart } from "./values.js";

const FORMS = {
  "new-itemproperty": "New-ItemProperty",
  "set-itemproperty": "Set-ItemProperty",
  "remove-itemproperty": "Remove-ItemProperty",
  "remove-item": "Remove-Item",
  "new-item": "New-Item",
} as const;

export type ProviderCmdlet = keyof typeof FORMS;

export function isProviderCmdlet(name: string): name is ProviderCmdlet {
  return name in FORMS;
}

/**
 * The keys a provider cmdlet acts on. Item-property cmdlets work on registry keys almost always,
 * so a path that cannot be read is unresolved; New-Item / Remove-Item are as often about files, so
 * an unknown path only counts when its known part is a registry key.
 */
function resolvedKeys(form: string, path: PsValue | undefined, line: number, rec: Recorder, itemCmdlet: boolean, valueName?: string): string[] {
  if (!path) {
    if (!itemCmdlet) rec.unresolvedAt(form, line, "no -Path given", undefined, valueName);
    return [];
  }
  const keys: string[] = [];
  for (const t of keyTargets(path)) {
    if (t.kind === "key") keys.push(t.key);
    else if (t.kind === "unresolved" && (!itemCmdlet || t.registry)) rec.unresolvedAt(form, line, t.reason, undefined, valueName);
  }
  return keys;
}

/** The value name when `-Name` gives exactly one known name (to name an unresolved key's value). */
function singleName(name: PsValue | undefined): string | undefined {
  const items = name ? itemsOf(name) : [];
  return items.length === 1 && items[0] ? textOf(items[0]) : undefined;
}

/** The names a `-Name` value gives; undefined (after recording why) when one is not known. */
function valueNames(form: string, name: PsValue | undefined, line: number, rec: Recorder, keys: readonly string[]): string[] | undefined {
  const u = name ? unknownPart(name) : undefined;
  if (!name || u) {
    for (const key of keys) rec.unresolvedAt(form, line, name ? `value name is not known: ${u?.reason ?? ""}` : "no -Name given", key);
    return undefined;
  }
  return itemsOf(name).map((n) => textOf(n) ?? "");
}

/** New-ItemProperty, Set-ItemProperty, Remove-ItemProperty, Remove-Item, New-Item. */
export function providerCmdlet(cmdlet: ProviderCmdlet, args: BoundArguments, line: number, rec: Recorder, pipelinePath?: PsValue): void {
  const form = FORMS[cmdlet];
  if (switchOn(args, "WhatIf")) return;
  const path = args.named.get("Path") ?? pipelinePath;
  switch (cmdlet) {
    case "new-item": {
      const name = args.named.get("Name");
      const full = path && name ? joinPath(path, name) : (path ?? name);
      for (const key of resolvedKeys(form, full, line, rec, true)) rec.createKey(form, line, key);
      return;
    }
    case "remove-item":
      for (const key of resolvedKeys(form, path, line, rec, true)) rec.deleteKey(form, line, key);
      return;
    case "remove-itemproperty": {
      const keys = resolvedKeys(form, path, line, rec, false, singleName(args.named.get("Name")));
      const names = valueNames(form, args.named.get("Name"), line, rec, keys);
      for (const key of keys) for (const n of names ?? []) rec.deleteValue(form, line, key, n);
      return;
    }
    case "new-itemproperty":
    case "set-itemproperty": {
      const keys = resolvedKeys(form, path, line, rec, false, singleName(args.named.get("Name")));
      const names = valueNames(form, args.named.get("Name"), line, rec, keys);
      if (!names) return;
      const typeValue = args.named.get(cmdlet === "new-itemproperty" ? "PropertyType" : "Type");
      const value = args.named.get("Value");
      for (const key of keys) for (const n of names) writeValue(form, line, rec, key, n, typeValue, value);
    }
  }
}

function writeValue(form: string, line: number, rec: Recorder, key: string, valueName: string, typeValue: PsValue | undefined, value: PsValue | undefined, hex = false): void {
  if (value === undefined) return rec.unresolvedAt(form, line, "no value given", key, valueName);
  let kind;
  if (typeValue !== undefined) {
    const typeText = textOf(typeValue);
    kind = typeText === undefined ? undefined : valueKind(typeText);
    if (!kind) return rec.unresolvedAt(form, line, typeText === undefined ? `value type is not known: ${unknownPart(typeValue)?.reason ?? ""}` : "value type is not a registry value kind", key, valueName);
  }
  const data = registryData(kind, value, hex);
  if ("unknown" in data) rec.unresolvedAt(form, line, data.unknown, key, valueName);
  else rec.set(form, line, key, valueName, data);
}

/** `Join-Path` of known parts (one separator between them); unknown when a part is. */
export function joinPath(...parts: PsValue[]): PsValue {
  const texts: string[] = [];
  for (const p of parts) {
    const t = textOf(p);
    if (t === undefined) return unknownPart(p) ?? p;
    texts.push(t);
  }
  return { kind: "string", value: texts.map((t, i) => (i === 0 ? t.replace(/[\\/]+$/, "") : t.replace(/^[\\/]+|[\\/]+$/g, ""))).join("\\") };
}

/** `reg add KEY /v NAME /t REG_DWORD /d DATA /f`, `reg delete KEY [/v NAME | /ve | /va] /f`. */
export function regExe(args: readonly PsValue[], line: number, rec: Recorder): void {
  const form = "reg.exe";
  const texts = args.map(textOf);
  const verb = texts[0]?.toLowerCase();
  if (verb !== "add" && verb !== "delete") return;
  const switchValue = (name: string): PsValue | undefined => {
    const i = texts.findIndex((t) => t?.toLowerCase() === name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const has = (name: string): boolean => texts.some((t) => t?.toLowerCase() === name);
  const nameValue = switchValue("/v");
  const valueName = has("/ve") ? "" : nameValue && textOf(nameValue);
  const keyArg = args[1];
  const target: KeyTarget | undefined = keyArg ? keyTargets(keyArg)[0] : undefined;
  if (target?.kind !== "key") {
    if (target?.kind !== "elsewhere") rec.unresolvedAt(form, line, target?.reason ?? "no key given", undefined, valueName);
    return;
  }
  const key = has("/reg:32") ? wow64Key(target.key) : target.key;
  if (nameValue && valueName === undefined) return rec.unresolvedAt(form, line, `value name is not known: ${unknownPart(nameValue)?.reason ?? ""}`, key);
  if (verb === "delete") {
    if (has("/va")) rec.unresolvedAt(form, line, "/va deletes every value of the key", key);
    else if (valueName === undefined) rec.deleteKey(form, line, key);
    else rec.deleteValue(form, line, key, valueName);
    return;
  }
  if (valueName === undefined) return rec.createKey(form, line, key);
  // reg.exe writes REG_SZ unless /t says otherwise; /d absent writes empty data.
  writeValue(form, line, rec, key, valueName, switchValue("/t") ?? { kind: "string", value: "REG_SZ" }, switchValue("/d") ?? { kind: "string", value: "" });
}

/** `/reg:32` sends HKLM\SOFTWARE to the 32-bit view. */
function wow64Key(key: string): string {
  const m = /^HKLM\\SOFTWARE(?=\\|$)(?!\\Wow6432Node(?:\\|$))/i.exec(key);
  return m ? `${m[0]}\\Wow6432Node${key.slice(m[0].length)}` : key;
}

/** `[Microsoft.Win32.Registry]::SetValue(keyName, valueName, value[, kind])`. */
export function registrySetValue(args: readonly PsValue[], line: number, rec: Recorder): void {
  const form = "Registry::SetValue";
  const [keyArg, nameArg, value, kindArg] = args;
  const target = keyArg ? keyTargets(keyArg)[0] : undefined;
  const valueName = nameArg ? textOf(nameArg) : undefined;
  if (target?.kind !== "key") {
    rec.unresolvedAt(form, line, target?.kind === "unresolved" ? target.reason : "key is not a registry key", undefined, valueName);
    return;
  }
  if (valueName === undefined) return rec.unresolvedAt(form, line, `value name is not known: ${nameArg ? (unknownPart(nameArg)?.reason ?? "") : "missing"}`, target.key);
  writeValue(form, line, rec, target.key, valueName, kindArg, value);
}

/** `$key.SetValue(...)`, `.DeleteValue(...)` on a RegistryKey opened at run time: the key cannot be told. */
export function registryKeyMethod(method: string, args: readonly PsValue[], line: number, rec: Recorder): void {
  const first = args[0];
  const valueName = first ? textOf(first) : undefined;
  rec.unresolvedAt(`RegistryKey.${method}`, line, "registry key object opened at run time", undefined, /value/i.test(method) ? valueName : undefined);
}
