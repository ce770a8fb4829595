import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/analyzer.js";

describe("docs/policies", () => {
  it("is what scripts/gen-docs.mjs generates from the compiled catalogue", () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "gen-docs.mjs"), "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
