/**
 * Where every fact in the baseline comes from. Rows elsewhere in `src/baseline/` cite these ids,
 * and reports print them, so an auditor can follow any verdict back to a document.
 */
export interface Source {
  readonly id: SourceId;
  readonly title: string;
  readonly url: string;
  /** The date of the revision the facts were taken from (ISO yyyy-mm-dd). */
  readonly revised: string;
}

export type SourceId =
  | "exchange-tls-configuration"
  | "windows-tls-registry-settings"
  | "windows-schannel-protocols"
  | "dotnet-tls-best-practices"
  | "healthchecker-tls"
  | "exchange-build-numbers"
  | "exchange-lifecycle"
  | "windows-server-lifecycle"
  | "azure-vm-patch-modes"
  | "azure-dsc-extension"
  | "azure-custom-script-extension"
  | "azure-run-command"
  | "azure-machine-configuration"
  | "mc229914";

export const SOURCES: Readonly<Record<SourceId, Source>> = {
  "exchange-tls-configuration": {
    id: "exchange-tls-configuration",
    title: "Exchange Server TLS configuration best practices",
    url: "https://learn.microsoft.com/exchange/plan-and-deploy/post-installation-tasks/security-best-practices/exchange-tls-configuration",
    revised: "2025-04-25",
  },
  "windows-tls-registry-settings": {
    id: "windows-tls-registry-settings",
    title: "Transport Layer Security (TLS) registry settings",
    url: "https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings",
    revised: "2025-03-20",
  },
  "windows-schannel-protocols": {
    id: "windows-schannel-protocols",
    title: "Protocols in TLS/SSL (Schannel SSP)",
    url: "https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-",
    revised: "2025-03-20",
  },
  "dotnet-tls-best-practices": {
    id: "dotnet-tls-best-practices",
    title: "Transport Layer Security (TLS) best practices with .NET Framework",
    url: "https://learn.microsoft.com/dotnet/framework/network-programming/tls",
    revised: "2025-04-25",
  },
  "healthchecker-tls": {
    id: "healthchecker-tls",
    title: "Exchange HealthChecker: TLS settings checks (microsoft/CSS-Exchange)",
    url: "https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/TLSConfigurationCheck/",
    revised: "2025-04-25",
  },
  "exchange-build-numbers": {
    id: "exchange-build-numbers",
    title: "Exchange Server build numbers and release dates",
    url: "https://learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates",
    revised: "2026-05-29",
  },
  "exchange-lifecycle": {
    id: "exchange-lifecycle",
    title: "Exchange Server supportability matrix and lifecycle",
    url: "https://learn.microsoft.com/exchange/plan-and-deploy/supportability-matrix",
    revised: "2026-05-29",
  },
  "windows-server-lifecycle": {
    id: "windows-server-lifecycle",
    title: "Windows Server release information and lifecycle",
    url: "https://learn.microsoft.com/lifecycle/products/?products=windows",
    revised: "2026-05-29",
  },
  "azure-vm-patch-modes": {
    id: "azure-vm-patch-modes",
    title: "Azure VM guest patching: patch orchestration modes",
    url: "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching",
    revised: "2025-04-25",
  },
  "azure-dsc-extension": {
    id: "azure-dsc-extension",
    title: "Desired State Configuration extension with Azure Resource Manager templates",
    url: "https://learn.microsoft.com/azure/virtual-machines/extensions/dsc-template",
    revised: "2025-04-25",
  },
  "azure-custom-script-extension": {
    id: "azure-custom-script-extension",
    title: "Custom Script Extension for Windows",
    url: "https://learn.microsoft.com/azure/virtual-machines/extensions/custom-script-windows",
    revised: "2025-04-25",
  },
  "azure-run-command": {
    id: "azure-run-command",
    title: "Run scripts in a Windows VM by using managed Run Commands",
    url: "https://learn.microsoft.com/azure/virtual-machines/windows/run-command-managed",
    revised: "2025-04-25",
  },
  "azure-machine-configuration": {
    id: "azure-machine-configuration",
    title: "Azure Machine Configuration: built-in AuditSecureProtocol / SetSecureProtocol",
    url: "https://learn.microsoft.com/azure/governance/machine-configuration/overview",
    revised: "2025-04-25",
  },
  mc229914: {
    id: "mc229914",
    title: "Microsoft 365 message center MC229914: TLS 1.0/1.1 deprecation for Exchange Online SMTP",
    url: "https://learn.microsoft.com/microsoft-365/compliance/tls-1.0-and-1.1-deprecation-for-office-365",
    revised: "2021-01-11",
  },
};
