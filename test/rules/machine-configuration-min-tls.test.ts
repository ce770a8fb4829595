import { describe, expect, it } from "vitest";
import { machineConfigurationMinTls as rule } from "../../src/rules/policies/machine-configuration-min-tls.js";
import { CANARY, TYPES, guestAssignment, runCommand } from "../fixtures/rules/estate.js";
import { outcomes, secret, unknown, validateResource, type TestResource } from "../support/sdk.js";

const AUDIT = "[SecureWebServer]s1;MinimumTLSVersion";
const audit = (value: unknown): TestResource => guestAssignment("gc-audit", "AuditSecureProtocol", [{ name: AUDIT, value }]);
const set = (server: unknown, client: unknown): TestResource =>
  guestAssignment("gc-set", "SetSecureProtocol", [
    { name: "[SecureProtocol]s1;MinimumServerTLSVersion", value: server },
    { name: "[SecureProtocol]s1;MinimumClientTLSVersion", value: client },
  ]);

describe("machine-configuration-min-tls", () => {
  it.each<[string, TestResource, string[]]>([
    ["pass: AuditSecureProtocol asks for 1.2", audit("1.2"), []],
    ["pass: SetSecureProtocol asks for 1.2 on both sides", set("1.2", "1.2"), []],
    ["pass: another package is not judged", guestAssignment("gc-other", "AzureWindowsBaseline", [{ name: "x", value: "1.0" }]), []],
    ["pass: an Arc (HCRP) assignment", { ...audit("1.2"), type: TYPES.hcrpAssignment }, []],
    ["fail: AuditSecureProtocol asks for 1.1", audit("1.1"), ["MC_MIN_TLS_WRONG violation mandatory"]],
    ["fail: SetSecureProtocol client side 1.1", set("1.2", "1.1"), ["MC_MIN_TLS_WRONG violation mandatory"]],
    ["fail: 1.3 would break SMTP to Exchange Online", set("1.3", "1.3"), ["MC_MIN_TLS_WRONG violation mandatory", "MC_MIN_TLS_WRONG violation mandatory"]],
    ["missing: no MinimumTLSVersion parameter", guestAssignment("gc-audit", "AuditSecureProtocol", []), ["MC_MIN_TLS_NOT_DECLARED violation mandatory"]],
    ["missing: no parameters at all", guestAssignment("gc-audit", "AuditSecureProtocol", undefined), ["MC_MIN_TLS_NOT_DECLARED violation mandatory"]],
    ["unknown: the value during preview", audit(unknown), ["MC_MIN_TLS_UNKNOWN indeterminate advisory"]],
    ["unknown: the parameter list during preview", guestAssignment("gc-audit", "AuditSecureProtocol", unknown), ["MC_PARAMETER_UNKNOWN indeterminate advisory"]],
    ["unknown: the package name during preview", guestAssignment("gc-audit", unknown, []), ["MC_PACKAGE_UNKNOWN indeterminate advisory"]],
    ["secret: a value that is not a version is described, not quoted", audit(secret(CANARY)), ["MC_MIN_TLS_WRONG violation mandatory"]],
  ])("%s", async (_name, resource, expected) => {
    const reported = await validateResource(rule, resource);
    expect(outcomes(reported)).toEqual([...expected].sort());
    for (const r of reported) expect(r.message).not.toContain(CANARY);
  });

  it("names the package, parameter, value found and expected", async () => {
    const [r] = await validateResource(rule, audit("1.1"));
    expect(r?.message).toContain("AuditSecureProtocol MinimumTLSVersion is 1.1; expected 1.2 (guestConfiguration.configurationParameter, carrier gc-audit)");
  });

  it("applies to Machine Configuration assignments only", async () => {
    expect([TYPES.guestAssignment, TYPES.hcrpAssignment, TYPES.runCommand, TYPES.vm].map((t) => rule.appliesTo(t))).toEqual([true, true, false, false]);
    expect(await validateResource(rule, runCommand("rc", "Get-Date"))).toEqual([]);
  });
});
