/**
 * Command names and parameter binding as PowerShell does it for the cmdlets the extractor reads:
 * aliases, module-qualified names, named parameters (with unambiguous prefixes and parameter
 * aliases), `-Name:value`, switches, positional arguments and hashtable splatting.
 */
import { type Node } from "web-tree-sitter";
import { type PsValue, textOf } from "./values.js";

export interface ParameterSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Position for positional binding. */
  readonly position?: number;
  readonly isSwitch?: boolean;
}

export interface CmdletSpec {
  readonly name: string;
  readonly parameters: readonly ParameterSpec[];
}

const COMMON_SWITCHES: readonly ParameterSpec[] = ["Verbose", "Debug", "WhatIf", "Confirm", "PassThru", "UseTransaction"].map((name) => ({ name, isSwitch: true }));
const PATH: ParameterSpec = { name: "Path", aliases: ["PSPath", "LiteralPath", "LP"], position: 0 };
const FORCE: ParameterSpec = { name: "Force", isSwitch: true };

/** The cmdlets the extractor understands, by canonical name. */
export const CMDLETS: ReadonlyMap<string, CmdletSpec> = new Map(
  (
    [
      { name: "New-ItemProperty", parameters: [PATH, { name: "Name", aliases: ["PSProperty"], position: 1 }, { name: "PropertyType", aliases: ["Type"] }, { name: "Value" }, FORCE] },
      { name: "Set-ItemProperty", parameters: [PATH, { name: "Name", aliases: ["PSProperty"], position: 1 }, { name: "Value", position: 2 }, { name: "Type" }, FORCE] },
      { name: "Remove-ItemProperty", parameters: [PATH, { name: "Name", aliases: ["PSProperty"], position: 1 }, FORCE] },
      { name: "Remove-Item", parameters: [PATH, { name: "Recurse", isSwitch: true }, FORCE] },
      { name: "New-Item", parameters: [PATH, { name: "Name" }, { name: "ItemType", aliases: ["Type"] }, { name: "Value" }, FORCE] },
      { name: "Get-Item", parameters: [PATH, FORCE] },
      { name: "Join-Path", parameters: [{ name: "Path", aliases: ["PSPath"], position: 0 }, { name: "ChildPath", position: 1 }, { name: "Resolve", isSwitch: true }] },
      { name: "Start-Process", parameters: [{ name: "FilePath", aliases: ["PSPath", "Path"], position: 0 }, { name: "ArgumentList", aliases: ["Args"], position: 1 }, { name: "Wait", isSwitch: true }, { name: "NoNewWindow", isSwitch: true }] },
      { name: "ForEach-Object", parameters: [{ name: "Process", position: 0 }] },
      { name: "Invoke-Command", parameters: [{ name: "ScriptBlock", aliases: ["Command"], position: 0 }, { name: "AsJob", isSwitch: true }] },
    ] satisfies CmdletSpec[]
  ).map((spec) => [spec.name.toLowerCase(), { ...spec, parameters: [...spec.parameters, ...COMMON_SWITCHES] }]),
);

export const ALIASES: ReadonlyMap<string, string> = new Map([
  ["sp", "Set-ItemProperty"],
  ["ni", "New-Item"],
  ["rp", "Remove-ItemProperty"],
  ["ri", "Remove-Item"],
  ["rm", "Remove-Item"],
  ["del", "Remove-Item"],
  ["erase", "Remove-Item"],
  ["rd", "Remove-Item"],
  ["rmdir", "Remove-Item"],
  ["gi", "Get-Item"],
  ["%", "ForEach-Object"],
  ["foreach", "ForEach-Object"],
  ["icm", "Invoke-Command"],
  ["saps", "Start-Process"],
  ["start", "Start-Process"],
]);

/** `sp` → `set-itemproperty`, `Microsoft.PowerShell.Management\New-Item` → `new-item` (lower case). */
export function canonicalCommandName(name: string): string {
  const bare = name.replace(/^[\w.]+\\(?=[\w-]+$)/, "");
  return (ALIASES.get(bare.toLowerCase()) ?? bare).toLowerCase();
}

/** Arguments bound to parameters (by canonical parameter name), the rest kept in order. */
export interface BoundArguments {
  readonly named: ReadonlyMap<string, PsValue>;
  readonly positional: readonly PsValue[];
  /** Parameters given that the spec does not know (common parameters such as -ErrorAction). */
  readonly unknownParameters: readonly string[];
}

/** One element of a command line: `-Name` (possibly `-Name:`), an argument, or a splatted variable. */
export type CommandElement =
  | { readonly kind: "parameter"; readonly name: string; readonly colon: boolean }
  | { readonly kind: "argument"; readonly node: Node }
  | { readonly kind: "splat"; readonly variable: string };

/** The elements of a `command` node in order (separators dropped, `-Name:value` recognised). */
export function commandElements(command: Node): CommandElement[] {
  const container = command.childForFieldName("command_elements");
  if (!container) return [];
  const out: CommandElement[] = [];
  for (const child of container.namedChildren) {
    if (!child) continue;
    switch (child.type) {
      case "command_argument_sep": {
        const last = out.at(-1);
        if (child.text === ":" && last?.kind === "parameter") out[out.length - 1] = { ...last, colon: true };
        break;
      }
      case "command_parameter": {
        const text = child.text.replace(/^[-\u2013\u2014]/, "");
        out.push({ kind: "parameter", name: text.replace(/:$/, ""), colon: text.endsWith(":") });
        break;
      }
      case "comment":
      case "redirection":
        break;
      default: {
        const splat = splatName(child);
        out.push(splat ? { kind: "splat", variable: splat } : { kind: "argument", node: child });
      }
    }
  }
  return out;
}

/** `@h` as a command argument (the grammar gives it as a variable whose text starts with @). */
function splatName(node: Node): string | undefined {
  // The wrappers around an argument span exactly its text: no `@`, no splat (the usual case, decided without walking them).
  if (!node.text.startsWith("@")) return undefined;
  let n: Node | null = node;
  while (n && n.namedChildCount === 1 && n.childCount === 1) n = n.namedChild(0);
  return n?.type === "variable" && n.text.startsWith("@") ? n.text.slice(1) : undefined;
}

function findParameter(spec: CmdletSpec, given: string): ParameterSpec | undefined {
  const g = given.toLowerCase();
  const exact = spec.parameters.find((p) => p.name.toLowerCase() === g || p.aliases?.some((a) => a.toLowerCase() === g));
  if (exact) return exact;
  const byPrefix = spec.parameters.filter((p) => p.name.toLowerCase().startsWith(g));
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/**
 * Binds a command line to `spec`. `evaluate` reads an argument node; `splat` looks up a
 * splatted variable (a hashtable binds by name, a list positionally).
 */
export function bindArguments(spec: CmdletSpec, elements: readonly CommandElement[], evaluate: (node: Node) => PsValue, splat: (variable: string) => PsValue): BoundArguments {
  const named = new Map<string, PsValue>();
  const positional: PsValue[] = [];
  const unknownParameters: string[] = [];
  const bind = (given: string, value: PsValue): void => {
    const p = findParameter(spec, given);
    if (p) named.set(p.name, value);
    else unknownParameters.push(given);
  };
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    if (!el) continue;
    if (el.kind === "splat") {
      const v = splat(el.variable);
      if (v.kind === "hashtable") for (const [k, value] of v.entries) bind(k, value);
      else if (v.kind === "list") positional.push(...v.items);
      else positional.push(v);
      continue;
    }
    if (el.kind === "argument") {
      positional.push(evaluate(el.node));
      continue;
    }
    const p = findParameter(spec, el.name);
    const next = elements[i + 1];
    const takesValue = p ? !p.isSwitch || el.colon : next?.kind === "argument";
    if (takesValue && next?.kind === "argument") {
      i++;
      if (p) named.set(p.name, evaluate(next.node));
      else unknownParameters.push(el.name);
    } else if (p) {
      named.set(p.name, { kind: "bool", value: true });
    } else {
      unknownParameters.push(el.name);
    }
  }
  const free = spec.parameters.filter((p) => p.position !== undefined && !named.has(p.name)).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const rest: PsValue[] = [];
  positional.forEach((v, idx) => {
    const p = free[idx];
    if (p) named.set(p.name, v);
    else rest.push(v);
  });
  return { named, positional: rest, unknownParameters };
}

/** A switch parameter's state: `-Force`, `-Force:$true` (true), `-Force:$false` or absent (false). */
export function switchOn(args: BoundArguments, name: string): boolean {
  const v = args.named.get(name);
  if (!v) return false;
  if (v.kind === "bool") return v.value;
  return textOf(v)?.toLowerCase() === "true";
}
