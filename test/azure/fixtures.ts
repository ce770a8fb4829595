/** The Azure fixtures: a `pulumi stack export` (output-shaped) and program inputs (input-shaped). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(__dirname, "..", "fixtures", "azure");

export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly outputs: Record<string, unknown>;
  readonly parent?: string;
  readonly dependencies?: string[];
  readonly propertyDependencies?: Record<string, string[]>;
}

function load<T>(file: string): T {
  return JSON.parse(readFileSync(join(DIR, file), "utf8")) as T;
}

export function exportedResources(): ExportedResource[] {
  return load<{ deployment: { resources: ExportedResource[] } }>("stack-export.json").deployment.resources;
}

/** The exported resource whose URN ends with `::<name>`. */
export function exported(name: string): ExportedResource {
  const r = exportedResources().find((x) => x.urn.endsWith(`::${name}`));
  if (!r) throw new Error(`no exported resource ${name}`);
  return r;
}

export function programInput(name: string): { type: string; props: Record<string, unknown> } {
  const r = load<Record<string, { type: string; props: Record<string, unknown> }>>("program-inputs.json")[name];
  if (!r) throw new Error(`no program input ${name}`);
  return r;
}

/** A deep copy of `obj` with the value at `path` replaced (or removed when `value` is undefined). */
export function withValue<T>(obj: T, path: readonly (string | number)[], value: unknown): T {
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) cur = cur[part] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as T;
}
