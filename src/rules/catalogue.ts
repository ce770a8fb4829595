import { dotnetStrongCrypto } from "./policies/dotnet-strong-crypto.js";
import { exchangeBuildSupported } from "./policies/exchange-build-supported.js";
import { extensionSecretsProtected } from "./policies/extension-secrets-protected.js";
import { machineConfigurationMinTls } from "./policies/machine-configuration-min-tls.js";
import { mailServerTlsBaseline } from "./policies/mail-server-tls-baseline.js";
import { schannelLegacyProtocolsDisabled } from "./policies/schannel-legacy-protocols-disabled.js";
import { schannelProtocolsConsistent } from "./policies/schannel-protocols-consistent.js";
import { schannelTls12Enabled } from "./policies/schannel-tls12-enabled.js";
import { tls13ExchangeCompatible } from "./policies/tls13-exchange-compatible.js";
import { windowsAutomaticPatching } from "./policies/windows-automatic-patching.js";
import { windowsServerSupported } from "./policies/windows-server-supported.js";
import { type Rule } from "./types.js";

/**
 * The policy catalogue, in PRODUCT.md order: one file per policy under `src/rules/policies/`.
 * The pack, the CLI, the docs and the reports all read this list.
 */
export const RULES: readonly Rule[] = [
  schannelTls12Enabled,
  schannelProtocolsConsistent,
  schannelLegacyProtocolsDisabled,
  dotnetStrongCrypto,
  windowsServerSupported,
  windowsAutomaticPatching,
  exchangeBuildSupported,
  extensionSecretsProtected,
  machineConfigurationMinTls,
  tls13ExchangeCompatible,
  mailServerTlsBaseline,
];
