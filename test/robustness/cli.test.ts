/**
 * The built CLI (`node dist/src/cli/main.js`, built by `npm test` before vitest) on input that is
 * broken on purpose: truncated and corrupted JSON, deployment versions it does not read, link
 * loops, and files it cannot read (the suite runs as root, so "unreadable" is a FIFO, a folder
 * named like a file, or a path through a file). Each gives exit code 2 and a message naming the
 * file, never a stack trace or a hang.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/analyzer.js";

const CLI = join(REPO_ROOT, "dist", "src", "cli", "main.js");
const EXPORT = readFileSync(join(REPO_ROOT, "examples", "estate", "stack-export.json"), "utf8");
/** A CLI that waits on a FIFO or loops would hang the suite: fail it instead. */
const CLI_TIMEOUT_MS = 30_000;

/** A stack trace line (`    at fn (file.js:1:2)`) or an uncaught error's name at the start of a line. */
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|^(?:Type|Range|Reference|Syntax)?Error: /m;

let dir: string;

/** Runs the CLI to completion (asynchronously, so the cases run two at a time). */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: CLI_TIMEOUT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Writes a file under the suite's folder and returns its path. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface Broken {
  readonly name: string;
  /** Creates the input and returns the path to scan. */
  readonly make: () => string;
  /** What the message must say about the file. */
  readonly problem: RegExp;
}

const exportWith = (change: (doc: Record<string, unknown>) => void): string => {
  const doc = JSON.parse(EXPORT) as Record<string, unknown>;
  change(doc);
  return JSON.stringify(doc);
};

const BROKEN: readonly Broken[] = [
  { name: "a stack export cut in half", make: () => file("truncated.json", EXPORT.slice(0, EXPORT.length >> 1)), problem: /invalid JSON at line \d+, column \d+/ },
  { name: "a stack export cut after one byte", make: () => file("one-byte.json", "{"), problem: /invalid JSON at line 1, column 2/ },
  { name: "a stack export with corrupted bytes", make: () => file("corrupted.json", Buffer.from(EXPORT.slice(0, 4000) + "\u0000\u00ff\u0013garbage" + EXPORT.slice(4000), "latin1")), problem: /binary content, not a text file/ },
  { name: "an empty file", make: () => file("empty.json", ""), problem: /invalid JSON \(it ends too early\)/ },
  { name: "deployment version 4", make: () => file("v4.json", exportWith((d) => (d.version = 4))), problem: /version 4 is not supported/ },
  { name: "deployment version as a string", make: () => file("v-string.json", exportWith((d) => (d.version = "3"))), problem: /version "3" is not supported/ },
  { name: "deployment resources that are not a list", make: () => file("not-a-list.json", exportWith((d) => ((d.deployment as Record<string, unknown>).resources = { a: 1 }))), problem: /not a list/ },
  {
    name: "a resource without a URN",
    make: () => file("no-urn.json", exportWith((d) => ((d.deployment as Record<string, unknown>).resources = [{ type: "azure-native:compute:VirtualMachine" }]))),
    problem: /no urn/,
  },
  {
    name: "two links pointing at each other",
    make: () => {
      symlinkSync(join(dir, "loop-b.json"), join(dir, "loop-a.json"));
      symlinkSync(join(dir, "loop-a.json"), join(dir, "loop-b.json"));
      return join(dir, "loop-a.json");
    },
    problem: /symbolic link loop/,
  },
  {
    name: "a FIFO named like a stack export",
    make: () => {
      const path = join(dir, "fifo.json");
      execFileSync("mkfifo", [path]);
      return path;
    },
    problem: /not a regular file/,
  },
  {
    name: "a path that runs through a file",
    make: () => `${file("plain.json", EXPORT)}/inner.json`,
    problem: /not a directory/,
  },
  {
    name: "a JSON file above the size limit (sparse)",
    make: () => {
      const path = file("huge.json", "");
      truncateSync(path, 65 * 1024 * 1024);
      return path;
    },
    problem: /above the .* limit/,
  },
  { name: "a PowerShell file with binary content", make: () => file("binary.ps1", Buffer.from([0x4e, 0x65, 0x77, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x2d])), problem: /binary/ },
];

describe("the CLI on broken input", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mailflow-cli-robustness-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.concurrent.each(BROKEN.map((b) => [b.name, b] as const))("%s: exit 2 and a message naming the file", async (_name, broken) => {
    const path = broken.make();
    const r = await cli("scan", path, "--format", "json", "--fail-on", "none");
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(broken.problem);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).not.toMatch(STACK_TRACE);
  });

  it.concurrent("a folder with a link to itself is walked once, next to a readable export", async () => {
    const root = join(dir, "estate");
    mkdirSync(root);
    writeFileSync(join(root, "stack-export.json"), EXPORT);
    symlinkSync(root, join(root, "again"));
    const r = await cli("scan", root, "--format", "json", "--fail-on", "none");
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { inputs: { files: string[] } };
    expect(report.inputs.files).toEqual([join(root, "stack-export.json")]);
  });

  it.concurrent("a folder named like a file, holding nothing to scan: exit 2 naming it", async () => {
    const path = join(dir, "export-dir.json");
    mkdirSync(path);
    const r = await cli("scan", path, "--format", "json");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it.concurrent("one broken file among good ones: the good ones are reported, the broken one named, exit 2", async () => {
    const good = file("good.json", EXPORT);
    const bad = file("bad.json", EXPORT.slice(0, 100));
    const r = await cli("scan", good, bad, "--format", "json", "--fail-on", "none");
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { inputs: { files: string[]; errors: { file: string }[] } };
    expect(report.inputs.files).toEqual([good]);
    expect(report.inputs.errors.map((e) => e.file)).toEqual([bad]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it.concurrent.each([
    ["--config", "config.json"],
    ["--baseline", "baseline.json"],
  ])("a truncated %s file: exit 2 naming the option and the file", async (option, name) => {
    const path = file(name, '{"all": "mandatory", "schannel-tls12-enabled": {');
    const r = await cli("scan", join(REPO_ROOT, "examples", "estate", "stack-export.json"), option, path, "--format", "json");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${option} ${path}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
