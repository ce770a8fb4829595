/**
 * The in-guest content of the example estate: the TLS 1.2 / .NET baseline as a PowerShell script,
 * as a one-line command for a Custom Script Extension, and as a DSC configuration. Written out
 * by hand from BASELINE.md §1-2 (not rendered by the product), so the tests that feed it to the
 * policy pack check the pack against an independent statement of the baseline.
 */

export type Protocol = "SSL 2.0" | "SSL 3.0" | "TLS 1.0" | "TLS 1.1" | "TLS 1.2" | "TLS 1.3";

/** `half-disabled` is the classic mistake: Enabled=0 with DisabledByDefault=0. */
export type ProtocolState = "enabled" | "disabled" | "half-disabled";

export interface TlsBaseline {
  readonly protocols: Readonly<Partial<Record<Protocol, ProtocolState>>>;
  /** SystemDefaultTlsVersions=1 and SchUseStrongCrypto=1 for .NET v4 and v2, both hives. */
  readonly dotnet: boolean;
}

/** TLS 1.2 on, SSL 2.0 / 3.0 and TLS 1.0 / 1.1 off, .NET on the OS defaults with strong crypto. */
export const FULL_BASELINE: TlsBaseline = {
  protocols: { "SSL 2.0": "disabled", "SSL 3.0": "disabled", "TLS 1.0": "disabled", "TLS 1.1": "disabled", "TLS 1.2": "enabled" },
  dotnet: true,
};

const STATE_VALUES: Readonly<Record<ProtocolState, { readonly Enabled: number; readonly DisabledByDefault: number }>> = {
  enabled: { Enabled: 1, DisabledByDefault: 0 },
  disabled: { Enabled: 0, DisabledByDefault: 1 },
  "half-disabled": { Enabled: 0, DisabledByDefault: 0 },
};

const SCHANNEL_PROTOCOLS = "SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";
const DOTNET_KEYS = [
  "SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319",
  "SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319",
  "SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727",
  "SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727",
];

/** One REG_DWORD under HKLM: the key below the hive, the value name, the data. */
export interface DwordWrite {
  readonly key: string;
  readonly name: string;
  readonly value: number;
}

/** The registry writes a baseline stands for, in the order a script performs them. */
export function baselineWrites(baseline: TlsBaseline = FULL_BASELINE): DwordWrite[] {
  const writes: DwordWrite[] = [];
  for (const [protocol, state] of Object.entries(baseline.protocols)) {
    for (const side of ["Client", "Server"]) {
      const key = `${SCHANNEL_PROTOCOLS}\\${protocol}\\${side}`;
      for (const [name, value] of Object.entries(STATE_VALUES[state])) writes.push({ key, name, value });
    }
  }
  if (baseline.dotnet) {
    for (const key of DOTNET_KEYS) for (const name of ["SystemDefaultTlsVersions", "SchUseStrongCrypto"]) writes.push({ key, name, value: 1 });
  }
  return writes;
}

/** PowerShell statements: create each key, then write each value. */
function scriptStatements(baseline: TlsBaseline): string[] {
  const writes = baselineWrites(baseline);
  const keys = [...new Set(writes.map((w) => w.key))];
  return [
    ...keys.map((k) => `New-Item -Path 'HKLM:\\${k}' -Force`),
    ...writes.map((w) => `New-ItemProperty -Path 'HKLM:\\${w.key}' -Name '${w.name}' -Value ${w.value} -PropertyType DWord -Force`),
  ];
}

/** The baseline as a run-command script. A restart is left to the operator. */
export function tlsBaselineScript(baseline: TlsBaseline = FULL_BASELINE): string {
  return ["$ErrorActionPreference = 'Stop'", ...scriptStatements(baseline)].join("\n") + "\n";
}

/** The baseline as a Custom Script Extension `commandToExecute` (no file to download). */
export function tlsBaselineCommand(baseline: TlsBaseline = FULL_BASELINE): string {
  return `powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "${scriptStatements(baseline).join("; ")}"`;
}

/** The baseline as a DSC configuration with the built-in Registry resource, for Azure Automation. */
export function tlsBaselineDsc(configurationName: string, baseline: TlsBaseline = FULL_BASELINE): string {
  const resources = baselineWrites(baseline).map((w, i) =>
    [
      `    Registry Value${i + 1} {`,
      `      Key       = 'HKEY_LOCAL_MACHINE\\${w.key}'`,
      `      ValueName = '${w.name}'`,
      `      ValueType = 'Dword'`,
      `      ValueData = '${w.value}'`,
      `      Ensure    = 'Present'`,
      `    }`,
    ].join("\n"),
  );
  return [`Configuration ${configurationName} {`, "  Import-DscResource -ModuleName PSDesiredStateConfiguration", "  Node localhost {", ...resources, "  }", "}", ""].join("\n");
}
