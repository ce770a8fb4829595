/**
 * PowerShell building blocks shared by the remediation and rollback scripts: the preamble, reading
 * a value, the one JSON result line and the restart decision, the guarded main block. Each script
 * composes them, so both behave (and report) the same way.
 */
import { BASELINE_VERSION } from "../baseline/index.js";
import { headerLine, psQuote } from "./artefact.js";
import { type RestartPolicy } from "./desired.js";

/** `#Requires`, the hash header, the options the script was rendered with. */
export function scriptHeader(contentHash: string, optionsLine: string): string {
  return [
    "#Requires -RunAsAdministrator",
    headerLine(contentHash),
    `# ${optionsLine}`,
    "# Generated from the mailflow-tls-guard baseline tables; edit the tables, not this file.",
  ].join("\n");
}

/** Strict mode and the constants every result line carries. `backupPath` is a PowerShell expression. */
export function scriptSettings(contentHash: string, mode: "apply" | "rollback", backupPath: string): string {
  return String.raw`Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$BaselineVersion = ${psQuote(BASELINE_VERSION)}
$ContentHash = ${psQuote(contentHash)}
$Mode = ${psQuote(mode)}
$BackupPath = ${backupPath}
`;
}

export const READ_FUNCTIONS = String.raw`function Get-SubKeyName {
    # HKLM:\SYSTEM\... -> SYSTEM\... for Microsoft.Win32.Registry::LocalMachine.
    param([string]$Path)
    if (-not $Path.StartsWith('HKLM:\', [StringComparison]::OrdinalIgnoreCase)) { throw ('Not an HKLM path: {0}' -f $Path) }
    return $Path.Substring(6)
}

function Get-ValueRecord {
    # The value as it is now: present or not, its kind and its raw data (environment names unexpanded).
    param([string]$Path, [string]$Name)
    $record = [ordered]@{ path = $Path; name = $Name; present = $false; kind = $null; data = $null }
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey((Get-SubKeyName $Path))
    if ($null -ne $key) {
        try {
            if ($key.GetValueNames() -contains $Name) {
                $record.present = $true
                $record.kind = $key.GetValueKind($Name).ToString()
                $record.data = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            }
        } finally {
            $key.Close()
        }
    }
    return $record
}
`;

/** The restart decision is rendered from the option, so a script holds only the branch it was asked for. */
const RESTART_DECISION: Record<RestartPolicy, string> = {
  never: String.raw`    # restart = never: a pending restart is reported (restartRequired), never performed.
    $restartScheduled = $false`,
  ifRequired: String.raw`    # restart = ifRequired: restart right after printing the result when a value changed.
    $restartScheduled = $restartRequired -and -not $WhatIf`,
  maintenanceWindow: String.raw`    # restart = maintenanceWindow: the maintenance configuration assigned to this machine reboots it
    # in its next window (rebootSetting IfRequired); this script schedules nothing itself.
    $restartScheduled = $false`,
};

/** `New-RunResult` builds the result; `Write-RunResult` prints it as the one JSON line, restarts when scheduled, and exits 0. */
export function resultFunctions(restart: RestartPolicy): string {
  const restartLine = restart === "ifRequired" ? "\n    if ($Result.restartScheduled) { Restart-Computer -Force }" : "";
  return String.raw`function New-RunResult {
    param([string[]]$Changed, [string[]]$Unchanged)
    # SCHANNEL and .NET read these values at start-up: any change needs a restart to take effect.
    $restartRequired = $Changed.Count -gt 0
${RESTART_DECISION[restart]}
    return [ordered]@{
        baselineVersion = $BaselineVersion
        contentHash = $ContentHash
        mode = $Mode
        whatIf = [bool]$WhatIf
        changed = $Changed
        unchanged = $Unchanged
        restartRequired = $restartRequired
        restartScheduled = $restartScheduled
        backup = $BackupPath
    }
}

function Write-RunResult {
    param($Result)
    Write-Output (ConvertTo-Json -InputObject $Result -Compress)${restartLine}
    exit 0
}
`;
}

/**
 * The main block: any failure prints one JSON error line (naming the backup, if one was written)
 * and exits 1. `body` ends by setting `$Result`, which is printed after the block.
 */
export function guardedMain(body: string): string {
  return String.raw`try {
    # 32-bit PowerShell sees HKLM:\SOFTWARE redirected to Wow6432Node and would touch the wrong keys.
    if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) { throw 'Run this script in 64-bit PowerShell.' }

${body}
} catch {
    Write-Output (ConvertTo-Json -Compress -InputObject ([ordered]@{
        baselineVersion = $BaselineVersion
        contentHash = $ContentHash
        mode = $Mode
        error = $_.Exception.Message
        backup = $BackupPath
    }))
    exit 1
}

Write-RunResult -Result $Result
`;
}
