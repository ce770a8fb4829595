import { open, readdir, realpath, stat } from "node:fs/promises";
import { extname, join } from "node:path";

/** What a file is taken for, by its extension. Anything else is skipped and counted. */
export type InputKind = "powershell" | "json" | "eventLog";

const KIND_BY_EXTENSION: ReadonlyMap<string, InputKind> = new Map([
  [".ps1", "powershell"],
  [".psm1", "powershell"],
  [".json", "json"],
  [".ndjson", "eventLog"],
  [".jsonl", "eventLog"],
]);

/**
 * Size limits: JSON is parsed whole, so it is capped well below what Node can hold; the PowerShell
 * parser refuses more than 8 M characters anyway. Event logs are read line by line and not capped.
 */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
export const MAX_POWERSHELL_BYTES = 8 * 1024 * 1024;

/** Folders that never hold inputs and can be huge. */
const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(["node_modules", ".git"]);

export interface InputFile {
  readonly path: string;
  readonly kind: InputKind;
  readonly size: number;
}

/** A file or path that could not be read: the scan goes on, and the CLI exits 2 at the end. */
export interface FileProblem {
  readonly file: string;
  readonly problem: string;
}

export interface CollectedFiles {
  readonly files: InputFile[];
  /** Files of no known kind, skipped. */
  readonly skipped: string[];
  readonly problems: FileProblem[];
}

/** A Node file-system error as a short phrase, never a stack trace. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "symbolic link loop";
    case "EISDIR":
      return "is a directory, not a file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    default:
      return typeof code === "string" ? `cannot be read (${code})` : "cannot be read";
  }
}

/**
 * Walks the given paths: files are classified by extension, folders are walked in name order
 * (symbolic links followed; each real folder and file once, so link loops end and overlapping
 * paths are read once). `forcedKind` applies to
 * files named directly (`--event-log` takes any extension).
 */
export async function collectInputFiles(paths: readonly string[], forcedKind?: InputKind): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [], problems: [] };
  // Real paths seen: each folder is walked once (link loops end) and each file read once.
  const visited = new Set<string>();

  const visit = async (path: string, named: boolean): Promise<void> => {
    let info;
    let real: string;
    try {
      info = await stat(path);
      real = await realpath(path);
    } catch (error) {
      out.problems.push({ file: path, problem: describeFsError(error) });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = (await readdir(path)).sort();
      } catch (error) {
        out.problems.push({ file: path, problem: describeFsError(error) });
        return;
      }
      for (const entry of entries) if (!IGNORED_DIRECTORIES.has(entry)) await visit(join(path, entry), false);
      return;
    }
    const kind = (named ? forcedKind : undefined) ?? KIND_BY_EXTENSION.get(extname(path).toLowerCase());
    if (!info.isFile()) {
      if (named) out.problems.push({ file: path, problem: "not a regular file" });
      else out.skipped.push(path);
      return;
    }
    if (kind) out.files.push({ path, kind, size: info.size });
    else out.skipped.push(path);
  };

  for (const path of paths) await visit(path, true);
  return out;
}

/** Reading failed for a reason worth one line: the CLI reports `<file>: <problem>`. */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads a text file whole, refusing files above `maxBytes` before reading them. Decodes UTF-8 and
 * UTF-16 (Windows PowerShell editors save UTF-16 LE with a byte order mark) and refuses binary
 * content (a NUL byte in the first 8000 bytes of a file without a UTF-16 mark, as git judges it).
 */
export async function readTextFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new InputFileError(path, describeFsError(error));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputFileError(path, "not a regular file");
    if (info.size > maxBytes) throw new InputFileError(path, `${formatBytes(info.size)} is above the ${formatBytes(maxBytes)} limit for this kind of file; not read`);
    let buffer: Buffer;
    try {
      buffer = await handle.readFile();
    } catch (error) {
      throw new InputFileError(path, describeFsError(error));
    }
    return decodeText(path, buffer);
  } finally {
    await handle.close();
  }
}

function decodeText(path: string, buffer: Buffer): string {
  // UTF-16 code units are two bytes; a dangling last byte of a truncated file is dropped.
  const utf16Body = (): Buffer => Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return utf16Body().toString("utf16le");
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return utf16Body().swap16().toString("utf16le");
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new InputFileError(path, "binary content, not a text file");
  const text = buffer.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
