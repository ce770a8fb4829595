import { type SourceId } from "./sources.js";

/** An external requirement a control maps to (BASELINE.md §9). */
export interface Reference {
  readonly framework: string;
  readonly id: string;
  readonly title: string;
  /**
   * Whether the identifier was checked against the publisher's own text before shipping.
   * Reports print "unverified" next to a reference whose id could not be checked.
   */
  readonly verified: boolean;
}

export type Severity = "critical" | "high" | "medium" | "low";

export type ControlId =
  | "MTG-TLS12"
  | "MTG-PROTOCOL-STATE"
  | "MTG-LEGACY-PROTOCOLS"
  | "MTG-DOTNET-STRONG-CRYPTO"
  | "MTG-WINHTTP"
  | "MTG-TLS13-EXCHANGE"
  | "MTG-WINDOWS-SUPPORTED"
  | "MTG-PATCHING"
  | "MTG-EXCHANGE-BUILD"
  | "MTG-SECRETS"
  | "MTG-MACHINE-CONFIGURATION";

export interface Control {
  readonly id: ControlId;
  readonly title: string;
  readonly severity: Severity;
  /** What the control requires, in one sentence an auditor can quote. */
  readonly requirement: string;
  readonly references: readonly Reference[];
  readonly sources: readonly SourceId[];
}

const NIST_3_1: Reference = {
  framework: "NIST SP 800-52 Rev. 2",
  id: "§3.1",
  title: "Server protocol version support: TLS 1.2 required, TLS 1.0/1.1 and SSL not used",
  verified: true,
};
const NIST_4_1: Reference = {
  framework: "NIST SP 800-52 Rev. 2",
  id: "§4.1",
  title: "Client protocol version support: TLS 1.2 required",
  verified: true,
};
const PCI_4_2_1: Reference = {
  framework: "PCI DSS v4.0",
  id: "4.2.1",
  title: "Strong cryptography protects data in transit over open, public networks",
  verified: true,
};
const STIG_IIS_SCHANNEL: Reference = {
  framework: "DISA IIS 10.0 Server STIG",
  id: "V-218821",
  title: "Only TLS 1.2 (and later) enabled in SCHANNEL",
  verified: false,
};
const STIG_EXCHANGE_STRONG_CRYPTO: Reference = {
  framework: "DISA Exchange 2019 Edge Server STIG",
  id: "V-259577",
  title: ".NET Framework SchUseStrongCrypto enabled",
  verified: false,
};
const STIG_WS2022_SUPPORTED: Reference = {
  framework: "DISA Windows Server 2022 STIG",
  id: "V-254247",
  title: "Systems maintained at a supported servicing level",
  verified: false,
};
const CIS_IIS_7: Reference = {
  framework: "CIS Microsoft IIS 10 Benchmark",
  id: "7.x",
  title: "SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1 disabled; TLS 1.2 enabled",
  verified: false,
};
const AZ_AUDIT_SECURE_PROTOCOL: Reference = {
  framework: "Azure Policy",
  id: "5752e6d6-1206-46d8-8ab1-ecc2f71a8112",
  title: "Windows web servers should be configured to use secure communication protocols (AuditSecureProtocol)",
  verified: true,
};
const AZ_SET_SECURE_PROTOCOL: Reference = {
  framework: "Azure Policy",
  id: "828ba269-bf7f-4082-83dd-633417bc391d",
  title: "Configure secure communication protocols (TLS 1.1 or TLS 1.2) on Windows machines (SetSecureProtocol)",
  verified: true,
};
const AZ_ASSESSMENT_MODE: Reference = {
  framework: "Azure Policy",
  id: "bd876905-5b84-4f73-ab2d-2e7a7c4568d9",
  title: "Machines should be configured to periodically check for missing system updates",
  verified: true,
};
const MC229914: Reference = {
  framework: "Microsoft 365 message center",
  id: "MC229914",
  title: "Exchange Online ends SMTP over TLS 1.0/1.1 (enforced from 2021-01-11)",
  verified: true,
};

/** The control catalogue. Ids are stable: a control never changes meaning once shipped. */
export const CONTROLS: readonly Control[] = [
  {
    id: "MTG-TLS12",
    title: "TLS 1.2 explicitly enabled for SCHANNEL client and server",
    severity: "critical",
    requirement:
      "TLS 1.2 Client and Server keys carry Enabled=1 (or 0xFFFFFFFF) and DisabledByDefault=0, written explicitly.",
    references: [NIST_3_1, NIST_4_1, PCI_4_2_1, MC229914],
    sources: ["exchange-tls-configuration", "windows-tls-registry-settings", "mc229914"],
  },
  {
    id: "MTG-PROTOCOL-STATE",
    title: "Every SCHANNEL protocol is consistently enabled or disabled",
    severity: "high",
    requirement:
      "Client and Server agree, Enabled and DisabledByDefault agree, and only 0, 1 or 0xFFFFFFFF are used.",
    references: [STIG_IIS_SCHANNEL],
    sources: ["healthchecker-tls", "windows-tls-registry-settings"],
  },
  {
    id: "MTG-LEGACY-PROTOCOLS",
    title: "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 disabled",
    severity: "medium",
    requirement: "Legacy protocols are explicitly disabled (Enabled=0, DisabledByDefault=1) on client and server.",
    references: [NIST_3_1, CIS_IIS_7, STIG_IIS_SCHANNEL, PCI_4_2_1],
    sources: ["exchange-tls-configuration", "windows-tls-registry-settings"],
  },
  {
    id: "MTG-DOTNET-STRONG-CRYPTO",
    title: ".NET Framework uses the OS TLS defaults and strong cryptography",
    severity: "high",
    requirement:
      "SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 under .NETFramework\\v4.0.30319 in the 64-bit and 32-bit (Wow6432Node) hives.",
    references: [STIG_EXCHANGE_STRONG_CRYPTO, PCI_4_2_1],
    sources: ["exchange-tls-configuration", "dotnet-tls-best-practices"],
  },
  {
    id: "MTG-WINHTTP",
    title: "WinHTTP allows TLS 1.2 on Windows Server 2012 R2 and older",
    severity: "low",
    requirement: "DefaultSecureProtocols includes the TLS 1.2 bit (0x800) where WinHTTP does not default to it.",
    references: [NIST_4_1],
    sources: ["exchange-tls-configuration"],
  },
  {
    id: "MTG-TLS13-EXCHANGE",
    title: "TLS 1.3 disabled where Exchange does not support it",
    severity: "medium",
    requirement:
      "On Windows Server 2022 or later, a mail server with Exchange older than 2019 CU15 / SE disables TLS 1.3 explicitly.",
    references: [NIST_3_1],
    sources: ["exchange-tls-configuration", "windows-schannel-protocols"],
  },
  {
    id: "MTG-WINDOWS-SUPPORTED",
    title: "Windows Server release in support",
    severity: "high",
    requirement: "The OS image is a Windows Server release at or above the minimum and before its end of extended support.",
    references: [STIG_WS2022_SUPPORTED],
    sources: ["windows-server-lifecycle", "windows-schannel-protocols"],
  },
  {
    id: "MTG-PATCHING",
    title: "Automatic patching and update assessment",
    severity: "high",
    requirement:
      "VMs use AutomaticByPlatform or AutomaticByOS patching with AutomaticByPlatform assessment; scale sets use automatic OS image upgrades or AutomaticByPlatform patching.",
    references: [AZ_ASSESSMENT_MODE, STIG_WS2022_SUPPORTED],
    sources: ["azure-vm-patch-modes"],
  },
  {
    id: "MTG-EXCHANGE-BUILD",
    title: "Exchange build in support and at the minimum security update",
    severity: "high",
    requirement:
      "The Exchange product is in support on the evaluation date (or covered by ESU when allowed) and its build is at least the minimum security build.",
    references: [STIG_WS2022_SUPPORTED],
    sources: ["exchange-build-numbers", "exchange-lifecycle"],
  },
  {
    id: "MTG-SECRETS",
    title: "Secrets only in protected settings",
    severity: "high",
    requirement:
      "Passwords, SAS tokens, storage keys and credentials sit in protectedSettings / protectedParameters, never in public settings, parameters or script text.",
    references: [PCI_4_2_1],
    sources: ["azure-dsc-extension", "azure-custom-script-extension", "azure-run-command"],
  },
  {
    id: "MTG-MACHINE-CONFIGURATION",
    title: "Machine Configuration asks for TLS 1.2",
    severity: "medium",
    requirement:
      "AuditSecureProtocol assignments ask for MinimumTLSVersion 1.2; SetSecureProtocol assignments ask for 1.2 for server and client.",
    references: [AZ_AUDIT_SECURE_PROTOCOL, AZ_SET_SECURE_PROTOCOL],
    sources: ["azure-machine-configuration"],
  },
];

export function control(id: ControlId): Control {
  const found = CONTROLS.find((c) => c.id === id);
  if (!found) throw new Error(`unknown control ${id}`);
  return found;
}
