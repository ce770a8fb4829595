/** GetAnalyzerInfo, as the Pulumi CLI reads it before a preview: names, metadata and config schemas. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCT_CATALOGUE, SERVER_POLICIES } from "../support/product-catalogue.js";
import { PACK_DIR, startPack, type AnalyzerInfoPlain, type PackHandle } from "../support/analyzer.js";

const CATALOGUE = PRODUCT_CATALOGUE;
const SHARED_KEYS = ["mailServers", "indeterminate", "asOf", "waivers"];

describe("GetAnalyzerInfo", () => {
  let pack: PackHandle;
  let info: AnalyzerInfoPlain;
  beforeAll(async () => {
    pack = await startPack();
    info = await pack.getAnalyzerInfo();
  });
  afterAll(async () => pack?.close());

  it("names the pack and its version from policies/package.json, and takes configuration", () => {
    const manifest = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")) as { version: string };
    expect(info.name).toBe("mailflow-tls-guard");
    expect(info.version).toBe(manifest.version);
    expect(info.supportsConfig).toBe(true);
  });

  it("serves exactly the eleven policies of the catalogue, in its order", () => {
    expect(info.policies.map((p) => p.name)).toEqual(CATALOGUE.map(([name]) => name));
  });

  it.each(CATALOGUE)("%s: %s policy, %s, %s", (name, kind, level, severity) => {
    const p = info.policies.find((x) => x.name === name);
    expect(p).toMatchObject({ policyType: kind, enforcementLevel: level, severity });
    expect(p?.description.length).toBeGreaterThan(40);
    expect(p?.remediationSteps.length).toBeGreaterThan(40);
    expect(p?.url).toMatch(/^https:\/\/\S+$/);
    expect(p?.framework?.reference).toMatch(/^MTG-/);
  });

  it.each(CATALOGUE.map(([name]) => name))("%s accepts the shared keys (and scope when it is a server policy)", (name) => {
    const schema = info.policies.find((x) => x.name === name)?.configSchema ?? {};
    for (const key of SHARED_KEYS) expect(schema, key).toHaveProperty(key);
    expect(schema).not.toHaveProperty("enforcementLevel");
    expect("scope" in schema).toBe(SERVER_POLICIES.includes(name));
    expect(schema.indeterminate).toMatchObject({ enum: ["advisory", "mandatory"], default: "advisory" });
  });

  it("prints nothing besides the port line while starting and describing itself", () => {
    expect(pack.output()).toEqual({ stdout: "", stderr: "" });
  });
});
