import { describe, expect, it } from "vitest";
import { dotnetStrongCrypto as rule } from "../../src/rules/policies/dotnet-strong-crypto.js";
import { BASELINE, CANARY, DOTNET_V2, DOTNET_V2_WOW, DOTNET_V4, DOTNET_V4_WOW, change, dotnet, protocol, runCommand, script, without } from "../fixtures/rules/estate.js";
import { outcomes, secret, validateResource, type TestResource } from "../support/sdk.js";

const pass = runCommand("tls-baseline", script(BASELINE));
const withScript = (text: unknown): TestResource => ({ ...pass, props: { ...pass.props, source: { script: text } } });

describe("dotnet-strong-crypto", () => {
  it.each<[string, TestResource, Record<string, unknown>, string[]]>([
    ["pass: v4.0.30319 in both hives", pass, {}, []],
    ["pass: includeV2 with v2.0.50727 declared too", withScript(script([...BASELINE, ...dotnet(DOTNET_V2, DOTNET_V2_WOW)])), { includeV2: true }, []],
    ["pass: the carrier does not declare the TLS baseline", withScript("New-Item -Path 'HKLM:\\SOFTWARE\\Contoso' -Force"), {}, []],
    ["fail: 32-bit SchUseStrongCrypto=0", withScript(script(change(BASELINE, DOTNET_V4_WOW, "SchUseStrongCrypto", "0"))), {}, ["DOTNET_WRONG_VALUE violation mandatory"]],
    ["fail: SchUseStrongCrypto removed", withScript(`${script(BASELINE)}\nRemove-ItemProperty -Path '${DOTNET_V4}' -Name SchUseStrongCrypto`), {}, ["DOTNET_DELETED violation mandatory"]],
    ["missing: the Wow6432Node values", withScript(script(without(BASELINE, DOTNET_V4_WOW))), {}, ["DOTNET_NOT_DECLARED violation mandatory"]],
    ["missing: a carrier with only SCHANNEL values", withScript(script(protocol("TLS 1.2", "enabled"))), {}, ["DOTNET_NOT_DECLARED violation mandatory"]],
    ["missing: v2.0.50727 when includeV2 is set", pass, { includeV2: true }, ["DOTNET_NOT_DECLARED violation mandatory"]],
    ["unknown: SystemDefaultTlsVersions from a parameter", withScript(`param($v)\n${script(change(BASELINE, DOTNET_V4, "SystemDefaultTlsVersions", "$v"))}`), {}, ["UNRESOLVED_DECLARATION indeterminate advisory"]],
  ])("%s", async (_name, resource, config, expected) => {
    expect(outcomes(await validateResource(rule, resource, { config }))).toEqual([...expected].sort());
  });

  it("never quotes secret-wrapped input", async () => {
    const reported = await validateResource(rule, withScript(secret(script(change(BASELINE, DOTNET_V4, "SchUseStrongCrypto", `'${CANARY}'`)))));
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
