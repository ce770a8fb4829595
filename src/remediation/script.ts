import { BASELINE_VERSION, DOTNET_KEYS, SCHANNEL_PROTOCOLS_KEY } from "../baseline/index.js";
import { headerLine, providerPath, psQuote, sealArtefact, type RenderedArtefact } from "./artefact.js";
import { desiredRegistryValues, resolveRemediationOptions, type DesiredValue, type RemediationOptions, type RestartPolicy } from "./desired.js";
import { groupByKey, optionsSummary, type KeyGroup } from "./layout.js";

export const SCRIPT_FILE_NAME = "mailflow-tls-guard-remediation.ps1";

/**
 * The remediation script: Windows PowerShell 5.1, idempotent, backs up before writing, reads back
 * after writing, prints exactly one JSON line, exit code 0 or 1, `-Rollback <backup>` and `-WhatIf`.
 *
 * The values appear twice by design: once as the `$DesiredValues` table that the backup, change
 * report and read-back walk, and once as one explicit `New-ItemProperty` line per value, because
 * static checkers (ours included) cannot follow values through a data structure. The read-back
 * fails the run if the two ever disagreed.
 */
export function renderRemediationScript(options: RemediationOptions): RenderedArtefact {
  const resolved = resolveRemediationOptions(options);
  const values = desiredRegistryValues(resolved);
  return sealArtefact(SCRIPT_FILE_NAME, (contentHash) =>
    [
      "#Requires -RunAsAdministrator",
      headerLine(contentHash),
      `# ${optionsSummary(resolved)}`,
      "# Generated from the mailflow-tls-guard baseline tables; edit the tables, not this file.",
      HELP,
      PARAMETERS,
      settings(contentHash),
      desiredTable(values),
      restorableRoots(),
      FUNCTIONS,
      resultFunction(resolved.restart),
      main(groupByKey(values)),
      finish(resolved.restart),
    ].join("\n"),
  );
}

const HELP = String.raw`<#
.SYNOPSIS
    Applies the mailflow-tls-guard TLS baseline (SCHANNEL protocols and .NET Framework crypto
    registry values) so that this mail server speaks TLS 1.2 to Exchange Online.
.DESCRIPTION
    Idempotent. Records the current value (or absence) of every value it touches in
    $env:ProgramData\mailflow-tls-guard\backup-<timestamp>.json, writes the REG_DWORD values,
    reads each one back, and prints exactly one JSON line: baselineVersion, contentHash, mode,
    whatIf, changed, unchanged, restartRequired, restartScheduled, backup (rollback: removedKeys;
    on failure: error instead).
    Exit code 0 on success, 1 on any failure.
.PARAMETER Rollback
    A backup file written by an earlier run: restores exactly what it recorded (values that were
    absent are deleted, data that was present is written back with its kind, keys the run created
    are removed when empty).
.PARAMETER WhatIf
    Reports what would change; writes nothing, backs up nothing, restarts nothing.
#>`;

const PARAMETERS = String.raw`[CmdletBinding()]
param(
    [string]$Rollback,
    [switch]$WhatIf
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
`;

function settings(contentHash: string): string {
  return String.raw`$BaselineVersion = ${psQuote(BASELINE_VERSION)}
$ContentHash = ${psQuote(contentHash)}
$BackupDirectory = Join-Path $env:ProgramData 'mailflow-tls-guard'
$BackupPath = $null
$Mode = if ($Rollback) { 'rollback' } else { 'apply' }
`;
}

function desiredTable(values: readonly DesiredValue[]): string {
  const rows = values.map((v) => `    @{ Path = ${psQuote(providerPath(v.key))}; Name = ${psQuote(v.valueName)}; Value = ${v.data} }`);
  return [
    "# The baseline values, one row per REG_DWORD: the backup, the change report and the read-back walk",
    "# this table. The writes further down spell each value out so that static checkers can read them.",
    "$DesiredValues = @(",
    ...rows,
    ")",
    "",
  ].join("\n");
}

/** A rollback only writes below the keys any baseline run can write, whatever the backup file says. */
function restorableRoots(): string {
  const roots = [SCHANNEL_PROTOCOLS_KEY, ...DOTNET_KEYS.map((k) => k.key)];
  return [
    "# A rollback restores values below these keys only, whatever a backup file lists.",
    "$RestorableRoots = @(",
    ...roots.map((root) => `    ${psQuote(providerPath(root))}`),
    ")",
    "",
  ].join("\n");
}

const FUNCTIONS = String.raw`function Get-SubKeyName {
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

function Test-DesiredValue {
    # REG_DWORD reads back as a signed Int32; compare as unsigned.
    param($Record, $Desired)
    return $Record.present -and $Record.kind -eq 'DWord' -and (([int64]$Record.data) -band 4294967295) -eq [int64]$Desired.Value
}

function Test-SameValue {
    # Two records (live or from a backup file) with the same presence, kind and data.
    param($Left, $Right)
    if ([bool]$Left.present -ne [bool]$Right.present) { return $false }
    if (-not $Left.present) { return $true }
    return $Left.kind -eq $Right.kind -and (ConvertTo-Json -InputObject $Left.data -Compress) -ceq (ConvertTo-Json -InputObject $Right.data -Compress)
}

function Test-Restorable {
    # True when the path is one of the restorable roots, below one, or (for empty parent keys) above one.
    param([string]$Path, [switch]$AllowParent)
    foreach ($root in $RestorableRoots) {
        if ($Path -eq $root -or $Path.StartsWith($root + '\', [StringComparison]::OrdinalIgnoreCase)) { return $true }
        if ($AllowParent -and $root.StartsWith($Path + '\', [StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Get-MissingKeys {
    # Keys (and parents) the writes will create: a rollback removes them again when they are empty.
    $missing = New-Object System.Collections.Generic.List[string]
    foreach ($entry in $DesiredValues) {
        $path = $entry.Path
        while (-not (Test-Path -LiteralPath $path)) {
            if (-not $missing.Contains($path)) { $missing.Add($path) }
            $path = $path.Substring(0, $path.LastIndexOf('\'))
        }
    }
    return $missing.ToArray()
}

function Save-Backup {
    param([object[]]$Records, [string[]]$MissingKeys)
    [System.IO.Directory]::CreateDirectory($BackupDirectory) | Out-Null
    $path = Join-Path $BackupDirectory ('backup-{0}.json' -f [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssfffZ'))
    $backup = [ordered]@{
        tool = 'mailflow-tls-guard'
        baselineVersion = $BaselineVersion
        contentHash = $ContentHash
        createdUtc = [DateTime]::UtcNow.ToString('o')
        values = $Records
        missingKeys = $MissingKeys
    }
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $backup -Depth 6))
    return $path
}

function ConvertTo-RegistryData {
    # JSON brings numbers and lists back as generic objects; SetValue needs the CLR type of the kind.
    param([Microsoft.Win32.RegistryValueKind]$Kind, $Data)
    switch ($Kind) {
        'DWord' { return [int32]$Data }
        'QWord' { return [int64]$Data }
        'String' { return [string]$Data }
        'ExpandString' { return [string]$Data }
        'MultiString' { return ,([string[]]@($Data)) }
        'Binary' { return ,([byte[]]@($Data)) }
        default { throw ('Cannot restore a value of kind {0}' -f $Kind) }
    }
}

function Restore-Value {
    param($Saved)
    $subKey = Get-SubKeyName $Saved.path
    if ($Saved.present) {
        $kind = [Microsoft.Win32.RegistryValueKind]$Saved.kind
        $key = [Microsoft.Win32.Registry]::LocalMachine.CreateSubKey($subKey)
        try { $key.SetValue($Saved.name, (ConvertTo-RegistryData -Kind $kind -Data $Saved.data), $kind) } finally { $key.Close() }
    } else {
        $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($subKey, $true)
        if ($null -ne $key) {
            try { $key.DeleteValue($Saved.name, $false) } finally { $key.Close() }
        }
    }
}

function Remove-EmptyKey {
    # Removes a key the baseline run created, but only if nothing else has been put in it since.
    param([string]$Path)
    $subKey = Get-SubKeyName $Path
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($subKey)
    if ($null -eq $key) { return $false }
    try { $empty = $key.SubKeyCount -eq 0 -and $key.ValueCount -eq 0 } finally { $key.Close() }
    if ($empty) { [Microsoft.Win32.Registry]::LocalMachine.DeleteSubKey($subKey, $false) }
    return $empty
}

function Invoke-Rollback {
    param([string]$BackupFile)
    $backup = Get-Content -LiteralPath $BackupFile -Raw | ConvertFrom-Json
    if ($backup.tool -ne 'mailflow-tls-guard') { throw 'The file is not a mailflow-tls-guard backup.' }
    $changed = New-Object System.Collections.Generic.List[string]
    $unchanged = New-Object System.Collections.Generic.List[string]
    $removedKeys = New-Object System.Collections.Generic.List[string]
    foreach ($saved in @($backup.values)) {
        if (-not (Test-Restorable -Path $saved.path)) { throw ('The backup lists a value outside the baseline keys: {0}' -f $saved.path) }
        $label = '{0}\{1}' -f $saved.path, $saved.name
        if (Test-SameValue -Left (Get-ValueRecord -Path $saved.path -Name $saved.name) -Right $saved) {
            $unchanged.Add($label)
            continue
        }
        $changed.Add($label)
        if ($WhatIf) { continue }
        Restore-Value -Saved $saved
        if (-not (Test-SameValue -Left (Get-ValueRecord -Path $saved.path -Name $saved.name) -Right $saved)) { throw ('Read-back mismatch after restoring {0}' -f $label) }
    }
    if (-not $WhatIf) {
        # Deepest first, so that a parent key is empty once its children are gone.
        foreach ($path in @(@($backup.missingKeys) | Sort-Object -Property Length -Descending)) {
            if ((Test-Restorable -Path $path -AllowParent) -and (Remove-EmptyKey -Path $path)) { $removedKeys.Add($path) }
        }
    }
    $result = New-RunResult -Changed $changed.ToArray() -Unchanged $unchanged.ToArray()
    $result.removedKeys = $removedKeys.ToArray()
    return $result
}
`;

/** The restart decision is rendered from the option, so the script holds only the branch it was asked for. */
const RESTART_DECISION: Record<RestartPolicy, string> = {
  never: String.raw`    # restart = never: a pending restart is reported (restartRequired), never performed.
    $restartScheduled = $false`,
  ifRequired: String.raw`    # restart = ifRequired: restart right after printing the result when a value changed.
    $restartScheduled = $restartRequired -and -not $WhatIf`,
  maintenanceWindow: String.raw`    # restart = maintenanceWindow: the maintenance configuration assigned to this machine reboots it
    # in its next window (rebootSetting IfRequired); this script schedules nothing itself.
    $restartScheduled = $false`,
};

function resultFunction(restart: RestartPolicy): string {
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
`;
}

function main(groups: readonly KeyGroup[]): string {
  return String.raw`try {
    # 32-bit PowerShell sees HKLM:\SOFTWARE redirected to Wow6432Node and would write the wrong keys.
    if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) { throw 'Run this script in 64-bit PowerShell.' }

    if ($Rollback) {
        $BackupPath = $Rollback
        $Result = Invoke-Rollback -BackupFile $Rollback
    } else {
        $records = New-Object System.Collections.Generic.List[object]
        $changed = New-Object System.Collections.Generic.List[string]
        $unchanged = New-Object System.Collections.Generic.List[string]
        foreach ($entry in $DesiredValues) {
            $record = Get-ValueRecord -Path $entry.Path -Name $entry.Name
            $records.Add($record)
            $label = '{0}\{1}' -f $entry.Path, $entry.Name
            if (Test-DesiredValue -Record $record -Desired $entry) { $unchanged.Add($label) } else { $changed.Add($label) }
        }
        if (-not $WhatIf) {
            $BackupPath = Save-Backup -Records $records.ToArray() -MissingKeys (Get-MissingKeys)
        }
        $Result = New-RunResult -Changed $changed.ToArray() -Unchanged $unchanged.ToArray()
    }

    if (-not $Rollback -and -not $WhatIf) {
        # The writes, one line per value. Keys are created only when missing: New-Item -Force on an
        # existing registry key would recreate it and drop the values it holds.
${groups.map(writeGroup).join("\n\n")}

        # Read back every value: a write that did not stick (policy, permissions) fails the run.
        foreach ($entry in $DesiredValues) {
            if (-not (Test-DesiredValue -Record (Get-ValueRecord -Path $entry.Path -Name $entry.Name) -Desired $entry)) {
                throw ('Read-back mismatch at {0}\{1}' -f $entry.Path, $entry.Name)
            }
        }
    }
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
`;
}

function writeGroup(group: KeyGroup): string {
  const path = psQuote(providerPath(group.key));
  return [
    `        # ${group.purpose}`,
    `        if (-not (Test-Path -LiteralPath ${path})) { New-Item -Path ${path} -Force | Out-Null }`,
    ...group.values.map((v) => `        New-ItemProperty -Path ${path} -Name ${psQuote(v.valueName)} -Value ${v.data} -PropertyType DWord -Force | Out-Null`),
  ].join("\n");
}

function finish(restart: RestartPolicy): string {
  const lines = ["Write-Output (ConvertTo-Json -InputObject $Result -Compress)"];
  if (restart === "ifRequired") lines.push("if ($Result.restartScheduled) { Restart-Computer -Force }");
  return [...lines, "exit 0", ""].join("\n");
}
