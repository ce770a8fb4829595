/**
 * Property-based robustness of every policy: resources of every kind the pack reads, damaged at
 * random depths, through the engine (`src/rules/engine.ts`) and through the SDK's own analyze
 * handlers (`test/support/sdk.ts`). No policy throws, no message echoes a secret or a
 * secret-looking value, and every diagnostic is a violation or an indeterminate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyResource } from "../../src/azure/classify.js";
import { RULES } from "../../src/rules/catalogue.js";
import { configureRules, runResourceRule, runStackRule } from "../../src/rules/engine.js";
import { type ResourceInput } from "../../src/rules/types.js";
import { analyzeStackWithSdk, analyzeWithSdk, urnOf } from "../support/sdk.js";
import { ALL_KINDS, CANARY, type GeneratedResource, resourceArb, stackArb, TOKEN_OF_KIND } from "./shapes.js";

const TODAY = "2026-06-01";
/** Every policy on, indeterminate outcomes reported at the mandatory level so none is dropped. */
const CONFIGURED = configureRules(RULES, Object.fromEntries(RULES.map((r) => [r.name, { enforcementLevel: "mandatory", indeterminate: "mandatory", scope: "all-windows" }])), TODAY);
const RESOURCE_RULES = CONFIGURED.filter((c) => c.rule.kind === "resource");
const STACK_RULES = CONFIGURED.filter((c) => c.rule.kind === "stack");

/** Enough cases to reach every kind many times, few enough for a 2-core CI run. */
const RUNS = { resource: 600, stack: 150, sdkResource: 300, sdkStack: 80 };

/** What a property run met: a run that saw no diagnostic or no canary proves nothing. */
interface Seen {
  diagnostics: number;
  indeterminate: number;
  canaryInputs: number;
}
const hasCanary = (value: unknown): boolean => JSON.stringify(value).includes(CANARY);

function expectCoverage(seen: Seen): void {
  expect(seen.diagnostics, "diagnostics met").toBeGreaterThan(0);
  expect(seen.indeterminate, "indeterminate outcomes met").toBeGreaterThan(0);
  expect(seen.canaryInputs, "inputs carrying a canary").toBeGreaterThan(0);
}

function input(r: GeneratedResource): ResourceInput {
  return { type: r.type, name: r.name, urn: urnOf(r.type, r.name), props: r.props, options: {} };
}

describe("the generated resources", () => {
  it.each(ALL_KINDS.map((kind) => [kind, TOKEN_OF_KIND[kind]]))("%s is what the adapters classify %s as", (kind, token) => {
    expect(classifyResource(token)).toBe(kind);
  });

  it("every rule applies to at least one generated kind", () => {
    const applicable = RULES.filter((r) => r.kind === "stack" || ALL_KINDS.some((k) => r.appliesTo(TOKEN_OF_KIND[k])));
    expect(applicable.map((r) => r.name)).toEqual(RULES.map((r) => r.name));
  });
});

describe("policies through the engine on damaged resources", () => {
  it("resource policies never throw, never echo a canary, and report only violations or indeterminates", async () => {
    const seen: Seen = { diagnostics: 0, indeterminate: 0, canaryInputs: 0 };
    await fc.assert(
      fc.asyncProperty(resourceArb(false), async (r) => {
        if (hasCanary(r.props)) seen.canaryInputs++;
        for (const c of RESOURCE_RULES) {
          for (const d of await runResourceRule(c, input(r))) {
            expect(d.message).not.toContain(CANARY);
            expect(["violation", "indeterminate"]).toContain(d.outcome);
            seen.diagnostics++;
            if (d.outcome === "indeterminate") seen.indeterminate++;
          }
        }
      }),
      { numRuns: RUNS.resource },
    );
    expectCoverage(seen);
  });

  it("stack policies never throw, never echo a canary, and report only violations or indeterminates", async () => {
    const seen: Seen = { diagnostics: 0, indeterminate: 0, canaryInputs: 0 };
    await fc.assert(
      fc.asyncProperty(stackArb(false), async (rs) => {
        if (hasCanary(rs)) seen.canaryInputs++;
        for (const c of STACK_RULES) {
          for (const d of await runStackRule(c, rs.map(input))) {
            expect(d.message).not.toContain(CANARY);
            expect(["violation", "indeterminate"]).toContain(d.outcome);
            seen.diagnostics++;
            if (d.outcome === "indeterminate") seen.indeterminate++;
          }
        }
      }),
      { numRuns: RUNS.stack },
    );
    expectCoverage(seen);
  });
});

/** A diagnostic message as the pack reports it: a message code first (`[CODE] ...`), then the text. */
const CODED = /^(?:[^\n]*\n)?\[[A-Z0-9_]+\] /;

describe("policies through the SDK's analyze handlers, secrets sent as the engine sends them", () => {
  it("Analyze never fails and never echoes a canary, secret or not", async () => {
    const seen: Seen = { diagnostics: 0, indeterminate: 0, canaryInputs: 0 };
    await fc.assert(
      fc.asyncProperty(resourceArb(true), async (r) => {
        if (hasCanary(r.props)) seen.canaryInputs++;
        for (const d of await analyzeWithSdk(RULES, r)) {
          expect(d.message).not.toContain(CANARY);
          expect(d.message).toMatch(CODED);
          expect(["advisory", "mandatory"]).toContain(d.level);
          seen.diagnostics++;
          if (/\] Indeterminate: /.test(d.message)) seen.indeterminate++;
        }
      }),
      { numRuns: RUNS.sdkResource },
    );
    expectCoverage(seen);
  });

  it("AnalyzeStack never fails and never echoes a canary, secret or not", async () => {
    const seen: Seen = { diagnostics: 0, indeterminate: 0, canaryInputs: 0 };
    await fc.assert(
      fc.asyncProperty(stackArb(true), async (rs) => {
        if (hasCanary(rs)) seen.canaryInputs++;
        for (const d of await analyzeStackWithSdk(RULES, rs)) {
          expect(d.message).not.toContain(CANARY);
          expect(d.message).toMatch(CODED);
          seen.diagnostics++;
          if (/\] Indeterminate: /.test(d.message)) seen.indeterminate++;
        }
      }),
      { numRuns: RUNS.sdkStack },
    );
    expectCoverage(seen);
  });
});
