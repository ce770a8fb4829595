import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { collectInputFiles, readTextFile } from "../../src/cli/files.js";
import { type CliIo } from "../../src/cli/io.js";
import { planOutputs } from "../../src/cli/program.js";
import { progressFor, PROGRESS_MIN_FILES } from "../../src/cli/progress.js";
import { configurePolicies } from "../../src/cli/scan.js";
import { DEFAULT_FAIL_ON, failingFindings, type FailOn } from "../../src/cli/threshold.js";
import { RULES } from "../../src/rules/catalogue.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mtg-units-"));
}

describe("collectInputFiles", () => {
  it("walks folders in name order, classifies by extension, skips and counts the rest, reads each real path once", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "dsc"));
    mkdirSync(join(dir, "node_modules"));
    for (const f of ["dsc/b.psm1", "dsc/a.ps1", "export.json", "preview.ndjson", "README.md", "node_modules/x.json"]) writeFileSync(join(dir, f), "{}");
    symlinkSync(join(dir, "dsc"), join(dir, "dsc-link"));
    symlinkSync(dir, join(dir, "dsc", "up")); // a loop back to the root
    const found = await collectInputFiles([dir, join(dir, "export.json")]);
    expect(found.files.map((f) => [f.path.slice(dir.length + 1), f.kind])).toEqual([
      ["dsc/a.ps1", "powershell"],
      ["dsc/b.psm1", "powershell"],
      ["export.json", "json"],
      ["preview.ndjson", "eventLog"],
    ]);
    expect(found.skipped.map((f) => f.slice(dir.length + 1))).toEqual(["README.md"]);
    expect(found.problems).toEqual([]);
  });

  it("takes any file named with a forced kind (--event-log), and reports missing paths", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "preview.log"), "");
    const found = await collectInputFiles([join(dir, "preview.log"), join(dir, "missing.log")], "eventLog");
    expect(found.files.map((f) => f.kind)).toEqual(["eventLog"]);
    expect(found.problems).toEqual([{ file: join(dir, "missing.log"), problem: "no such file or directory" }]);
  });
});

describe("readTextFile", () => {
  const dir = tempDir();
  const write = (name: string, bytes: Buffer): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it.each([
    ["UTF-8", Buffer.from("Configuration X {}", "utf8")],
    ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Configuration X {}", "utf8")])],
    ["UTF-16 LE (Windows PowerShell ISE)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Configuration X {}", "utf16le")])],
    ["UTF-16 BE", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("Configuration X {}", "utf16le").swap16()])],
    ["UTF-16 LE cut in the middle of a character", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Configuration X {}", "utf16le"), Buffer.from([0x41])])],
  ])("decodes %s", async (label, bytes) => {
    expect(await readTextFile(write(`${label}.ps1`, bytes), 1024)).toBe("Configuration X {}");
  });

  it.each([
    ["binary content", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), 1024, /binary content, not a text file/],
    ["a file above the limit", Buffer.alloc(2048, 0x20), 1024, /2 KB is above the 1 KB limit/],
  ])("refuses %s, naming the file", async (label, bytes, limit, problem) => {
    const path = write(`${label}.json`, bytes);
    await expect(readTextFile(path, limit)).rejects.toThrow(problem);
    await expect(readTextFile(path, limit)).rejects.toThrow(path);
  });

  it("refuses a folder", async () => {
    await expect(readTextFile(dir, 1024)).rejects.toThrow(/is a directory|not a regular file/);
  });
});

describe("failingFindings", () => {
  const findings = [
    { id: "critical-mandatory", severity: "critical", level: "mandatory" },
    { id: "high-mandatory", severity: "high", level: "mandatory" },
    { id: "medium-mandatory", severity: "medium", level: "mandatory" },
    { id: "critical-advisory (waived or advisory policy)", severity: "critical", level: "advisory" },
    { id: "low-mandatory", severity: "low", level: "mandatory" },
  ] as const;

  it.each([
    ["critical", ["critical-mandatory"]],
    ["high", ["critical-mandatory", "high-mandatory"]],
    ["medium", ["critical-mandatory", "high-mandatory", "medium-mandatory"]],
    ["low", ["critical-mandatory", "high-mandatory", "medium-mandatory", "low-mandatory"]],
    ["none", []],
  ] as const)("--fail-on %s counts mandatory findings at or above it", (failOn: FailOn, ids) => {
    expect(failingFindings(findings, failOn).map((f) => f.id)).toEqual(ids);
  });

  it("fails by default exactly where the pack blocks: every mandatory finding", () => {
    expect(failingFindings(findings, DEFAULT_FAIL_ON)).toEqual(findings.filter((f) => f.level === "mandatory"));
  });
});

describe("progressFor", () => {
  const io = (over: Partial<CliIo>): { io: CliIo; drawn: () => string } => {
    // cli-progress draws only on a terminal stream: make the test stream look like one.
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = "";
    stream.on("data", (d: Buffer) => (drawn += d.toString()));
    return { io: { stdout: () => undefined, stderr: () => undefined, stdoutIsTTY: true, stderrIsTTY: true, env: {}, progressStream: stream, ...over }, drawn: () => drawn };
  };

  it.each([
    ["a terminal, not CI, a long scan", {}, PROGRESS_MIN_FILES, true],
    ["CI set", { env: { CI: "true" } }, PROGRESS_MIN_FILES, false],
    ["stderr redirected", { stderrIsTTY: false }, PROGRESS_MIN_FILES, false],
    ["a short scan", {}, PROGRESS_MIN_FILES - 1, false],
  ])("draws a bar only for %s", (_label, over, files, shown) => {
    const t = io(over);
    const progress = progressFor(t.io, files);
    progress.start(files);
    progress.advance("a.ps1");
    progress.stop();
    expect(t.drawn().includes(`1/${files} files`)).toBe(shown);
  });
});

describe("planOutputs", () => {
  const dir = tempDir();
  it.each([
    ["no format, no output: only the summary", [], undefined, []],
    ["one format to stdout", ["sarif"], undefined, [{ format: "sarif" }]],
    ["one format to a file", ["junit"], join(dir, "results.xml"), [{ format: "junit", file: join(dir, "results.xml") }]],
    ["one format into an existing folder", ["json"], dir, [{ format: "json", file: join(dir, "mailflow-tls-guard.json") }]],
    ["the audit set into a folder", [], join(dir, "reports"), ["html", "markdown", "json"].map((format) => ({ format, file: join(dir, "reports", `mailflow-tls-guard.${format === "markdown" ? "md" : format}`) }))],
  ] as const)("%s", (_label, formats, output, planned) => {
    expect(planOutputs(formats, output)).toEqual(planned);
  });
});

describe("configurePolicies", () => {
  it("lets --as-of win over the file's asOf, and reports the date every policy uses", () => {
    const file = { "windows-server-supported": { asOf: "2025-01-01" }, all: "advisory" };
    expect(configurePolicies(RULES, file, { today: "2026-01-01" }).evaluatedOn).toBe("2026-01-01"); // the policies disagree
    const forced = configurePolicies(RULES, file, { asOf: "2026-06-15", today: "2026-01-01" });
    expect(forced.evaluatedOn).toBe("2026-06-15");
    expect(forced.configured.every((c) => c.config.asOf === "2026-06-15" && c.level === "advisory")).toBe(true);
  });
});
