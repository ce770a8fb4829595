import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/rules/catalogue.js";
import { configureRules, runResourceRule, runStackRule } from "../../src/rules/engine.js";
import { type ResourceInput } from "../../src/rules/types.js";
import { UNKNOWN } from "../../src/values.js";
import { BASELINE, CANARY, customScript, dscConfiguration, dscScript, guestAssignment, linuxVm, mailVm, mailVmss, protocol, runCommand, script, withProp } from "../fixtures/rules/estate.js";
import { urnOf } from "../support/sdk.js";

const configured = configureRules(RULES, {}, "2026-06-01");

/** Compliant and non-compliant resources of every kind, to start each mutation from. */
const BASES = [
  mailVm(),
  linuxVm(),
  mailVmss("edge", [{ name: "tls", properties: { publisher: "Microsoft.Compute", type: "CustomScriptExtension", settings: { commandToExecute: "powershell -Command Get-Date" } } }]),
  runCommand("rc", script(BASELINE)),
  runCommand("rc-off", script(protocol("TLS 1.2", "disabled"))),
  customScript("cse", { commandToExecute: `powershell -Command "${script(BASELINE).replace(/\n/g, "; ")}"` }),
  dscConfiguration("dsc", dscScript("mx1", BASELINE)),
  guestAssignment("gc", "SetSecureProtocol", [{ name: "MinimumServerTLSVersion", value: "1.1" }]),
];

/** The places the readers look at. */
const PATHS = [
  "tags",
  "tags.role",
  "tags.exchange-build",
  "vmName",
  "source",
  "source.script",
  "source.scriptUri",
  "source.value",
  "settings",
  "settings.commandToExecute",
  "settings.fileUris",
  "protectedSettings",
  "parameters",
  "osProfile",
  "osProfile.windowsConfiguration",
  "osProfile.windowsConfiguration.patchSettings.patchMode",
  "storageProfile.imageReference.sku",
  "virtualMachineProfile.extensionProfile.extensions",
  "properties.guestConfiguration.name",
  "properties.guestConfiguration.configurationParameter",
];

/**
 * Anything: wrong types, nulls, preview unknowns, and the canary in strings and script values.
 * Registry paths and value names are vocabulary that messages may quote (PRODUCT.md), so the
 * canary is not planted there.
 */
const leaf = fc.oneof(
  fc.constant(CANARY),
  fc.constant(UNKNOWN),
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant(`New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name Enabled -Value '${CANARY}' -PropertyType DWord # ${CANARY}`),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("name", "value", "script", "type", "settings", CANARY), tie("value"), { maxKeys: 3 })),
}));
const resource = fc.tuple(fc.constantFrom(...BASES), fc.array(fc.tuple(fc.constantFrom(...PATHS), value), { minLength: 1, maxLength: 3 })).map(([base, mutations]): ResourceInput => {
  const r = mutations.reduce((acc, [path, v]) => withProp(acc, path, v), base);
  return { type: r.type, name: r.name, urn: urnOf(r.type, r.name), props: r.props, options: {} };
});

describe("every policy on malformed input", () => {
  it("never throws and never echoes an input string", async () => {
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(resource, { minLength: 1, maxLength: 4 }), async (resources) => {
        for (const c of configured) {
          const diagnostics = c.rule.kind === "stack" ? await runStackRule(c, resources) : (await Promise.all(resources.map((r) => runResourceRule(c, r)))).flat();
          reported += diagnostics.length;
          for (const d of diagnostics) expect(d.message).not.toContain(CANARY);
        }
      }),
      { numRuns: 100 },
    );
    // The property is only worth something if the input reached the evaluators.
    expect(reported).toBeGreaterThan(200);
  });
});
