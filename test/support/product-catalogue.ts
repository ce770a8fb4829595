/**
 * PRODUCT.md "Policy catalogue", written out once for the tests that hold the code to it: names,
 * kinds, default levels and severities are public API.
 */
export const PRODUCT_CATALOGUE = [
  ["schannel-tls12-enabled", "resource", "mandatory", "critical"],
  ["schannel-protocols-consistent", "resource", "mandatory", "high"],
  ["schannel-legacy-protocols-disabled", "resource", "advisory", "medium"],
  ["dotnet-strong-crypto", "resource", "mandatory", "high"],
  ["windows-server-supported", "resource", "mandatory", "high"],
  ["windows-automatic-patching", "resource", "mandatory", "high"],
  ["exchange-build-supported", "resource", "mandatory", "high"],
  ["extension-secrets-protected", "resource", "mandatory", "high"],
  ["machine-configuration-min-tls", "resource", "mandatory", "medium"],
  ["tls13-exchange-compatible", "stack", "advisory", "medium"],
  ["mail-server-tls-baseline", "stack", "mandatory", "critical"],
] as const;

/** The server policies: they apply to mail servers, and to every Windows machine with `scope: all-windows`. */
export const SERVER_POLICIES: readonly string[] = ["windows-server-supported", "windows-automatic-patching", "exchange-build-supported"];
