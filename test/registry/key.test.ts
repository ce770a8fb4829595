import { describe, expect, it } from "vitest";
import { isUnderKey, keyId, normaliseKey } from "../../src/registry/key.js";

const TLS12 = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server";

describe("normaliseKey", () => {
  it.each([
    ["HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["hklm:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["Registry::HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"],
    ["HKLM:/SYSTEM/CurrentControlSet/Control/SecurityProviders/SCHANNEL/Protocols/TLS 1.2/Server"],
    ["HKLM:\\\\SYSTEM\\\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server\\"],
    ["  HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server\\\\  "],
  ])("%s is the canonical TLS 1.2 Server key", (raw) => {
    expect(normaliseKey(raw)).toBe(TLS12);
  });

  it("keeps the casing of the path but compares case-insensitively", () => {
    const lower = normaliseKey("hkey_local_machine\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\server");
    expect(lower).toBe("HKLM\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\server");
    expect(keyId(lower ?? "")).toBe(keyId(TLS12));
  });

  it.each([
    ["HKEY_CURRENT_USER\\Software\\x", "HKCU\\Software\\x"],
    ["HKCU:\\Software\\x", "HKCU\\Software\\x"],
    ["HKLM:", "HKLM"],
    ["HKLM:\\", "HKLM"],
  ])("%s → %s", (raw, expected) => {
    expect(normaliseKey(raw)).toBe(expected);
  });

  it.each([["C:\\Windows\\System32"], ["SOFTWARE\\Microsoft"], ["$base\\TLS 1.2"], [""], ["HKXX:\\SOFTWARE"], ["\\\\server\\share"]])("%j is not a registry key", (raw) => {
    expect(normaliseKey(raw)).toBeUndefined();
  });

  it("tells a key below another from a sibling with the same prefix", () => {
    expect(isUnderKey(`${TLS12}\\x`, TLS12)).toBe(true);
    expect(isUnderKey(TLS12.toUpperCase(), TLS12)).toBe(true);
    expect(isUnderKey(`${TLS12}2`, TLS12)).toBe(false);
  });
});
