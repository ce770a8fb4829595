import { describe, expect, it } from "vitest";
import { SCHANNEL_PROTOCOLS_KEY, schannelKey } from "../../src/baseline/schannel.js";
import { unresolvedFindings } from "../../src/evaluate/unresolved.js";
import { type Unresolved } from "../../src/registry/types.js";
import { codes } from "./fixtures.js";

const at = (line: number) => ({ file: "tls.ps1", line });

describe("unresolvedFindings", () => {
  it.each<{ name: string; place: Unresolved; expected: string[] }>([
    { name: "unknown: key not known", place: { reason: "value from a parameter", location: at(4) }, expected: ["UNRESOLVED_DECLARATION:indeterminate"] },
    { name: "unknown: value under a baseline key", place: { reason: "computed value", location: at(5), key: schannelKey("TLS 1.2", "Server"), valueName: "Enabled" }, expected: ["UNRESOLVED_DECLARATION:indeterminate"] },
    { name: "unknown: a parent of a baseline key", place: { reason: "loop over protocols", location: at(6), key: "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" }, expected: ["UNRESOLVED_DECLARATION:indeterminate"] },
    { name: "pass: an unrelated key", place: { reason: "computed value", location: at(7), key: "HKLM\\SOFTWARE\\Contoso" }, expected: [] },
  ])("$name", ({ place, expected }) => {
    expect(codes(unresolvedFindings([place], [SCHANNEL_PROTOCOLS_KEY], "MTG-PROTOCOL-STATE"))).toEqual(expected);
  });

  it("carries the reason, line, control severity (or the one given) and carrier", () => {
    const place: Unresolved = { reason: "value from $ConfigurationData", location: at(12), key: schannelKey("TLS 1.2", "Client"), valueName: "Enabled" };
    const [f] = unresolvedFindings([place], [SCHANNEL_PROTOCOLS_KEY], "MTG-TLS12", undefined, { carrier: "dsc" });
    expect(f?.message).toBe(`The value Enabled cannot be told: value from $ConfigurationData (${schannelKey("TLS 1.2", "Client")}, tls.ps1 line 12, carrier dsc)`);
    expect(f?.severity).toBe("critical");
    expect(f?.evidence).toEqual([{ path: schannelKey("TLS 1.2", "Client"), valueName: "Enabled", found: "unresolved", location: at(12), carrier: "dsc" }]);
    expect(unresolvedFindings([place], [SCHANNEL_PROTOCOLS_KEY], "MTG-TLS12", "low")[0]?.severity).toBe("low");
  });
});
