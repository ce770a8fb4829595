/**
 * Reads PowerShell expressions to values: literals, variables assigned from literals, string
 * interpolation, `+` / `-f` / `-join` / `-bor`, arrays, hashtables, `Join-Path` of known parts.
 * Anything else (parameters, configuration data, command output, method calls) is unknown with
 * the reason. Recursion is bounded by MAX_EXPRESSION_DEPTH; wrapper chains are walked in a loop.
 */
import { type Node } from "web-tree-sitter";
import { bindArguments, canonicalCommandName, CMDLETS, commandElements } from "./commands.js";
import { joinPath } from "./imperative.js";
import { type PsValue, NULL, concat, itemsOf, list, num, parseNumberToken, str, textOf, truthy, unknown, unknownPart } from "./values.js";

/** Deeper expressions are unknown (keeps the JS stack safe on hostile input). */
export const MAX_EXPRESSION_DEPTH = 150;
const MAX_RANGE = 10_000;

/** Variables, case-insensitive, with a parent chain (script blocks and branches get child scopes). */
export class Scope {
  private readonly vars = new Map<string, PsValue>();
  constructor(readonly parent?: Scope) {}

  get(name: string): PsValue | undefined {
    const own = this.vars.get(name);
    if (own) return own;
    let s = this.parent;
    while (s && !s.vars.has(name)) s = s.parent;
    return s?.vars.get(name);
  }

  set(name: string, value: PsValue): void {
    this.vars.set(name, value);
  }

  /** Names assigned in this scope itself. */
  names(): string[] {
    return [...this.vars.keys()];
  }
}

/** Configuration data DSC passes in: never literal in the script. */
const CONFIGURATION_DATA = new Set(["node", "allnodes", "configurationdata"]);

/** `$Script:x` → `x`, `${x}` → `x`, `@h` → `h` (lower case); `env:` names keep their drive. */
export function variableName(text: string): string {
  let t = text.replace(/^[$@]/, "");
  if (t.startsWith("{") && t.endsWith("}")) t = t.slice(1, -1);
  return t.replace(/^(?:script|global|local|private|using):/i, "").toLowerCase();
}

export function lookupVariable(text: string, scope: Scope): PsValue {
  const name = variableName(text);
  switch (name) {
    case "true":
      return { kind: "bool", value: true };
    case "false":
      return { kind: "bool", value: false };
    case "null":
      return NULL;
  }
  const found = scope.get(name);
  if (found) return found;
  if (name.startsWith("env:")) return unknown(`$${name} is an environment variable`);
  if (CONFIGURATION_DATA.has(name)) return unknown(`$${name} comes from configuration data`);
  return unknown(`$${name} is not assigned a literal in this script`);
}

/** The expression inside the single-child wrapper nodes the grammar wraps every expression in. */
export function unwrap(node: Node): Node {
  let n = node;
  while (WRAPPERS.has(n.type) && n.childCount === 1) {
    const only = n.firstChild;
    if (!only?.isNamed || only.type === "comment") break;
    n = only;
  }
  return n;
}

/** Binary-operator levels of the grammar's expression ladder; with one child each is only a wrapper. */
const BINARY = new Set([
  "logical_expression",
  "bitwise_expression",
  "comparison_expression",
  "additive_expression",
  "multiplicative_expression",
  "format_expression",
  "range_expression",
  "logical_argument_expression",
  "bitwise_argument_expression",
  "comparison_argument_expression",
  "additive_argument_expression",
  "multiplicative_argument_expression",
  "format_argument_expression",
  "range_argument_expression",
]);

const WRAPPERS = new Set([
  ...BINARY,
  "pipeline",
  "pipeline_chain",
  "array_literal_expression",
  "unary_expression",
  "string_literal",
  "integer_literal",
  "argument_expression",
  "left_assignment_expression",
  "key_expression",
  "statement_list",
  "member_name",
  "command_name_expr",
]);

export function line(node: Node): number {
  return node.startPosition.row + 1;
}

export class Evaluator {
  evaluate(node: Node, scope: Scope, depth = 0): PsValue {
    if (depth > MAX_EXPRESSION_DEPTH) return unknown(`expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    const n = unwrap(node);
    const next = (child: Node): PsValue => this.evaluate(child, scope, depth + 1);
    if (BINARY.has(n.type)) return this.binary(n, next);
    switch (n.type) {
      case "array_literal_expression":
        return list(n.namedChildren.filter((c): c is Node => c !== null).map(next));
      case "verbatim_string_characters":
        return str(n.text.slice(1, -1).replace(/''/g, "'"));
      case "verbatim_here_string_characters":
        return str(n.text.replace(/^@'[^\n]*\n/, "").replace(/\r?\n'@$/, ""));
      case "expandable_string_literal":
      case "expandable_here_string_literal":
        return this.expandable(n, next);
      case "generic_token":
        return this.genericToken(n.text, scope);
      case "decimal_integer_literal":
      case "hexadecimal_integer_literal":
      case "real_literal": {
        const v = parseNumberToken(n.text);
        return v === undefined ? unknown(`number literal not read at line ${line(n)}`) : num(v);
      }
      case "variable":
      case "braced_variable":
        return lookupVariable(n.text, scope);
      case "path_command_name":
        // `& $dir\Setup.exe`: path pieces and variables.
        return concat(n.namedChildren.filter((c): c is Node => c !== null).map((c) => (c.type === "variable" ? lookupVariable(c.text, scope) : str(c.text))));
      case "statement_list":
      case "parenthesized_expression":
      case "sub_expression":
      case "array_expression":
        return this.grouped(n, next);
      case "hash_literal_expression":
        return this.hashtable(n, next);
      case "script_block_expression":
        return { kind: "scriptblock", node: n };
      case "member_access":
        return this.member(n, next);
      case "element_access":
        return this.element(n, next);
      case "cast_expression":
        return this.cast(n, next);
      case "expression_with_unary_operator":
        return this.unary(n, next);
      case "command":
        return this.commandValue(n, scope, next);
      default:
        return unknown(`${n.type.replace(/_/g, " ")} at line ${line(n)} is computed at run time`);
    }
  }

  /** `a + b`, `'{0}\{1}' -f a, b`, `$list -join ','`, `0x800 -bor 0x200`, `1..3`. */
  private binary(n: Node, next: (c: Node) => PsValue): PsValue {
    let acc: PsValue | undefined;
    let op: string | undefined;
    for (const child of n.children) {
      if (!child || child.type === "comment") continue;
      if (!child.isNamed || child.type.endsWith("_operator")) {
        op = child.text.toLowerCase();
        continue;
      }
      const v = next(child);
      acc = acc === undefined || op === undefined ? v : applyOperator(op, acc, v, line(n));
    }
    return acc ?? unknown(`expression at line ${line(n)} is computed at run time`);
  }

  private expandable(n: Node, next: (c: Node) => PsValue): PsValue {
    const full = n.text;
    const open = n.type === "expandable_here_string_literal" ? (/^@"[^\n]*\n/.exec(full)?.[0].length ?? 2) : 1;
    const close = n.type === "expandable_here_string_literal" ? (/\r?\n"@$/.exec(full)?.[0].length ?? 2) : 1;
    const parts: PsValue[] = [];
    let cursor = open;
    for (const child of n.namedChildren) {
      if (!child || !["variable", "braced_variable", "sub_expression"].includes(child.type)) continue;
      const start = child.startIndex - n.startIndex;
      parts.push(str(unescapeExpandable(full.slice(cursor, start))), next(child));
      cursor = child.endIndex - n.startIndex;
    }
    parts.push(str(unescapeExpandable(full.slice(cursor, Math.max(cursor, full.length - close)))));
    return concat(parts);
  }

  /** A bare command argument (`HKLM:\x\$p\Server`): `$name` / `${name}` inside are expanded. */
  private genericToken(text: string, scope: Scope): PsValue {
    if (text.includes("$(")) return unknown("subexpression inside a bare argument");
    const parts: PsValue[] = [];
    let last = 0;
    for (const m of text.matchAll(/\$(\{[^}]+\}|[\w:]+)/g)) {
      parts.push(str(unescapeExpandable(text.slice(last, m.index))), lookupVariable(m[0], scope));
      last = m.index + m[0].length;
    }
    parts.push(str(unescapeExpandable(text.slice(last))));
    return concat(parts);
  }

  /** `( pipeline )`, `$( statements )`, `@( statements )`, several statements' output. */
  private grouped(n: Node, next: (c: Node) => PsValue): PsValue {
    const statements = n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment" && c.type !== "empty_statement");
    const values = statements.map(next);
    if (n.type === "array_expression" || n.type === "statement_list") return list(values.flatMap((v) => (v.kind === "list" ? v.items : [v])));
    if (values.length === 1 && values[0]) return values[0];
    return values.length === 0 ? NULL : list(values);
  }

  private hashtable(n: Node, next: (c: Node) => PsValue): PsValue {
    const entries = new Map<string, PsValue>();
    const body = n.namedChildren.find((c) => c?.type === "hash_literal_body");
    for (const entry of body?.namedChildren ?? []) {
      if (entry?.type !== "hash_entry") continue;
      const [keyNode, valueNode] = entry.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
      if (!keyNode || !valueNode) continue;
      const key = unwrap(keyNode).type === "simple_name" ? unwrap(keyNode).text : textOf(next(keyNode));
      if (key === undefined) return unknown(`hashtable key at line ${line(entry)} is computed`);
      entries.set(key.toLowerCase(), next(valueNode));
    }
    return { kind: "hashtable", entries };
  }

  /** `$h.Path` of a literal hashtable, `[Microsoft.Win32.RegistryValueKind]::DWord`; configuration data stays unknown. */
  private member(n: Node, next: (c: Node) => PsValue): PsValue {
    const [target, member] = n.namedChildren.filter((c): c is Node => c !== null);
    if (!target || !member) return unknown(`member access at line ${line(n)}`);
    const name = unwrap(member).text;
    if (target.type === "type_literal") {
      return /RegistryValueKind\]$/i.test(target.text) ? str(name) : unknown(`static member ${name} at line ${line(n)} is computed at run time`);
    }
    const base = next(target);
    if (base.kind === "hashtable") return base.entries.get(name.toLowerCase()) ?? NULL;
    if (base.kind === "unknown") return unknown(`${base.reason} (.${name})`);
    return unknown(`property ${name} at line ${line(n)} is computed at run time`);
  }

  private element(n: Node, next: (c: Node) => PsValue): PsValue {
    const [target, index] = n.namedChildren.filter((c): c is Node => c !== null);
    if (!target || !index) return unknown(`element access at line ${line(n)}`);
    const base = next(target);
    const i = next(index);
    if (base.kind === "list" && i.kind === "number") return base.items.at(i.value) ?? NULL;
    if (base.kind === "hashtable" && i.kind === "string") return base.entries.get(i.value.toLowerCase()) ?? NULL;
    return unknownPart(base) ?? unknown(`element access at line ${line(n)} is computed at run time`);
  }

  private cast(n: Node, next: (c: Node) => PsValue): PsValue {
    const [type, operand] = n.namedChildren.filter((c): c is Node => c !== null);
    if (!type || !operand) return unknown(`cast at line ${line(n)}`);
    const v = next(operand);
    const t = type.text.replace(/[[\]\s]/g, "").toLowerCase().replace(/^system\./, "");
    if (v.kind === "unknown") return v;
    if (t === "string") return textOf(v) === undefined ? v : str(textOf(v) ?? "");
    if (t === "char" && v.kind === "number") return str(String.fromCharCode(v.value));
    if (["int", "int32", "uint32", "long", "int64", "uint64", "byte"].includes(t)) {
      const number = v.kind === "number" ? v.value : parseNumberToken(textOf(v) ?? "");
      return number === undefined ? unknown(`cast at line ${line(n)} fails at run time`) : num(number);
    }
    if (t === "void") return NULL;
    return v;
  }

  private unary(n: Node, next: (c: Node) => PsValue): PsValue {
    const operator = n.child(0)?.text.toLowerCase() ?? "";
    const operandNode = n.namedChildren.find((c): c is Node => c !== null);
    if (!operandNode) return unknown(`expression at line ${line(n)}`);
    if (operandNode.type === "cast_expression" || operandNode.type === "pre_increment_expression" || operandNode.type === "pre_decrement_expression") {
      return operandNode.type === "cast_expression" ? next(operandNode) : unknown(`increment at line ${line(n)}`);
    }
    const v = next(operandNode);
    switch (operator) {
      case "-":
        return v.kind === "number" ? num(-v.value) : (unknownPart(v) ?? unknown(`negation at line ${line(n)}`));
      case "+":
        return v;
      case ",":
        return list([v]);
      case "-not":
      case "!": {
        const b = truthy(v);
        return b === undefined ? (unknownPart(v) ?? unknown("condition")) : { kind: "bool", value: !b };
      }
      case "-join":
        return concat(itemsOf(v));
      default:
        return unknownPart(v) ?? unknown(`${operator} at line ${line(n)} is computed at run time`);
    }
  }

  /** The value of a command used as an expression: only `Join-Path` of known parts is read. */
  private commandValue(n: Node, scope: Scope, next: (c: Node) => PsValue): PsValue {
    const name = n.childForFieldName("command_name")?.text ?? "";
    const canonical = canonicalCommandName(name);
    const spec = CMDLETS.get(canonical);
    if (canonical !== "join-path" || !spec) return unknown(`output of ${name.replace(/[^\w.-]/g, "") || "a command"} at line ${line(n)}`);
    const args = bindArguments(spec, commandElements(n), next, (v) => lookupVariable(v, scope));
    const path = args.named.get("Path");
    const child = args.named.get("ChildPath");
    if (!path || !child) return unknown(`Join-Path at line ${line(n)} without both parts`);
    return joinPath(path, child, ...args.positional);
  }
}

function applyOperator(op: string, a: PsValue, b: PsValue, at: number): PsValue {
  const u = a.kind === "unknown" ? a : op === "+" ? undefined : unknownPart(b);
  if (u && op !== "+") return u;
  switch (op) {
    case "+":
      if (a.kind === "number" && b.kind === "number") return num(a.value + b.value);
      if (a.kind === "list") return list([...a.items, ...itemsOf(b)]);
      return concat([a, b]);
    case "-f":
      return format(a, b);
    case "-join":
      return concat(itemsOf(a).flatMap((item, i) => (i === 0 ? [item] : [b, item])));
    case "-bor":
    case "-band":
    case "-bxor":
      if (a.kind !== "number" || b.kind !== "number") return unknown(`bitwise operation at line ${at} on non-numbers`);
      return num((op === "-bor" ? a.value | b.value : op === "-band" ? a.value & b.value : a.value ^ b.value) >>> 0);
    case "..": {
      if (a.kind !== "number" || b.kind !== "number" || Math.abs(b.value - a.value) > MAX_RANGE) return unknown(`range at line ${at}`);
      const step = a.value <= b.value ? 1 : -1;
      return list(Array.from({ length: Math.abs(b.value - a.value) + 1 }, (_, i) => num(a.value + i * step)));
    }
    default:
      return unknown(`${op} at line ${at} is computed at run time`);
  }
}

/** `'{0}\{1}' -f a, b` with plain `{n}` placeholders; format specifiers are not interpreted. */
function format(template: PsValue, args: PsValue): PsValue {
  const t = textOf(template);
  if (t === undefined) return unknownPart(template) ?? unknown("format string");
  const items = itemsOf(args);
  const parts: PsValue[] = [];
  let last = 0;
  for (const m of t.matchAll(/\{\{|\}\}|\{(\d+)\}|\{[^}]*\}/g)) {
    parts.push(str(t.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[0] === "{{" || m[0] === "}}") parts.push(str(m[0][0] ?? ""));
    else if (m[1] === undefined) return unknown("format string with format specifiers");
    else parts.push(items[Number(m[1])] ?? str(""));
  }
  parts.push(str(t.slice(last)));
  return concat(parts);
}

const ESCAPES: Readonly<Record<string, string>> = { "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** Backtick escapes and doubled quotes of a double-quoted string segment. */
function unescapeExpandable(text: string): string {
  return text.replace(/`(\r?\n|.)|""/g, (m: string, c: string | undefined) => (m === '""' ? '"' : c === undefined ? m : (ESCAPES[c] ?? (c.startsWith("\n") || c.startsWith("\r") ? "" : c))));
}
