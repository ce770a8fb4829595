/**
 * PowerShell / DSC script text → registry operations, unresolved places, Exchange install
 * evidence and DSC node names. The syntax tree is walked with an explicit work stack (no
 * recursion over statements), statements in declaration order; loops over literal lists are
 * unrolled, branches make their writes conditional and their variables unknown afterwards.
 */
import { type Node, type Tree } from "web-tree-sitter";
import { type ExchangeEvidence } from "../model/index.js";
import { type RegistryOp, type Unresolved } from "../registry/types.js";
import { type BoundArguments, bindArguments, canonicalCommandName, CMDLETS, commandElements } from "./commands.js";
import { DSC_RESOURCES, type DscProperty, dscResource } from "./dsc.js";
import { Evaluator, Scope, line, lookupVariable, unwrap, variableName } from "./evaluate.js";
import { exchangeEvidenceFrom, isInstallCommandLine, isSetupPath } from "./exchange.js";
import { isProviderCmdlet, joinPath, providerCmdlet, regExe, registryKeyMethod, registrySetValue } from "./imperative.js";
import { type ParseLimits, parsePowerShell } from "./parser.js";
import { isInert, mayAct } from "./prefilter.js";
import { Recorder } from "./recorder.js";
import { type PsValue, itemsOf, str, textOf, unknown } from "./values.js";

export { initPowerShellParser } from "./parser.js";

export interface ScriptExtraction {
  /** Registry writes/deletes in declaration order, each with location {file, line}. */
  ops: RegistryOp[];
  /** Places that touch the registry but cannot be resolved (reason; key/valueName when known). */
  unresolved: Unresolved[];
  exchange: ExchangeEvidence[];
  /** Syntax errors and limits hit (clear message, 1-based line). A script with errors does not run in PowerShell. */
  errors: { message: string; line: number }[];
  /** DSC Node block names when literal. */
  nodeNames: string[];
}

export interface ExtractOptions extends ParseLimits {
  readonly file?: string;
  /** Statements read (loop iterations included) before extraction stops. Default 2,000,000. */
  readonly maxStatements?: number;
  /**
   * Walk every statement, also those the text pre-filter passes over (prefilter.ts). The result is
   * the same, only slower: this is how the tests prove it.
   */
  readonly walkEveryStatement?: boolean;
}

/** Blocks nested deeper than this are not read (an error entry says so). */
export const MAX_BLOCK_NESTING = 200;
/**
 * The pre-filter reads a statement's whole text, so a statement nested n levels deep is read by up
 * to n enclosing checks. Below this depth the walk goes on without it: the cost stays linear in the
 * script (a hostile nest of blocks around megabytes of text would otherwise cost depth x size).
 */
const PREFILTER_MAX_DEPTH = 8;
/** Nor does it read statements longer than this: their walk costs more than the check could save, and the regex would read them whole. */
const PREFILTER_MAX_CHARS = 64 * 1024;
const MAX_LOOP_ITEMS = 10_000;
const MAX_SYNTAX_ERRORS = 20;

export async function extractScript(text: string, options: ExtractOptions = {}): Promise<ScriptExtraction> {
  const rec = new Recorder(options.file);
  if (typeof text !== "string") {
    rec.error("script text is not a string", 1);
    return result(rec);
  }
  const parsed = await parsePowerShell(text, options);
  if ("error" in parsed) {
    rec.error(parsed.error, 1);
    return result(rec);
  }
  try {
    syntaxErrors(parsed.tree, text, rec);
    new Walker(rec, options.maxStatements ?? 2_000_000, options.walkEveryStatement !== true).run(parsed.tree.rootNode);
  } catch (e) {
    // A bug here must not take the caller down: report it like any other unreadable input.
    rec.error(`extraction failed: ${e instanceof Error ? e.message : String(e)}`, 1);
  } finally {
    parsed.tree.delete();
  }
  return result(rec);
}

function result(rec: Recorder): ScriptExtraction {
  return { ops: rec.ops, unresolved: rec.unresolved, exchange: rec.exchange, errors: rec.errors, nodeNames: rec.nodeNames };
}

/**
 * ERROR and MISSING nodes, found with a cursor that skips error-free subtrees. The grammar wants
 * a statement inside `{ }`; PowerShell does not, so that missing `;` is not an error.
 */
function syntaxErrors(tree: Tree, text: string, rec: Recorder): void {
  if (!tree.rootNode.hasError) return;
  const cursor = tree.walk();
  let count = 0;
  try {
    for (;;) {
      const n = cursor.currentNode;
      const emptyBlock = n.isMissing && n.parent?.type === "empty_statement" && text.slice(n.startIndex).trimStart().startsWith("}");
      if ((n.isMissing || n.isError) && !emptyBlock) {
        if (++count > MAX_SYNTAX_ERRORS) break;
        rec.error(n.isMissing ? `syntax error: missing "${n.type}"` : "syntax error: PowerShell cannot parse this statement", line(n));
      } else if (n.hasError && cursor.gotoFirstChild()) {
        continue;
      }
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
    }
  } finally {
    cursor.delete();
  }
}

interface Frame {
  readonly scope: Scope;
  /** Why statements here may not run; undefined when they run whenever the script does. */
  readonly conditional?: string;
  readonly depth: number;
}

type Task = { readonly statements: readonly Node[]; readonly index: number; readonly frame: Frame } | (() => void);

const BLOCK_CONTAINERS = new Set(["script_block_expression", "script_block", "script_block_body", "named_block_list", "named_block", "statement_block", "program"]);

/** The statements of a block, whatever the grammar wraps them in (named blocks begin/process/end included). */
function blockStatements(block: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [block];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === "statement_list") {
      out.push(...n.namedChildren.filter((c): c is Node => c !== null));
      continue;
    }
    if (n !== block && !BLOCK_CONTAINERS.has(n.type)) continue;
    const children = n.namedChildren.filter((c): c is Node => c !== null);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  return out;
}

/** Parameter names of a block's param() or a function's (a, b) declaration. */
function declaredParameters(owner: Node): string[] {
  const names: string[] = [];
  const stack: Node[] = owner.namedChildren.filter((c): c is Node => c !== null && (c.type === "param_block" || c.type === "function_parameter_declaration" || c.type === "script_block"));
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === "script_block_body" || n.type === "statement_list") continue;
    if (n.type === "variable" && (n.parent?.type === "script_parameter" || n.parent?.type === "parameter_list")) {
      names.push(variableName(n.text));
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return names;
}

function children(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
}

class Walker {
  private readonly stack: Task[] = [];
  private readonly evaluator = new Evaluator();
  private statementsRead = 0;
  private nestingReported = false;

  constructor(
    private readonly rec: Recorder,
    private readonly maxStatements: number,
    private readonly prefilter: boolean,
  ) {}

  run(root: Node): void {
    const frame: Frame = { scope: new Scope(), depth: 0 };
    this.declareParameters(root, frame.scope, "the script");
    this.pushBlock(root, frame);
    while (this.stack.length > 0) {
      const task = this.stack.pop() as Task;
      if (typeof task === "function") {
        task();
        continue;
      }
      const node = task.statements[task.index];
      if (!node) continue;
      const detached = detachedBlock(node, task.statements[task.index + 1]);
      this.stack.push({ ...task, index: task.index + (detached ? 2 : 1) });
      if (++this.statementsRead > this.maxStatements) {
        this.rec.error(`extraction stopped after ${this.maxStatements} statements (loops unrolled): the rest is not read`, line(node));
        return;
      }
      if (detached) {
        this.rec.conditional = task.frame.conditional;
        this.command(detached.command, task.frame, detached.block);
      } else {
        this.statement(node, task.frame);
      }
    }
  }

  private pushBlock(block: Node, frame: Frame): void {
    if (frame.depth > MAX_BLOCK_NESTING) {
      if (!this.nestingReported) this.rec.error(`blocks nested more than ${MAX_BLOCK_NESTING} levels deep: the inner blocks are not read`, line(block));
      this.nestingReported = true;
      return;
    }
    this.stack.push({ statements: blockStatements(block), index: 0, frame });
  }

  private declareParameters(owner: Node, scope: Scope, ownerName: string): void {
    for (const name of declaredParameters(owner)) scope.set(name, unknown(`$${name} is a parameter of ${ownerName}`));
  }

  /** Runs a script block in a child scope: its param() names are unknown. */
  private pushScriptBlock(block: Node, frame: Frame, ownerName: string, conditional = frame.conditional): void {
    const scope = new Scope(frame.scope);
    const inner = block.namedChildren.find((c) => c?.type === "script_block") ?? block;
    this.declareParameters(inner, scope, ownerName);
    this.pushBlock(block, { scope, depth: frame.depth + 1, ...(conditional ? { conditional } : {}) });
  }

  /**
   * Blocks that may or may not run (branches, loops of unknown length): their writes become
   * unresolved and the variables they assign are unknown after them.
   */
  private pushBranches(blocks: readonly Node[], frame: Frame, why: string): void {
    const scopes = blocks.map(() => new Scope(frame.scope));
    this.stack.push(() => {
      for (const s of scopes) for (const name of s.names()) frame.scope.set(name, unknown(`$${name} is assigned ${why}`));
    });
    for (let i = blocks.length - 1; i >= 0; i--) {
      const block = blocks[i] as Node;
      const scope = scopes[i] as Scope;
      this.pushBlock(block, { scope, depth: frame.depth + 1, conditional: frame.conditional ?? why });
    }
  }

  private statement(node: Node, frame: Frame): void {
    this.rec.conditional = frame.conditional;
    if (this.passesOver(node, frame)) return;
    switch (node.type) {
      case "comment":
      case "empty_statement":
      case "ERROR":
        return;
      case "pipeline":
        return this.pipeline(node, frame);
      case "if_statement":
        return this.pushBranches(this.nestedBlocks(node), frame, `inside the if at line ${line(node)}`);
      case "foreach_statement":
        return this.foreach(node, frame);
      case "function_statement": {
        const name = node.namedChildren.find((c) => c?.type === "function_name")?.text ?? "a function";
        const body = node.namedChildren.find((c) => c?.type === "script_block") ?? node;
        const scope = new Scope(frame.scope);
        this.declareParameters(node, scope, `function ${name}`);
        return this.pushBlock(body, { ...frame, scope, depth: frame.depth + 1 });
      }
      case "try_statement": {
        const blocks = children(node);
        const conditional = blocks.filter((b) => b.type === "catch_clauses" || b.type === "catch_clause").flatMap((b) => this.nestedBlocks(b));
        const always = blocks.filter((b) => b.type === "statement_block" || b.type === "finally_clause").flatMap((b) => (b.type === "statement_block" ? [b] : this.nestedBlocks(b)));
        // try body, then catch (maybe), then finally: pushed in reverse.
        const [body, fin] = always;
        if (fin) this.pushBlock(fin, { ...frame, depth: frame.depth + 1 });
        if (conditional.length > 0) this.pushBranches(conditional, frame, `inside the catch at line ${line(node)}`);
        if (body) this.pushBlock(body, { ...frame, depth: frame.depth + 1 });
        return;
      }
      default:
        // while, do, for, switch, trap, class, data...: bodies that run zero or more times.
        return this.pushBranches(this.nestedBlocks(node), frame, `inside the ${node.type.replace(/_statement$/, "").replace(/_/g, " ")} at line ${line(node)}`);
    }
  }

  /**
   * A compound statement that cannot change what is recorded (prefilter.ts). A function's
   * assignments stay in its own scope, so only its names count; a foreach assigns its loop
   * variable without an `=`, so it is always walked. Pipelines are decided in `sideEffects`.
   */
  private passesOver(node: Node, frame: Frame): boolean {
    if (!this.filters(node, frame)) return false;
    switch (node.type) {
      case "pipeline":
      case "foreach_statement":
        return false;
      case "function_statement":
        return !mayAct(node.text);
      default:
        return isInert(node.text);
    }
  }

  /** Whether the pre-filter looks at this statement (see PREFILTER_MAX_DEPTH and PREFILTER_MAX_CHARS). */
  private filters(node: Node, frame: Frame): boolean {
    return this.prefilter && frame.depth <= PREFILTER_MAX_DEPTH && node.endIndex - node.startIndex <= PREFILTER_MAX_CHARS;
  }

  /** The statement blocks directly owned by a compound statement (not those of nested statements). */
  private nestedBlocks(node: Node): Node[] {
    const out: Node[] = [];
    const stack = children(node).reverse();
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.type === "statement_block" || n.type === "script_block_expression") {
        out.push(n);
        continue;
      }
      if (n.type === "pipeline" || n.type === "statement_list") continue;
      stack.push(...children(n).reverse());
    }
    return out;
  }

  private foreach(node: Node, frame: Frame): void {
    const parts = children(node);
    const variable = parts.find((c) => c.type === "variable");
    const collection = parts.find((c) => c.type === "pipeline");
    const body = parts.find((c) => c.type === "statement_block");
    if (!variable || !collection || !body) return;
    this.sideEffects(collection, frame);
    const items = this.evaluator.evaluate(collection, frame.scope);
    this.iterate(variableName(variable.text), items, body, frame, `inside the foreach at line ${line(node)}`, (block, f) => this.pushBlock(block, f));
  }

  /**
   * Unrolls a loop over a literal list (the loop variable set before each pass, in the same
   * scope as PowerShell does); a list that is not known runs the body once as a branch.
   */
  private iterate(variable: string, items: PsValue, body: Node, frame: Frame, why: string, push: (block: Node, f: Frame) => void): void {
    const values = itemsOf(items);
    if (items.kind === "unknown" || values.some((v) => v.kind === "unknown") || values.length > MAX_LOOP_ITEMS) {
      const reason = items.kind === "unknown" ? items.reason : "loop list is not literal";
      const scope = new Scope(frame.scope);
      scope.set(variable, unknown(`$${variable} loops over a list that is not known (${reason})`));
      this.stack.push(() => {
        for (const name of scope.names()) frame.scope.set(name, unknown(`$${name} is assigned ${why}`));
      });
      push(body, { scope, depth: frame.depth + 1, conditional: frame.conditional ?? `${why} over a list that is not known` });
      return;
    }
    for (let i = values.length - 1; i >= 0; i--) {
      push(body, { ...frame, depth: frame.depth + 1 });
      const value = values[i] as PsValue;
      this.stack.push(() => frame.scope.set(variable, value));
    }
  }

  private pipeline(node: Node, frame: Frame): void {
    const first = children(node)[0];
    if (first?.type !== "assignment_expression") return this.sideEffects(node, frame);
    const [left, operator, value] = children(first);
    if (!left || !value) return;
    const target = this.assignedVariable(left);
    let assigned: PsValue;
    if (value.type === "pipeline") {
      this.sideEffects(value, frame);
      assigned = this.evaluator.evaluate(value, frame.scope);
    } else {
      this.statement(value, frame);
      assigned = unknown(`assigned from a ${value.type.replace(/_/g, " ")} at line ${line(value)}`);
    }
    if (target === undefined || target === "null") return;
    if (operator?.text === "+=") {
      const current = lookupVariable(`$${target}`, frame.scope);
      assigned = current.kind === "list" ? { kind: "list", items: [...current.items, ...itemsOf(assigned)] } : current.kind === "number" && assigned.kind === "number" ? { kind: "number", value: current.value + assigned.value } : this.evaluatorConcat(current, assigned);
    } else if (operator && operator.text !== "=") {
      assigned = unknown(`$${target} is computed with ${operator.text} at line ${line(first)}`);
    }
    frame.scope.set(target, assigned);
  }

  private evaluatorConcat(a: PsValue, b: PsValue): PsValue {
    const ta = textOf(a);
    const tb = textOf(b);
    return ta !== undefined && tb !== undefined ? str(ta + tb) : unknown(`string built at run time`);
  }

  /** `$x`, `[string]$x` → `x`; `$h.Path = ...` makes `h` unknown (returned so it is overwritten). */
  private assignedVariable(left: Node): string | undefined {
    const stack: Node[] = [left];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.type === "variable" || n.type === "braced_variable") return variableName(n.text);
      stack.push(...children(n).reverse());
    }
    return undefined;
  }

  /**
   * Runs what a statement does besides producing a value: commands (also inside parentheses and
   * subexpressions) and .NET registry calls, in source order. Script blocks are left to the
   * command that receives them. Statements that cannot act are passed over on their text
   * (prefilter.ts): visiting nodes through the parser's API costs more than parsing them.
   */
  private sideEffects(node: Node, frame: Frame): void {
    if (this.filters(node, frame) && isInert(node.text)) return;
    const cursor = node.walk();
    try {
      let depth = 0;
      for (;;) {
        const type = cursor.nodeType;
        if (type === "command") this.command(cursor.currentNode, frame);
        else if (type === "invokation_expression") this.invocation(cursor.currentNode, frame);
        if (type !== "script_block_expression" && type !== "statement_block" && cursor.gotoFirstChild()) {
          depth++;
          continue;
        }
        while (!cursor.gotoNextSibling()) {
          if (depth === 0 || !cursor.gotoParent()) return;
          depth--;
        }
        if (depth === 0) return;
      }
    } finally {
      cursor.delete();
    }
  }

  private evaluate(frame: Frame): (node: Node) => PsValue {
    return (node) => this.evaluator.evaluate(node, frame.scope);
  }

  private bind(canonical: string, command: Node, frame: Frame): BoundArguments | undefined {
    const spec = CMDLETS.get(canonical);
    return spec ? bindArguments(spec, commandElements(command), this.evaluate(frame), (v) => lookupVariable(`$${v}`, frame.scope)) : undefined;
  }

  /** `detached`: the block of a DSC keyword written with its brace on the next line. */
  private command(command: Node, frame: Frame, detached?: Node): void {
    const nameNode = command.childForFieldName("command_name");
    if (!nameNode) return;
    const at = line(command);
    const bareName = unwrap(nameNode);
    const nameText = bareName.type === "command_name" ? bareName.text : textOf(this.evaluator.evaluate(bareName, frame.scope));
    if (nameText === undefined) return this.nativeCommand(undefined, command, frame);
    const canonical = canonicalCommandName(nameText);
    const blocks = [...scriptBlockArguments(command), ...(detached ? [detached] : [])];
    const lastBlock = blocks.at(-1);
    if (lastBlock && DSC_RESOURCES.has(canonical)) return dscResource(canonical, this.dscProperties(lastBlock, frame), at, this.rec);
    if (lastBlock && canonical === "node") return this.node(command, lastBlock, frame);
    if (lastBlock && canonical === "configuration") return this.pushScriptBlock(lastBlock, frame, "a Configuration");
    if (isProviderCmdlet(canonical)) {
      const args = this.bind(canonical, command, frame);
      if (args) providerCmdlet(canonical, args, at, this.rec, this.pipelineItemPath(command, frame));
      return;
    }
    switch (canonical) {
      case "foreach-object":
        return this.forEachObject(command, frame);
      case "invoke-command": {
        const block = this.bind(canonical, command, frame)?.named.get("ScriptBlock");
        if (block?.kind === "scriptblock") this.pushScriptBlock(block.node, frame, "a script block");
        return;
      }
      case "start-process":
        return this.startProcess(command, frame);
    }
    if (/^(?:.*[\\/])?reg(?:\.exe)?$/i.test(nameText)) return regExe(this.nativeArguments(command, frame), at, this.rec);
    if (isSetupPath(nameText)) return this.nativeCommand(nameText, command, frame);
    // Any other command that takes a script block may run it, or not (Where-Object, a job, a
    // DSC Script resource's SetScript): read it as a branch.
    if (blocks.length > 0) this.pushBranches(blocks, frame, `inside a script block passed to ${nameText.replace(/[^\w.-]/g, "")} at line ${at}`);
  }

  /** The first argument that is not a script block (a Node's names, a Configuration's name). */
  private firstArgumentNode(command: Node): Node | undefined {
    const first = commandElements(command).find((e) => e.kind === "argument" && unwrap(e.node).type !== "script_block_expression");
    return first?.kind === "argument" ? first.node : undefined;
  }

  /** Argument texts of a native command (`-x` parameters kept as written). */
  private nativeArguments(command: Node, frame: Frame): PsValue[] {
    return commandElements(command).flatMap((e): readonly PsValue[] => {
      if (e.kind === "parameter") return [str(`-${e.name}${e.colon ? ":" : ""}`)];
      if (e.kind === "splat") return itemsOf(lookupVariable(`$${e.variable}`, frame.scope));
      return itemsOf(this.evaluator.evaluate(e.node, frame.scope));
    });
  }

  /** Setup.exe run directly (`D:\Setup.exe /Mode:Upgrade`, `& $setup /m:install`). */
  private nativeCommand(path: string | undefined, command: Node, frame: Frame): void {
    const args = this.nativeArguments(command, frame).map((a) => textOf(a) ?? "");
    if ((path === undefined || isSetupPath(path)) && isInstallCommandLine(args)) this.rec.evidence(exchangeEvidenceFrom("Setup.exe arguments", path), line(command));
  }

  private startProcess(command: Node, frame: Frame): void {
    const args = this.bind("start-process", command, frame);
    const file = args?.named.get("FilePath");
    const filePath = file ? textOf(file) : undefined;
    if (filePath !== undefined && !isSetupPath(filePath)) return;
    const argumentList = args?.named.get("ArgumentList");
    const texts = argumentList ? itemsOf(argumentList).flatMap((a) => (textOf(a) ?? "").split(/\s+/)) : [];
    if (isInstallCommandLine(texts)) this.rec.evidence(exchangeEvidenceFrom("Start-Process Setup.exe", filePath), line(command));
  }

  /** What a command receives from the one before it in a pipeline. */
  private pipelineInput(command: Node, frame: Frame): { value: PsValue; producer?: Node } | undefined {
    const parent = command.parent;
    if (parent?.type !== "pipeline_chain") return undefined;
    let previous = command.previousSibling;
    while (previous && !previous.isNamed) previous = previous.previousSibling;
    if (!previous || previous.type === "comment") return undefined;
    if (previous.type === "command") return { value: unknown(`output of the command at line ${line(previous)}`), producer: previous };
    return { value: this.evaluator.evaluate(previous, frame.scope) };
  }

  /** `New-Item K | New-ItemProperty -Name ...`: the item path flows into -Path. */
  private pipelineItemPath(command: Node, frame: Frame): PsValue | undefined {
    const input = this.pipelineInput(command, frame);
    if (!input) return undefined;
    if (!input.producer) return input.value;
    const producerName = canonicalCommandName(input.producer.childForFieldName("command_name")?.text ?? "");
    if (producerName !== "new-item" && producerName !== "get-item") return input.value;
    const args = this.bind(producerName, input.producer, frame);
    const path = args?.named.get("Path");
    const name = args?.named.get("Name");
    return path && name ? joinPath(path, name) : (path ?? input.value);
  }

  private forEachObject(command: Node, frame: Frame): void {
    const block = this.bind("foreach-object", command, frame)?.named.get("Process");
    if (block?.kind !== "scriptblock") return;
    const input = this.pipelineInput(command, frame)?.value ?? unknown("ForEach-Object without pipeline input");
    const body = block.node;
    this.iterate("_", input, body, frame, `inside ForEach-Object at line ${line(command)}`, (b, f) => {
      this.pushBlock(b, f);
      // $PSItem is $_.
      this.stack.push(() => f.scope.set("psitem", lookupVariable("$_", f.scope)));
    });
  }

  private node(command: Node, block: Node, frame: Frame): void {
    for (const item of itemsOf(this.evaluator.evaluate(this.firstArgumentNode(command) ?? block, frame.scope))) {
      const name = item.kind === "string" ? item.value.trim() : undefined;
      if (name) this.rec.nodeName(name);
    }
    this.pushScriptBlock(block, frame, "a Node block");
  }

  /** `Key = 'x'` lines of a DSC resource block (the grammar reads each as a command `Key` with `=`). */
  private dscProperties(block: Node, frame: Frame): Map<string, DscProperty> {
    const props = new Map<string, DscProperty>();
    for (const stmt of blockStatements(block)) {
      const command = stmt.type === "pipeline" ? stmt.firstNamedChild?.firstNamedChild : undefined;
      const nameNode = command?.type === "command" ? command.childForFieldName("command_name") : undefined;
      if (!command || !nameNode) continue;
      const [rawName, ...inlineRest] = nameNode.text.split("=");
      const name = (rawName ?? "").trim().toLowerCase();
      const elements = commandElements(command);
      let value: PsValue | undefined;
      if (inlineRest.length > 0) {
        // `Key='x'` or `Key=`: the name token swallowed the `=`.
        const inline = inlineRest.join("=").trim();
        value = inline ? inlineLiteral(inline, frame.scope) : this.elementsValue(elements, 0, frame);
      } else {
        const first = elements[0];
        const firstText = first?.kind === "argument" && first.node.type === "generic_token" ? first.node.text : undefined;
        if (firstText === undefined || !firstText.startsWith("=")) continue;
        const rest = firstText.slice(1).trim();
        value = rest ? inlineLiteral(rest, frame.scope) : this.elementsValue(elements, 1, frame);
      }
      if (value) props.set(name, { value, line: line(stmt) });
    }
    return props;
  }

  private elementsValue(elements: ReturnType<typeof commandElements>, from: number, frame: Frame): PsValue | undefined {
    const values = elements.slice(from).flatMap((e) => (e.kind === "argument" ? [this.evaluator.evaluate(e.node, frame.scope)] : []));
    return values.length === 1 ? values[0] : values.length === 0 ? undefined : { kind: "list", items: values };
  }

  private invocation(node: Node, frame: Frame): void {
    const parts = children(node);
    const target = parts[0];
    const method = parts.find((c) => c.type === "member_name")?.text.toLowerCase();
    const argumentList = parts.find((c) => c.type === "argument_list");
    if (!target || !method || !argumentList) return;
    const list = argumentList.namedChildren.find((c) => c?.type === "argument_expression_list");
    const argNodes = list ? children(list) : [];
    const args = argNodes.map((a) => this.evaluator.evaluate(a, frame.scope));
    if (target.type === "type_literal" && /^\[(?:Microsoft\.Win32\.)?Registry\]$/i.test(target.text.replace(/\s/g, ""))) {
      if (method === "setvalue") registrySetValue(args, line(node), this.rec);
      return;
    }
    if (["setvalue", "deletevalue", "deletesubkey", "deletesubkeytree"].includes(method) && target.type !== "type_literal") {
      registryKeyMethod(parts.find((c) => c.type === "member_name")?.text ?? method, args, line(node), this.rec);
    }
  }
}

function scriptBlockArguments(command: Node): Node[] {
  // A script block argument starts with `{`: most commands have none, and the text is cheaper to
  // look at than the dozen wrapper nodes around each argument.
  if (!command.text.includes("{")) return [];
  return commandElements(command).flatMap((e) => (e.kind === "argument" && e.node.text.startsWith("{") && unwrap(e.node).type === "script_block_expression" ? [unwrap(e.node)] : []));
}

/**
 * `Registry Name` / `Node 'x'` / `Configuration C` with the `{` on the next line: the grammar
 * reads a command and then a bare script block (which on its own does nothing in PowerShell).
 */
function detachedBlock(statement: Node, next: Node | undefined): { command: Node; block: Node } | undefined {
  if (statement.type !== "pipeline" || next?.type !== "pipeline") return undefined;
  // The block's wrappers span exactly its text: a statement not starting with `{` is no block (the usual case).
  if (!next.text.startsWith("{")) return undefined;
  const block = unwrap(next);
  const command = unwrap(statement);
  if (command.type !== "command" || block.type !== "script_block_expression") return undefined;
  if (command.childForFieldName("command_name")?.type !== "command_name" || scriptBlockArguments(command).length > 0) return undefined;
  return { command, block };
}

/** A property value written without spaces (`Key='x'`, `Hex=$true`, `ValueType=Dword`). */
function inlineLiteral(text: string, scope: Scope): PsValue {
  if (/^'.*'$/s.test(text)) return str(text.slice(1, -1).replace(/''/g, "'"));
  if (/^".*"$/s.test(text)) return text.includes("$") ? unknown("interpolated value written without spaces around =") : str(text.slice(1, -1));
  if (/^\$\w+$/.test(text)) return lookupVariable(text, scope);
  return str(text);
}
