/**
 * Generated in-guest content for the benchmark: PowerShell run-command scripts and DSC
 * configurations of a chosen size (2 to 20 KB in the fleet), each unique (the pack caches
 * extractions by script text, and a fleet of copies would only measure the cache). The registry
 * part is the example estate's baseline, in one of several variants; the rest is the kind of
 * housekeeping real mail-server scripts carry (logging, service checks, Exchange inventory).
 */
import { baselineWrites, type TlsBaseline } from "../examples/fleet/scripts.js";

/** A small deterministic generator (mulberry32): the same seed gives the same fleet. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** The baseline variants a fleet carries: mostly complete, some classic mistakes. */
const BASELINES: readonly TlsBaseline[] = [
  { protocols: { "SSL 2.0": "disabled", "SSL 3.0": "disabled", "TLS 1.0": "disabled", "TLS 1.1": "disabled", "TLS 1.2": "enabled" }, dotnet: true },
  { protocols: { "SSL 3.0": "disabled", "TLS 1.0": "disabled", "TLS 1.1": "disabled", "TLS 1.2": "enabled" }, dotnet: true },
  { protocols: { "TLS 1.2": "enabled" }, dotnet: false },
  { protocols: { "TLS 1.0": "half-disabled", "TLS 1.2": "enabled" }, dotnet: true },
];

const HKLM = "HKLM:\\";

/** Registry writes as cmdlets, one statement each. */
function cmdletWrites(baseline: TlsBaseline): string[] {
  const writes = baselineWrites(baseline);
  return [
    ...[...new Set(writes.map((w) => w.key))].map((k) => `New-Item -Path '${HKLM}${k}' -Force | Out-Null`),
    ...writes.map((w) => `New-ItemProperty -Path '${HKLM}${w.key}' -Name '${w.name}' -Value ${w.value} -PropertyType DWord -Force | Out-Null`),
  ];
}

/** Registry writes through a loop over a literal list, the way many estates write them. */
function loopWrites(baseline: TlsBaseline): string[] {
  const writes = baselineWrites(baseline);
  const list = writes.map((w) => `  @{ Key = '${HKLM}${w.key}'; Name = '${w.name}'; Value = ${w.value} }`).join(",\n");
  return [
    `$settings = @(\n${list}\n)`,
    "foreach ($s in $settings) {",
    "  if (-not (Test-Path $s.Key)) { New-Item -Path $s.Key -Force | Out-Null }",
    "  Set-ItemProperty -Path $s.Key -Name $s.Name -Value $s.Value -Type DWord",
    "}",
  ];
}

/** Registry writes with reg.exe. */
function regExeWrites(baseline: TlsBaseline): string[] {
  return baselineWrites(baseline).map((w) => `reg.exe add "HKLM\\${w.key}" /v ${w.name} /t REG_DWORD /d ${w.value} /f | Out-Null`);
}

const WRITERS = [cmdletWrites, loopWrites, regExeWrites];

/** Housekeeping blocks of an imperative script; `n` keeps every copy distinct. */
const SCRIPT_FILLERS: readonly ((id: string, n: number) => string)[] = [
  (id, n) =>
    [
      `function Write-MailLog${n} {`,
      "  param([string]$Message, [ValidateSet('Info','Warning','Error')][string]$Level = 'Info')",
      `  $line = '{0:u} [{1}] ${id} {2}' -f (Get-Date), $Level, $Message`,
      "  Add-Content -Path $LogPath -Value $line",
      "  if ($Level -eq 'Error') { Write-Error $Message }",
      "}",
    ].join("\n"),
  (id, n) =>
    [
      `$transport${n} = Get-Service -Name MSExchangeTransport -ErrorAction SilentlyContinue`,
      `if ($null -eq $transport${n}) {`,
      `  Write-Output "${id}: transport service not installed (check ${n})"`,
      `} elseif ($transport${n}.Status -ne 'Running') {`,
      `  Write-Output "${id}: transport service is $($transport${n}.Status)"`,
      "}",
    ].join("\n"),
  (id, n) =>
    [
      "try {",
      `  $events${n} = Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Schannel'; Level = 2 } -MaxEvents 50 -ErrorAction Stop`,
      `  foreach ($e in $events${n}) { Write-Output ("{0} {1} ${id}" -f $e.TimeCreated, $e.Id) }`,
      "} catch {",
      `  Write-Output "${id}: no Schannel errors in the System log (${n})"`,
      "}",
    ].join("\n"),
  (id, n) =>
    [
      `$inventory${n} = [ordered]@{`,
      `  Server     = '${id}'`,
      "  OS         = (Get-CimInstance Win32_OperatingSystem).Caption",
      `  Connectors = @(Get-ReceiveConnector -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Identity)`,
      `  Check      = ${n}`,
      "}",
      `$inventory${n} | ConvertTo-Json -Depth 3 | Set-Content -Path "C:\\ProgramData\\mail-inventory\\${id}-${n}.json"`,
    ].join("\n"),
  (id, n) =>
    [
      `# Pending reboot check ${n} for ${id}: component servicing and file renames.`,
      `$pending${n} = (Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending') -or`,
      `  ($null -ne (Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue))`,
      `if ($pending${n}) { Write-Output "${id}: a restart is pending" }`,
    ].join("\n"),
];

/** Housekeeping resources of a DSC configuration. */
const DSC_FILLERS: readonly ((id: string, n: number) => string)[] = [
  (id, n) =>
    [
      `    Service Transport${n} {`,
      "      Name        = 'MSExchangeTransport'",
      "      StartupType = 'Automatic'",
      "      State       = 'Running'",
      "    }",
    ].join("\n"),
  (id, n) =>
    [
      `    File LogFolder${n} {`,
      `      DestinationPath = 'C:\\ProgramData\\mail\\${id}\\logs${n}'`,
      "      Type            = 'Directory'",
      "      Ensure          = 'Present'",
      "    }",
    ].join("\n"),
  (id, n) =>
    [
      `    Script InventoryReport${n} {`,
      `      GetScript  = { @{ Result = (Get-Content -Path 'C:\\ProgramData\\mail\\${id}-${n}.json' -ErrorAction SilentlyContinue) } }`,
      `      TestScript = { Test-Path 'C:\\ProgramData\\mail\\${id}-${n}.json' }`,
      `      SetScript  = { Get-CimInstance Win32_OperatingSystem | ConvertTo-Json | Set-Content 'C:\\ProgramData\\mail\\${id}-${n}.json' }`,
      "    }",
    ].join("\n"),
  (id, n) =>
    [
      `    WindowsFeature Feature${n} {`,
      `      Name   = '${pickFeature(n)}'`,
      "      Ensure = 'Present'",
      "    }",
    ].join("\n"),
];

function pickFeature(n: number): string {
  const features = ["Web-Server", "NET-Framework-45-Features", "RSAT-ADDS", "Server-Media-Foundation", "Web-Asp-Net45"];
  return features[n % features.length] as string;
}

/** Appends fillers until the text reaches `targetBytes`. */
function padded(head: string[], fillers: readonly ((id: string, n: number) => string)[], id: string, targetBytes: number, random: Random, tail: string[] = []): string {
  const parts = [...head];
  let size = parts.join("\n").length + tail.join("\n").length;
  for (let n = 0; size < targetBytes; n++) {
    const block = pick(random, fillers)(id, n);
    parts.push(block);
    size += block.length + 1;
  }
  return [...parts, ...tail].join("\n") + "\n";
}

/** A run-command style script of about `targetBytes`, writing one of the baseline variants. */
export function generatedScript(id: string, targetBytes: number, random: Random): string {
  const baseline = pick(random, BASELINES);
  const head = [
    `<# ${id}: TLS baseline and mail-flow housekeeping, generated for the benchmark. #>`,
    `param([string]$LogPath = "C:\\ProgramData\\mail\\${id}.log")`,
    "$ErrorActionPreference = 'Stop'",
    ...pick(random, WRITERS)(baseline),
  ];
  return padded(head, SCRIPT_FILLERS, id, targetBytes, random);
}

/** A DSC configuration of about `targetBytes` with the built-in Registry resource. */
export function generatedDsc(id: string, targetBytes: number, random: Random): string {
  const baseline = pick(random, BASELINES);
  const registry = baselineWrites(baseline).map((w, i) =>
    [
      `    Registry Value${i} {`,
      `      Key       = 'HKEY_LOCAL_MACHINE\\${w.key}'`,
      `      ValueName = '${w.name}'`,
      "      ValueType = 'Dword'",
      `      ValueData = '${w.value}'`,
      "      Ensure    = 'Present'",
      "    }",
    ].join("\n"),
  );
  const name = `Mail_${id.replace(/[^A-Za-z0-9]/g, "_")}`;
  const head = [`Configuration ${name} {`, "  Import-DscResource -ModuleName PSDesiredStateConfiguration", "  Node localhost {", ...registry];
  return padded(head, DSC_FILLERS, id, targetBytes, random, ["  }", "}"]);
}

/** A size drawn uniformly between 2 and 20 KB. */
export function carrierSize(random: Random): number {
  return 2048 + Math.floor(random() * 18 * 1024);
}
