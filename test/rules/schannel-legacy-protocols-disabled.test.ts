import { describe, expect, it } from "vitest";
import { schannelLegacyProtocolsDisabled as rule } from "../../src/rules/policies/schannel-legacy-protocols-disabled.js";
import { BASELINE, CANARY, DOTNET_V4_WOW, HARDENED, change, protocol, runCommand, script, without } from "../fixtures/rules/estate.js";
import { outcomes, secret, validateResource, type TestResource } from "../support/sdk.js";

const pass = runCommand("tls-hardened", script(HARDENED));
const withScript = (text: unknown): TestResource => ({ ...pass, props: { ...pass.props, source: { script: text } } });
const allLegacyMissing = ["SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1"].map(() => "LEGACY_NOT_DECLARED violation advisory");

describe("schannel-legacy-protocols-disabled", () => {
  it.each<[string, TestResource, Record<string, unknown>, string[]]>([
    ["pass: all four legacy protocols disabled on both sides", pass, {}, []],
    ["pass: the carrier does not declare the TLS baseline", withScript("Set-TimeZone -Id 'UTC'"), {}, []],
    ["pass: a shorter configured list", withScript(script([...BASELINE, ...protocol("TLS 1.0", "disabled"), ...protocol("TLS 1.1", "disabled")])), { protocols: ["TLS 1.0", "TLS 1.1"] }, []],
    ["fail: TLS 1.0 explicitly enabled (one finding per value)", withScript(script([...without(without(HARDENED, "TLS 1.0\\Client"), "TLS 1.0\\Server"), ...protocol("TLS 1.0", "enabled")])), {}, Array(4).fill("LEGACY_WRONG_VALUE violation advisory") as string[]],
    ["fail: TLS 1.1 disabled while .NET 32-bit values are not 1", withScript(script(without(HARDENED, DOTNET_V4_WOW))), {}, ["LEGACY_DISABLED_DOTNET_NOT_READY violation advisory"]],
    ["missing: SSL 2.0 not declared", withScript(script(without(without(HARDENED, "SSL 2.0\\Client"), "SSL 2.0\\Server"))), {}, ["LEGACY_NOT_DECLARED violation advisory"]],
    ["missing: only TLS 1.2 declared", withScript(script(BASELINE)), {}, allLegacyMissing],
    ["missing: a configured extra protocol (TLS 1.3) not declared", pass, { protocols: ["SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.3"] }, ["LEGACY_NOT_DECLARED violation advisory"]],
    ["unknown: SSL 3.0 Server Enabled from a parameter", withScript(`param($v)\n${script(change(HARDENED, "SSL 3.0\\Server", "Enabled", "$v"))}`), {}, ["UNRESOLVED_DECLARATION indeterminate advisory"]],
  ])("%s", async (_name, resource, config, expected) => {
    expect(outcomes(await validateResource(rule, resource, { config }))).toEqual([...expected].sort());
  });

  it("at the mandatory level (as configured in --policy-pack-config) blocks", async () => {
    expect(outcomes(await validateResource(rule, withScript(script(BASELINE)), { level: "mandatory" }))).toEqual(allLegacyMissing.map((o) => o.replace("advisory", "mandatory")));
  });

  it("reports a configured protocol that does not exist as a configuration problem and checks the default list", async () => {
    const reported = await validateResource(rule, pass, { config: { protocols: ["TLS 9.9"] } });
    expect(outcomes(reported)).toEqual(["CONFIG_INVALID violation mandatory"]);
  });

  it("never quotes secret-wrapped input", async () => {
    const reported = await validateResource(rule, withScript(secret(script(change(HARDENED, "TLS 1.0\\Server", "Enabled", `'${CANARY}'`)))));
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
