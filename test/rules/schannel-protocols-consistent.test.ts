import { describe, expect, it } from "vitest";
import { schannelProtocolsConsistent as rule } from "../../src/rules/policies/schannel-protocols-consistent.js";
import { BASELINE, CANARY, DOTNET_V4, DOTNET_V4_WOW, HARDENED, change, dotnet, dscConfiguration, dscScript, runCommand, script } from "../fixtures/rules/estate.js";
import { outcomes, secret, unknown, validateResource, type TestResource } from "../support/sdk.js";

const pass = runCommand("tls-hardened", script(HARDENED));
const withScript = (text: unknown): TestResource => ({ ...pass, props: { ...pass.props, source: { script: text } } });

describe("schannel-protocols-consistent", () => {
  it.each<[string, TestResource, string[]]>([
    ["pass: TLS 1.2 enabled, legacy protocols disabled, both sides", pass, []],
    ["pass: only TLS 1.2 declared", withScript(script(BASELINE)), []],
    ["pass: no protocol touched (.NET only)", withScript(script(dotnet(DOTNET_V4, DOTNET_V4_WOW))), []],
    ["pass: Enabled=0xFFFFFFFF is a defined value", withScript(script(change(change(HARDENED, "TLS 1.2\\Server", "Enabled", "0xFFFFFFFF"), "TLS 1.2\\Client", "Enabled", "0xFFFFFFFF"))), []],
    ["fail: TLS 1.0 Client enabled, Server disabled", withScript(script(change(change(HARDENED, "TLS 1.0\\Client", "Enabled", "1"), "TLS 1.0\\Client", "DisabledByDefault", "0"))), ["PROTOCOL_MISCONFIGURED violation mandatory"]],
    ["fail: TLS 1.1 half disabled on both sides", withScript(script(change(change(HARDENED, "TLS 1.1\\Client", "DisabledByDefault", "0"), "TLS 1.1\\Server", "DisabledByDefault", "0"))), ["PROTOCOL_HALF_DISABLED violation mandatory"]],
    ["fail: Enabled=2 has no defined meaning", withScript(script(change(HARDENED, "TLS 1.2\\Server", "Enabled", "2"))), ["PROTOCOL_VALUE_UNDEFINED violation mandatory"]],
    ["fail: a misspelt value name SCHANNEL never reads", withScript(`${script(BASELINE)}\nNew-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name Enable -Value 1 -PropertyType DWord`), ["PROTOCOL_ENTRY_UNRECOGNISED violation mandatory"]],
    ["fail: the DSC Registry form is read the same way", dscConfiguration("dsc-tls", dscScript("mx1", change(HARDENED, "TLS 1.0\\Server", "Enabled", "1"))), ["PROTOCOL_MISCONFIGURED violation mandatory"]],
    ["unknown: the DSC configuration content is a preview unknown", dscConfiguration("dsc-tls", unknown), ["CONTENT_UNKNOWN indeterminate advisory"]],
    ["unknown: a protocol value from a parameter (the half-read protocol is not judged)", withScript(`param($v)\n${script(change(HARDENED, "TLS 1.1\\Server", "Enabled", "$v"))}`), ["UNRESOLVED_DECLARATION indeterminate advisory"]],
  ])("%s", async (_name, resource, expected) => {
    expect(outcomes(await validateResource(rule, resource))).toEqual([...expected].sort());
  });

  it("never quotes secret-wrapped input", async () => {
    const reported = await validateResource(rule, withScript(secret(script(change(HARDENED, "TLS 1.0\\Server", "Enabled", `'${CANARY}'`)))));
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });
});
