import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/program.js";
import { verifyContentHash } from "../../src/remediation/index.js";
import { parseReport, type ScanReport } from "../../src/report/index.js";
import { RULES } from "../../src/rules/catalogue.js";
import { configureRules } from "../../src/rules/engine.js";

const ROOT = join(__dirname, "../..");
const MAIN = join(ROOT, "dist/src/cli/main.js");
const ESTATE = join(ROOT, "examples/estate");
const AS_OF = "2026-06-15";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mtg-cli-"));
}

/** The real process, as CI runs it (`npm test` builds dist first). */
function spawnCli(args: readonly string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true", ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** In-process, with captured streams: for the many format and option cases. */
async function inProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function report(path: string): ScanReport {
  const parsed = parseReport(JSON.parse(readFileSync(path, "utf8")));
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

const compliantScript = join(ESTATE, "dsc/MailTlsBaseline.ps1");

describe("exit codes (real process)", () => {
  it.each([
    ["the estate, default threshold", 1, ["scan", ESTATE, "--as-of", AS_OF]],
    ["the estate with --fail-on none", 0, ["scan", ESTATE, "--as-of", AS_OF, "--fail-on", "none"]],
    ["a compliant DSC configuration", 0, ["scan", compliantScript, "--as-of", AS_OF]],
    ["an unknown option", 2, ["scan", ESTATE, "--colour"]],
    ["a bad --fail-on", 2, ["scan", ESTATE, "--fail-on", "severe"]],
    ["a bad --as-of", 2, ["scan", ESTATE, "--as-of", "2026-02-30"]],
    ["scan without paths", 2, ["scan"]],
    ["no command", 2, []],
  ] as const)("%s exits %i", (_label, code, args) => {
    const r = spawnCli([...args]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("fails on a blocking finding at or above --fail-on only", () => {
    // relay01 is blocked by windows-automatic-patching (high); the guest assignment by a mandatory medium policy.
    const critical = spawnCli(["scan", join(ESTATE, "arm"), "--as-of", AS_OF, "--fail-on", "critical"]);
    const medium = spawnCli(["scan", join(ESTATE, "arm"), "--as-of", AS_OF, "--fail-on", "medium"]);
    expect([critical.code, medium.code]).toEqual([0, 1]);
    expect(medium.stdout).toMatch(/[1-9]\d* blocking findings? at or above medium/);
  });
});

describe("bad input (real process): exit 2, the file named, no stack trace", () => {
  const dir = tempDir();
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const wrongVersion = write("old-export.json", JSON.stringify({ version: 2, deployment: { resources: [] } }));
  const invalid = write("broken.json", '{ "version": 3, "deployment": { "resources": [ ');
  const binary = write("image.ps1", Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]));
  const loopDir = join(dir, "loop");
  mkdirSync(loopDir);
  symlinkSync(join(loopDir, "b.json"), join(loopDir, "a.json"));
  symlinkSync(join(loopDir, "a.json"), join(loopDir, "b.json"));
  const dirAsConfig = join(dir, "config.json");
  mkdirSync(dirAsConfig);

  it.each([
    ["a missing path", ["scan", join(dir, "nope")], join(dir, "nope"), /no such file or directory/],
    ["invalid JSON", ["scan", invalid], invalid, /invalid JSON/],
    ["a stack export of another version", ["scan", wrongVersion], wrongVersion, /version 2 is not supported/],
    ["a binary file", ["scan", binary], binary, /binary content/],
    ["a symbolic link loop", ["scan", loopDir], join(loopDir, "a.json"), /symbolic link loop/],
    ["a folder given as --config", ["scan", compliantScript, "--config", dirAsConfig], dirAsConfig, /is a directory|not a regular file/],
    ["a folder given as --baseline", ["scan", compliantScript, "--baseline", dirAsConfig], dirAsConfig, /is a directory|not a regular file/],
    ["a settings file that is missing", ["config", join(dir, "settings.yaml")], join(dir, "settings.yaml"), /no such file/],
  ])("%s", (_label, args, file, problem) => {
    const r = spawnCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("still scans the readable inputs beside an unreadable one, then exits 2", () => {
    const r = spawnCli(["scan", compliantScript, invalid, "--format", "json"]);
    expect(r.code).toBe(2);
    const parsed = parseReport(JSON.parse(r.stdout));
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.inputs.files).toEqual([compliantScript]);
    expect(parsed.inputs.errors).toEqual([{ file: invalid, message: expect.stringMatching(/invalid JSON/) as unknown }]);
  });

  it.each([
    ["a 50 MB script, above the script limit", "huge.ps1", 50, /50 MB is above the 8 MB limit/],
    ["a 70 MB JSON file, above the JSON limit", "huge.json", 70, /70 MB is above the 64 MB limit/],
  ])("refuses %s without reading it", (_label, name, megabytes, problem) => {
    const path = join(dir, name);
    const fd = openSync(path, "w");
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < megabytes; i++) writeSync(fd, chunk);
    closeSync(fd);
    const started = Date.now();
    const r = spawnCli(["scan", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(problem);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("reads a 50 MB stack export within the limit in bounded time and memory", () => {
    const path = join(dir, "big-export.json");
    const padding = "x".repeat(50 * 1024 * 1024);
    const exported = { version: 3, deployment: { resources: [{ urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::mx99", type: "azure-native:compute:VirtualMachine", outputs: { userData: padding } }] } };
    writeFileSync(path, JSON.stringify(exported));
    const r = spawnCli(["scan", path, "--as-of", AS_OF, "--fail-on", "none"], { NODE_OPTIONS: "--max-old-space-size=512" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 input read/);
  });
});

describe("report formats (in-process)", () => {
  const validate: Record<string, (text: string) => void> = {
    json: (t) => expect("error" in parseReport(JSON.parse(t))).toBe(false),
    sarif: (t) => expect(JSON.parse(t)).toMatchObject({ version: "2.1.0", runs: [{ tool: { driver: { name: "mailflow-tls-guard" } } }] }),
    junit: (t) => expect(t).toMatch(/^<\?xml[^>]*>\s*<testsuites/),
    markdown: (t) => expect(t).toMatch(/^# /m),
    html: (t) => expect(t).toMatch(/<html[\s>]/i),
    text: (t) => expect(t).toMatch(/Total: \d+ servers/),
  };

  it.each(Object.keys(validate))("writes %s to stdout, with the summary on stderr", async (format) => {
    const r = await inProcess(["scan", ESTATE, "--as-of", AS_OF, "--format", format]);
    expect(r.code).toBe(1);
    validate[format]?.(r.stdout);
    if (format !== "text") expect(r.stderr).toMatch(/blocking findings? at or above low/);
  });

  it("writes one file per format into --output, and the audit set without --format", async () => {
    const dir = tempDir();
    const several = await inProcess(["scan", ESTATE, "--as-of", AS_OF, "-f", "sarif", "-f", "junit", "--output", join(dir, "ci")]);
    expect(several.stdout).toMatch(/report: .*mailflow-tls-guard\.sarif\nreport: .*mailflow-tls-guard\.junit\.xml/);
    validate.sarif?.(readFileSync(join(dir, "ci/mailflow-tls-guard.sarif"), "utf8"));
    validate.junit?.(readFileSync(join(dir, "ci/mailflow-tls-guard.junit.xml"), "utf8"));
    await inProcess(["scan", ESTATE, "--as-of", AS_OF, "--output", join(dir, "audit")]);
    for (const [format, file] of [["html", "mailflow-tls-guard.html"], ["markdown", "mailflow-tls-guard.md"], ["json", "mailflow-tls-guard.json"]] as const) {
      validate[format]?.(readFileSync(join(dir, "audit", file), "utf8"));
    }
    const single = await inProcess(["scan", compliantScript, "-f", "json", "-o", join(dir, "one.json")]);
    expect(report(join(dir, "one.json")).inputs.files).toEqual([compliantScript]);
    expect(single.code).toBe(0);
  });

  it("refuses several formats without --output", async () => {
    const r = await inProcess(["scan", ESTATE, "-f", "json", "-f", "sarif"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/several formats \(json, sarif\) need --output/);
  });

  it("reports the estate's servers, with file and line, the tag waiver and the event log joined", async () => {
    const dir = tempDir();
    await inProcess(["scan", ESTATE, "--config", join(ESTATE, "policy-pack-config.json"), "-f", "json", "-o", join(dir, "r.json")]);
    const r = report(join(dir, "r.json"));
    expect(r.asOf).toBe(AS_OF); // from the config file
    const status = Object.fromEntries(r.targets.map((t) => [t.name, t.status]));
    expect(status).toMatchObject({ mx01: "compliant", mx02: "violation", mx05: "violation", mx06: "violation", mx07: "waived", "MailTlsBaseline.ps1": "compliant" });
    // mx03's run command half-disables TLS 1.0: the finding is the carrier's, filed under the server it configures.
    expect(status.mx03).toBe("violation");
    expect(r.targets.map((t) => t.name)).not.toContain("mx03-tls-hardening");
    expect(r.findings.filter((f) => f.target === "mx03-tls-hardening").every((f) => f.servers?.some((s) => s.name === "mx03"))).toBe(true);
    const policiesOf = (target: string): string[] => [...new Set(r.findings.filter((f) => f.target === target).map((f) => f.policy))].sort();
    expect(policiesOf("mx02")).toEqual(["mail-server-tls-baseline"]);
    expect(policiesOf("mx05")).toEqual(["exchange-build-supported"]);
    expect(policiesOf("mx06")).toEqual(["windows-automatic-patching"]);
    expect(r.findings.find((f) => f.target === "mx07")?.waiver).toMatchObject({ status: "active", source: "tag", expires: "2026-10-31" });
    expect(r.findings.find((f) => f.target === "relay01" && f.policy === "windows-server-supported")?.waiver).toMatchObject({ status: "active", source: "config" });
    const fromEvents = r.findings.filter((f) => f.urn?.endsWith("::mx08-tls"));
    expect(fromEvents.length).toBeGreaterThan(0);
    expect(fromEvents.every((f) => f.file === join(ESTATE, "events/preview.ndjson") && (f.line ?? 0) > 1)).toBe(true);
    const halfDisabled = r.findings.find((f) => f.target === "Set-Tls11Transition.ps1" && f.policy === "schannel-protocols-consistent");
    expect(halfDisabled).toMatchObject({ file: join(ESTATE, "dsc/Set-Tls11Transition.ps1") });
    const line = readFileSync(join(ESTATE, "dsc/Set-Tls11Transition.ps1"), "utf8").split("\n")[(halfDisabled?.line ?? 0) - 1];
    expect(line).toMatch(/TLS 1\.1\\Server/);
  });
});

describe("--baseline", () => {
  it("reports and fails on new findings only", async () => {
    const dir = tempDir();
    const previous = join(dir, "previous.json");
    await inProcess(["scan", join(ESTATE, "stack-export.json"), "--as-of", AS_OF, "-f", "json", "-o", previous]);
    const same = await inProcess(["scan", join(ESTATE, "stack-export.json"), "--as-of", AS_OF, "--baseline", previous, "-f", "json"]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ findings: [] });

    const full = report(previous);
    const dropped = full.findings.find((f) => f.level === "mandatory");
    if (!dropped) throw new Error("the estate has no blocking finding");
    writeFileSync(previous, JSON.stringify({ ...full, findings: full.findings.filter((f) => f !== dropped) }));
    const one = spawnCli(["scan", join(ESTATE, "stack-export.json"), "--as-of", AS_OF, "--baseline", previous, "-f", "json"]);
    expect(one.code).toBe(1);
    const fresh = JSON.parse(one.stdout) as ScanReport;
    expect(fresh.findings.map((f) => [f.target, f.policy, f.code])).toEqual([[dropped.target, dropped.policy, dropped.code]]);
    expect(fresh.summary.unchanged).toBe(full.findings.length - 1);
  });

  it("rejects a baseline that is not a report", async () => {
    const r = await inProcess(["scan", compliantScript, "--baseline", join(ESTATE, "policy-pack-config.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--baseline .*policy-pack-config\.json: not a mailflow-tls-guard JSON report/);
  });
});

describe("--config", () => {
  it.each([
    [{ "schannel-tls12-enabled": { asOf: "tomorrow" } }, /schannel-tls12-enabled: asOf must match/],
    [{ "windows-server-supported": { mailServer: {} } }, /windows-server-supported: .*mailServer/],
  ])("rejects a configuration the pack would reject, naming the policy and key", async (config, message) => {
    const path = join(tempDir(), "policy.json");
    writeFileSync(path, JSON.stringify(config));
    const r = await inProcess(["scan", compliantScript, "--config", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("applies levels: a disabled policy reports nothing", async () => {
    const path = join(tempDir(), "policy.json");
    writeFileSync(path, JSON.stringify({ all: "disabled" }));
    const r = await inProcess(["scan", ESTATE, "--config", path, "-f", "json"]);
    expect((JSON.parse(r.stdout) as ScanReport).findings.every((f) => f.urn?.includes("mx08"))).toBe(true); // only the event log's, which the pack already decided
  });
});

describe("config command", () => {
  const settingsFile = join(ESTATE, "settings.yaml");

  it("writes a complete policy-pack-config from the estate settings, which the engine accepts as is", async () => {
    const r = await inProcess(["config", settingsFile]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(doc).sort()).toEqual(RULES.map((x) => x.name).sort());
    for (const rule of RULES) {
      const entry = doc[rule.name];
      expect(entry).toMatchObject({ indeterminate: "mandatory", asOf: "2026-06-15", mailServers: { namePatterns: ["mx*", "edge*", "relay*"] } });
      expect(entry?.waivers).toHaveLength(1);
    }
    expect(doc["schannel-legacy-protocols-disabled"]?.enforcementLevel).toBe("mandatory"); // advisory by default, raised by the settings
    expect(doc["tls13-exchange-compatible"]?.enforcementLevel).toBe("advisory");
    expect(doc["schannel-tls12-enabled"]?.enforcementLevel).toBe("mandatory");
    expect(configureRules(RULES, doc, AS_OF).flatMap((c) => c.problems)).toEqual([]);
    expect(readFileSync(join(ESTATE, "policy-pack-config.json"), "utf8")).toBe(r.stdout); // the bundled file is this output
  });

  it("writes scope only for the server policies, and own keys only for their policy", async () => {
    const withOwnKey = RULES.find((x) => Object.keys(x.ownConfig).length > 0);
    if (!withOwnKey) throw new Error("no policy with own keys");
    const [ownKey] = Object.keys(withOwnKey.ownConfig);
    const ownValue = (withOwnKey.ownConfig[ownKey ?? ""] as { default?: unknown }).default;
    const path = join(tempDir(), "settings.json");
    writeFileSync(path, JSON.stringify({ scope: "all-windows", policies: { [withOwnKey.name]: { [ownKey ?? ""]: ownValue } } }));
    const doc = JSON.parse((await inProcess(["config", path])).stdout) as Record<string, Record<string, unknown>>;
    for (const rule of RULES) {
      expect(doc[rule.name]?.scope).toBe(rule.serverScoped ? "all-windows" : undefined);
      expect(ownKey !== undefined && ownKey in (doc[rule.name] ?? {})).toBe(rule.name === withOwnKey.name);
      expect(doc[rule.name]?.enforcementLevel).toBe(rule.enforcementLevel);
    }
  });

  it.each([
    ["levels:\n  schannel-tls12-enabeld: mandatory\n", /levels\.schannel-tls12-enabeld: not a policy/],
    ["levels:\n  all: blocking\n", /levels\.all: must be one of advisory, mandatory, remediate, disabled/],
    ["asOf: 15/06/2026\n", /asOf: must match pattern/],
    ["indeterminate: sometimes\n", /indeterminate: must be equal to one of the allowed values/],
    ["mailserver:\n  tagKeys: [role]\n", /mailserver: unknown setting/],
    ["policies:\n  dotnet-strong-crypto:\n    colour: red\n", /policies\.dotnet-strong-crypto\.colour: not a key of dotnet-strong-crypto/],
    ["waivers: [{policy: x}]\n", /waivers/],
    ["levels: [a, b]\n", /levels: must map policy names to levels/],
    ["- just\n- a list\n", /must be a mapping/],
    ["levels:\n  - bad: [\n", /invalid YAML at line \d+, column \d+/],
  ])("rejects bad settings, naming the key: %j", async (yaml, message) => {
    const path = join(tempDir(), "settings.yaml");
    writeFileSync(path, yaml);
    const r = await inProcess(["config", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("render command", () => {
  it.each([
    ["script", [], /New-ItemProperty|Set-ItemProperty/],
    ["dsc", [], /Configuration \w+/],
    ["script", ["--disable-legacy", "--tls13", "disable", "--restart", "ifRequired"], /TLS 1\.3/],
  ])("prints the %s artefact with a verifiable hash", async (artefact, flags, content) => {
    const r = await inProcess(["render", artefact, ...flags]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(content);
    expect(verifyContentHash(r.stdout)).toMatchObject({ ok: true });
  });

  it("passes the flags through: --disable-legacy writes the legacy protocols", async () => {
    const plain = await inProcess(["render", "script"]);
    const legacy = await inProcess(["render", "script", "--disable-legacy"]);
    expect(plain.stdout).not.toMatch(/SSL 3\.0/);
    expect(legacy.stdout).toMatch(/SSL 3\.0/);
  });

  it.each([
    [["render", "msi"]],
    [["render", "script", "--tls13", "enable"]],
    [["render", "dsc", "--restart", "always"]],
  ])("rejects %j with exit 2", async (args) => {
    expect((await inProcess(args)).code).toBe(2);
  });
});
