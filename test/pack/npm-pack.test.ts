/**
 * What `pulumi policy publish` ships is `npm pack` of policies/: the tarball must carry the compiled
 * pack and core, and run with nothing from outside it but its declared dependencies.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FULL_BASELINE } from "../../examples/fleet/scripts.js";
import { POLICY_NAMES } from "../../src/rules/types.js";
import { assertPackBuilt, outcomeLines, PACK_DIR, REPO_ROOT, startPack, type PackHandle } from "../support/analyzer.js";
import { baselineRunCommand } from "../support/resources.js";

/** Relative module specifiers of a compiled CommonJS file. */
function relativeRequires(source: string): string[] {
  return [...source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => m[1] ?? "");
}

describe("npm pack of policies/", () => {
  let work: string;
  let unpacked: string;
  let files: string[];
  let pack: PackHandle;

  beforeAll(async () => {
    assertPackBuilt();
    work = mkdtempSync(join(tmpdir(), "mailflow-pack-"));
    const npm = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: PACK_DIR, encoding: "utf8" });
    if (npm.status !== 0) throw new Error(`npm pack failed: ${npm.stderr}`);
    const [result] = JSON.parse(npm.stdout) as { filename: string; files: { path: string }[] }[];
    if (!result) throw new Error("npm pack reported no tarball");
    files = result.files.map((f) => f.path);
    const tar = spawnSync("tar", ["-xzf", join(work, result.filename), "-C", work], { encoding: "utf8" });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    unpacked = join(work, "package");
    // Dependencies come from an install, as `pulumi policy publish` consumers do; here the repo's.
    symlinkSync(join(REPO_ROOT, "node_modules"), join(unpacked, "node_modules"), "dir");
    pack = await startPack({ packDir: unpacked, runner: join(unpacked, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack") });
  });
  afterAll(async () => {
    await pack?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("carries the pack manifest, the compiled entry and the compiled core, and no sources", () => {
    expect(files).toEqual(expect.arrayContaining(["PulumiPolicy.yaml", "package.json", "bin/policies/index.js", "bin/policies/adapter.js", "bin/src/rules/catalogue.js", "bin/src/baseline/index.js"]));
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as { main: string };
    expect(files).toContain(manifest.main);
  });

  it("requires no relative module outside the packed folder", () => {
    const escapes: string[] = [];
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const at = join(unpacked, file);
      for (const spec of relativeRequires(readFileSync(at, "utf8"))) {
        const target = resolve(dirname(at), spec);
        const inside = !relative(unpacked, target).startsWith("..");
        if (!inside || !(existsSync(target) || existsSync(`${target}.js`) || existsSync(join(target, "index.js")))) escapes.push(`${file} -> ${spec}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it("starts from the unpacked tarball and serves every policy", async () => {
    expect((await pack.getAnalyzerInfo()).policies.map((p) => p.name)).toEqual([...POLICY_NAMES]);
  });

  it("evaluates scripts from the unpacked tarball (the PowerShell parser included)", async () => {
    const carrier = baselineRunCommand("rc", "mbx", { ...FULL_BASELINE, protocols: { ...FULL_BASELINE.protocols, "TLS 1.0": "half-disabled" } });
    const { diagnostics } = await pack.analyze(carrier);
    expect(outcomeLines(diagnostics, [carrier])).toEqual(["schannel-legacy-protocols-disabled | rc | advisory", "schannel-protocols-consistent | rc | mandatory"]);
  });
});
