import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROLS, SOURCES } from "../../src/baseline/index.js";
import { RULES } from "../../src/rules/catalogue.js";
import { configSchemaOf } from "../../src/rules/config.js";
import { configureRules } from "../../src/rules/engine.js";
import { POLICY_NAMES, STACK_POLICY_NAMES, type Rule } from "../../src/rules/types.js";
import { toPolicy } from "../../policies/adapter.js";
import { BASELINE, change, runCommand, script, withProp } from "../fixtures/rules/estate.js";
import { analyzeWithSdk } from "../support/sdk.js";
import { PRODUCT_CATALOGUE, SERVER_POLICIES } from "../support/product-catalogue.js";

const ROOT = path.resolve(__dirname, "../..");

const PRODUCT_TABLE = PRODUCT_CATALOGUE;

describe("policy catalogue", () => {
  it("holds every policy of PRODUCT.md exactly once, in its order, with its kind, level and severity", () => {
    expect(RULES.map((r) => [r.name, r.kind, r.enforcementLevel, r.severity])).toEqual(PRODUCT_TABLE.map((row) => [...row]));
    expect(RULES.map((r) => r.name)).toEqual([...POLICY_NAMES]);
    expect(RULES.filter((r) => r.kind === "stack").map((r) => r.name)).toEqual([...STACK_POLICY_NAMES]);
  });

  it("has one file per policy, named after it, exporting that policy", async () => {
    const dir = path.join(ROOT, "src/rules/policies");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();
    expect(files).toEqual([...POLICY_NAMES].sort());
    for (const file of files) {
      const module = (await import(path.join(dir, `${file}.ts`))) as Record<string, unknown>;
      const exported = Object.values(module);
      const rules = RULES.filter((r) => exported.includes(r));
      expect(rules.map((r) => r.name), file).toEqual([file]);
    }
  });

  it.each(RULES.map((r) => [r.name, r] as const))("%s: has a test file, controls, a learn.microsoft.com source, remediation steps", (name, rule) => {
    expect(existsSync(path.join(ROOT, "test/rules", `${name}.test.ts`))).toBe(true);
    expect(rule.controls.length).toBeGreaterThan(0);
    for (const c of rule.controls) expect(CONTROLS.map((x) => x.id)).toContain(c);
    expect(Object.values(SOURCES).map((s) => s.url)).toContain(rule.url);
    expect(rule.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.remediationSteps.split("\n").length).toBeGreaterThan(1);
    expect(rule.serverScoped === true).toBe(SERVER_POLICIES.includes(name));
  });

  it("accepts an empty configuration and fills every own key's default", () => {
    const configured = configureRules(RULES, {}, "2026-06-01");
    expect(configured.flatMap((c) => c.problems)).toEqual([]);
    for (const c of configured) {
      expect(Object.keys(c.config.own).sort(), c.rule.name).toEqual(Object.keys(c.rule.ownConfig).sort());
      for (const schema of Object.values(c.rule.ownConfig)) expect(schema.description, c.rule.name).toEqual(expect.any(String));
    }
  });

  it("builds a CrossGuard policy per rule, with the shared keys in its configSchema", () => {
    for (const rule of RULES) {
      const policy = toPolicy(rule);
      expect(policy.name).toBe(rule.name);
      expect(Object.keys(policy.configSchema?.properties ?? {})).toEqual(Object.keys(configSchemaOf(rule)));
      expect(Object.keys(policy.configSchema?.properties ?? {})).toEqual(expect.arrayContaining(["mailServers", "indeterminate", "asOf", "waivers"]));
    }
  });
});

describe("the object form of reportViolation, through the SDK's analyze handler", () => {
  const failing = runCommand("tls", script(change(BASELINE, "TLS 1.2\\Server", "Enabled", "0")));
  const tls12 = RULES.find((r) => r.name === "schannel-tls12-enabled") as Rule;

  it("a violation of a mandatory policy stays mandatory", async () => {
    expect((await analyzeWithSdk([tls12], failing)).map((d) => d.level)).toEqual(["mandatory"]);
  });

  it("a waived violation of a mandatory policy ends up advisory, with our message (fails if the SDK stops honouring the object form)", async () => {
    const waived = withProp(failing, "tags", { "mailflow-tls-guard-waiver": "policy=schannel-tls12-enabled;reason=rollout;approver=ciso;expires=2099-12-31" });
    const [d, ...rest] = await analyzeWithSdk([tls12], waived);
    expect(rest).toEqual([]);
    expect(d?.level).toBe("advisory");
    expect(d?.urn).toBe(failing.urn);
    expect(d?.message).toMatch(/^\[TLS12_WRONG_VALUE\] .*Waived until 2099-12-31 \(approved by ciso\): rollout$/s);
  });

  it("an indeterminate finding of a mandatory policy ends up at the indeterminate level (advisory)", async () => {
    const open = withProp(failing, "source", { scriptUri: "https://example.invalid/tls.ps1" });
    expect((await analyzeWithSdk([tls12], open)).map((d) => [d.level, d.message.slice(0, 22)])).toEqual([["advisory", "[CONTENT_ONLY_AT_URL] "]]);
  });
});
