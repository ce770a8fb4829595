import { type Field, isUnknownValue, type UnknownValue } from "../model/index.js";
import { isSerializedSecret, isUnknown } from "../values.js";
import { type PropertyProblem } from "./types.js";

export type PathPart = string | number;
export type PropertyPath = readonly PathPart[];

/** `a.b[0].c`: the spelling used in messages, problems and content origins. */
export function formatPath(path: PropertyPath): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/**
 * A serialized Pulumi secret as `pulumi stack export` writes it: `plaintext` (JSON text) with
 * `--show-secrets`, `value` as the engine sends it, otherwise only `ciphertext`. A secret whose
 * value cannot be read is treated like a preview unknown: nothing can be told from it.
 */
function unwrapSecret(v: { value?: unknown; plaintext?: unknown }): unknown {
  if ("value" in v) return v.value;
  if (typeof v.plaintext === "string") {
    try {
      return JSON.parse(v.plaintext) as unknown;
    } catch {
      return v.plaintext;
    }
  }
  return opaque;
}

/** Stands for a value nothing can be read from: an unreadable secret, or a reader rooted at an unknown. */
const opaque = Symbol("opaque");

/** What a path holds: a present value, a value unknown during preview, or nothing. */
export type Lookup = { readonly present: unknown } | UnknownValue | undefined;

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return "list";
  if (v === null) return "null";
  return typeof v;
}

/**
 * Reads properties of one resource without ever throwing. Every typed read returns a `Field<T>`:
 * the value, an `UnknownValue` (a preview unknown, or a secret only present as ciphertext, on the
 * path), or undefined when absent. A value of the wrong type is reported as absent and recorded in
 * `problems` (shared by all readers derived with `at`), with its JSON type but never its value.
 * `null` counts as absent, as ARM and Pulumi treat it.
 */
export class PropertyReader {
  constructor(
    private readonly root: unknown,
    private readonly base: PropertyPath = [],
    readonly problems: PropertyProblem[] = [],
  ) {}

  /** A reader rooted at `path`, reporting problems with full paths into the same list. */
  at(path: PropertyPath): PropertyReader {
    const found = this.lookup(path);
    const root = found === undefined ? undefined : "present" in found ? found.present : opaque;
    return new PropertyReader(root, [...this.base, ...path], this.problems);
  }

  /** Like `at`, with a problem list of its own: for a part that becomes a model of its own. */
  detached(path: PropertyPath): PropertyReader {
    const sub = this.at(path);
    return new PropertyReader(sub.root, sub.base, []);
  }

  pathOf(path: PropertyPath): string {
    return formatPath([...this.base, ...path]);
  }

  lookup(path: PropertyPath): Lookup {
    let cur: unknown = this.root;
    for (let i = 0; ; i++) {
      if (isSerializedSecret(cur)) cur = unwrapSecret(cur);
      if (isUnknown(cur) || cur === opaque) return { unknown: true, path: this.pathOf(path) };
      if (i === path.length) return cur === undefined || cur === null ? undefined : { present: cur };
      if (cur === null || typeof cur !== "object") return undefined;
      const part = path[i] as PathPart;
      if (Array.isArray(cur) !== (typeof part === "number")) return undefined;
      cur = (cur as Record<PathPart, unknown>)[part];
    }
  }

  /** The value at `path` as declared: a serialized secret stays wrapped, for the secret checks. */
  raw(path: PropertyPath): unknown {
    const last = path.at(-1);
    if (last === undefined) return this.root === opaque ? undefined : this.root;
    const parent = this.lookup(path.slice(0, -1));
    if (!parent || !("present" in parent) || typeof parent.present !== "object") return undefined;
    return (parent.present as Record<PathPart, unknown>)[last];
  }

  private typed<T>(path: PropertyPath, expected: string, accept: (v: unknown) => v is T): Field<T> {
    const found = this.lookup(path);
    if (!found || !("present" in found)) return found;
    if (accept(found.present)) return found.present;
    this.problems.push({ path: this.pathOf(path), expected, found: jsonType(found.present) });
    return undefined;
  }

  string(path: PropertyPath): Field<string> {
    return this.typed(path, "string", (v): v is string => typeof v === "string");
  }

  boolean(path: PropertyPath): Field<boolean> {
    return this.typed(path, "boolean", (v): v is boolean => typeof v === "boolean");
  }

  number(path: PropertyPath): Field<number> {
    return this.typed(path, "number", (v): v is number => typeof v === "number" && Number.isFinite(v));
  }

  object(path: PropertyPath): Field<Readonly<Record<string, unknown>>> {
    return this.typed(path, "object", (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v));
  }

  list(path: PropertyPath): Field<readonly unknown[]> {
    return this.typed(path, "list", (v): v is unknown[] => Array.isArray(v));
  }

  /** The first of several alternative paths that is not absent (e.g. `settings` or `properties.settings`). */
  firstPresent(paths: readonly PropertyPath[]): PropertyPath {
    return paths.find((p) => this.lookup(p) !== undefined) ?? paths[0] ?? [];
  }

  /** A map of strings (tags): entries of another type are recorded as problems and left out. */
  stringMap(path: PropertyPath): Field<Readonly<Record<string, string | UnknownValue>>> {
    const obj = this.object(path);
    // Tag values are strings, so a tag map can never look like an UnknownValue.
    if (obj === undefined || isUnknownValue(obj)) return obj;
    const out: Record<string, string | UnknownValue> = {};
    for (const key of Object.keys(obj)) {
      const v = this.string([...path, key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
}
