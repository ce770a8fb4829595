import { basename } from "node:path";
import { type ResourceInput } from "../../rules/types.js";
import { InputFileError, MAX_JSON_BYTES, readTextFile } from "../files.js";
import { isArmDocument, readArmDocument } from "./arm.js";
import { asObject } from "./json-values.js";
import { isStackExport, readStackExport } from "./stack-export.js";

export type JsonInput =
  | { readonly kind: "stackExport" | "arm"; readonly resources: ResourceInput[] }
  /** Valid JSON that is neither: `package.json`, `tsconfig.json`, settings files. */
  | { readonly kind: "unrecognized" };

/** Where JSON.parse stopped, as line and column; never the text around it (it may hold secrets). */
function syntaxErrorPlace(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : "";
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return /end of JSON/i.test(message) ? " (it ends too early)" : "";
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  return ` at line ${line}, column ${Number(position) - before.lastIndexOf("\n")}`;
}

/** Parses JSON text, turning every failure into a one-line problem naming the file. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof RangeError) throw new InputFileError(file, "JSON nests too deeply to read");
    throw new InputFileError(file, `invalid JSON${syntaxErrorPlace(error, text)}`);
  }
}

/** A stack export or an ARM document, read as resources; anything else is reported unrecognized. */
export async function readJsonInput(file: string): Promise<JsonInput> {
  const text = await readTextFile(file, MAX_JSON_BYTES);
  const doc = parseJsonFile(file, text);
  const o = asObject(doc);
  if (o && isStackExport(o)) return { kind: "stackExport", resources: readStackExport(o, file, text) };
  if (isArmDocument(doc)) return { kind: "arm", resources: readArmDocument(doc, file, text, basename(file)) };
  return { kind: "unrecognized" };
}
