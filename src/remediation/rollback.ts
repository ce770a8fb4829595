import { DOTNET_KEYS, SCHANNEL_PROTOCOLS_KEY } from "../baseline/index.js";
import { providerPath, psQuote, sealArtefact, type RenderedArtefact } from "./artefact.js";
import { resolveRemediationOptions, type RemediationOptions } from "./desired.js";
import { READ_FUNCTIONS, guardedMain, resultFunctions, scriptHeader, scriptSettings } from "./powershell.js";

export const ROLLBACK_SCRIPT_FILE_NAME = "mailflow-tls-guard-rollback.ps1";

/**
 * The rollback script: restores a backup written by the remediation script exactly (absent values
 * deleted again, present data written back with its kind, keys the run created removed when
 * empty) and prints one JSON result line like the remediation script. Only `restart` applies.
 *
 * What it writes comes from a file on the server, so a static checker rightly cannot tell its
 * effect: the remediation script carries it as text and runs it only in `-Rollback` mode, and an
 * operator can also run it on its own.
 */
export function renderRollbackScript(options: Pick<RemediationOptions, "restart">): RenderedArtefact {
  const { restart } = resolveRemediationOptions({ disableLegacyProtocols: false, tls13: "leave", includeDotNetV2: true, restart: options.restart });
  return sealArtefact(ROLLBACK_SCRIPT_FILE_NAME, (contentHash) =>
    [
      scriptHeader(contentHash, `options: restart=${restart}`),
      HELP,
      PARAMETERS,
      scriptSettings(contentHash, "rollback", "$BackupFile"),
      restorableRoots(),
      READ_FUNCTIONS,
      ROLLBACK_FUNCTIONS,
      resultFunctions(restart),
      guardedMain(ROLLBACK_BODY),
    ].join("\n"),
  );
}

const HELP = String.raw`<#
.SYNOPSIS
    Restores the registry values a mailflow-tls-guard remediation run recorded in its backup.
.DESCRIPTION
    Values that were absent are deleted, data that was present is written back with its kind,
    keys the run created are removed when they are empty. Only values below the SCHANNEL protocol
    and .NET Framework keys are restored, whatever the file lists. Prints exactly one JSON line:
    baselineVersion, contentHash, mode, whatIf, changed, unchanged, removedKeys, restartRequired,
    restartScheduled, backup (on failure: error instead of the lists). Exit code 0 or 1.
.PARAMETER BackupFile
    The backup path printed by the remediation run
    ($env:ProgramData\mailflow-tls-guard\backup-<timestamp>.json).
.PARAMETER WhatIf
    Reports what would be restored; changes nothing, restarts nothing.
#>`;

const PARAMETERS = String.raw`[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$BackupFile,
    [switch]$WhatIf
)
`;

/** A rollback writes below the keys some baseline run can write, and nowhere else. */
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

const ROLLBACK_FUNCTIONS = String.raw`function Test-SameValue {
    # Two records (live or from a backup file) with the same presence, kind and data.
    param($Left, $Right)
    if ([bool]$Left.present -ne [bool]$Right.present) { return $false }
    if (-not $Left.present) { return $true }
    return $Left.kind -eq $Right.kind -and (ConvertTo-Json -InputObject $Left.data -Compress) -ceq (ConvertTo-Json -InputObject $Right.data -Compress)
}

function Test-Restorable {
    # True when the path is a restorable root or below one; with -AllowParent also above one
    # (a parent key the run created, removed only when empty).
    param([string]$Path, [switch]$AllowParent)
    foreach ($root in $RestorableRoots) {
        if ($Path -eq $root -or $Path.StartsWith($root + '\', [StringComparison]::OrdinalIgnoreCase)) { return $true }
        if ($AllowParent -and $root.StartsWith($Path + '\', [StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
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
    # Removes a key the remediation run created, but only if nothing has been put in it since.
    param([string]$Path)
    $subKey = Get-SubKeyName $Path
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($subKey)
    if ($null -eq $key) { return $false }
    try { $empty = $key.SubKeyCount -eq 0 -and $key.ValueCount -eq 0 } finally { $key.Close() }
    if ($empty) { [Microsoft.Win32.Registry]::LocalMachine.DeleteSubKey($subKey, $false) }
    return $empty
}
`;

const ROLLBACK_BODY = String.raw`    $backup = Get-Content -LiteralPath $BackupFile -Raw | ConvertFrom-Json
    if ($backup.tool -ne 'mailflow-tls-guard') { throw 'The file is not a mailflow-tls-guard backup.' }
    $changed = New-Object System.Collections.Generic.List[string]
    $unchanged = New-Object System.Collections.Generic.List[string]
    $removedKeys = New-Object System.Collections.Generic.List[string]
    # Check the whole file before changing anything.
    foreach ($saved in @($backup.values)) {
        if (-not (Test-Restorable -Path $saved.path)) { throw ('The backup lists a value outside the baseline keys: {0}' -f $saved.path) }
    }
    foreach ($saved in @($backup.values)) {
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
    $Result = New-RunResult -Changed $changed.ToArray() -Unchanged $unchanged.ToArray()
    $Result.removedKeys = $removedKeys.ToArray()`;
