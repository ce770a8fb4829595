import { describe, expect, it } from "vitest";
import { extractScript } from "../../src/powershell/index.js";
import { describeOps, fixture } from "./helpers.js";

describe("imperative registry forms", () => {
  it("reads a hardening script: nested literal loops, reg.exe, splatting, Join-Path, .NET API, /reg:32, deletions", async () => {
    const r = await extractScript(fixture("imperative.ps1"), { file: "imperative.ps1" });
    expect(r.errors).toEqual([]);
    const legacy = ["SSL 2.0", "SSL 3.0"].flatMap((p) =>
      ["Client", "Server"].flatMap((side) => [`10 createKey P\\${p}\\${side}`, `12 set P\\${p}\\${side} Enabled dword:0`, `13 set P\\${p}\\${side} DisabledByDefault dword:1`]),
    );
    expect(describeOps(r.ops)).toEqual([
      ...legacy,
      "18 set P\\TLS 1.0\\Server Enabled dword:0",
      "19 set P\\TLS 1.0\\Server DisabledByDefault dword:1",
      "28 set P\\TLS 1.2\\Client Enabled dword:1",
      "29 set P\\TLS 1.2\\Client DisabledByDefault dword:0",
      "32 set HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 SchUseStrongCrypto dword:1",
      "33 set HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319 SystemDefaultTlsVersions dword:1",
      "36 deleteValue HKLM\\SOFTWARE\\Contoso\\Tls ForceTls10",
      "37 deleteKey HKLM\\SOFTWARE\\Contoso\\OldTls",
      "38 deleteValue HKLM\\SOFTWARE\\Contoso\\Legacy Flag",
      "39 deleteKey HKLM\\SOFTWARE\\Contoso\\Legacy",
    ]);
    expect(r.unresolved).toEqual([]);
    expect(r.ops.map((o) => o.form).filter((f, i, all) => all.indexOf(f) === i)).toEqual([
      "New-Item",
      "New-ItemProperty",
      "reg.exe",
      "Set-ItemProperty",
      "Registry::SetValue",
      "Remove-ItemProperty",
      "Remove-Item",
    ]);
  });

  const K = "HKLM:\\SOFTWARE\\Contoso";
  it.each([
    ["New-ItemProperty named", `New-ItemProperty -Path '${K}' -Name 'A' -Value 1 -PropertyType DWord -Force`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:1"]],
    ["New-ItemProperty positional path and name", `New-ItemProperty '${K}' 'A' -Value '0xFFFFFFFF' -PropertyType 'DWORD'`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:4294967295"]],
    ["New-ItemProperty -Type alias and prefix -Prop", `New-ItemProperty -Path ${K} -Name A -Value 0 -Type DWord; New-ItemProperty -Pat ${K} -Na B -Val 1 -Prop DWord`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:0", "1 set HKLM\\SOFTWARE\\Contoso B dword:1"]],
    ["Set-ItemProperty all positional, -1 is 0xFFFFFFFF", `Set-ItemProperty ${K} Enabled -1 -Type DWord`, ["1 set HKLM\\SOFTWARE\\Contoso Enabled dword:4294967295"]],
    ["sp alias with a 0xffffffff literal (Int32 -1 in PowerShell)", `sp ${K} Enabled 0xffffffff`, ["1 set HKLM\\SOFTWARE\\Contoso Enabled dword:4294967295"]],
    ["untyped number is a DWORD, untyped text a string", `Set-ItemProperty -Path ${K} -Name A -Value 1\nSet-ItemProperty -Path ${K} -Name B -Value '1'`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:1", "2 set HKLM\\SOFTWARE\\Contoso B string:1"]],
    ["-Name:value syntax", `Set-ItemProperty -Path:"${K}" -Name:A -Value:(2) -Type:DWord -Confirm:$false`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:2"]],
    ["-WhatIf writes nothing", `Set-ItemProperty -Path ${K} -Name A -Value 1 -WhatIf`, []],
    ["module-qualified cmdlet", `Microsoft.PowerShell.Management\\Set-ItemProperty -Path ${K} -Name A -Value 3`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:3"]],
    ["a DWORD that is a word is invalid", `New-ItemProperty -Path ${K} -Name A -Value 'on' -PropertyType DWord`, ["1 set HKLM\\SOFTWARE\\Contoso A invalid:on"]],
    ["New-Item -Path -Name", `ni -Path ${K} -Name 'TLS 1.2' -Force`, ["1 createKey HKLM\\SOFTWARE\\Contoso\\TLS 1.2"]],
    ["Remove-ItemProperty with two names", `rp -Path ${K} -Name 'A', 'B'`, ["1 deleteValue HKLM\\SOFTWARE\\Contoso A", "1 deleteValue HKLM\\SOFTWARE\\Contoso B"]],
    ["Remove-Item -Recurse", `Remove-Item -Path '${K}\\Old' -Recurse -Force`, ["1 deleteKey HKLM\\SOFTWARE\\Contoso\\Old"]],
    ["file system paths are not registry operations", `Remove-Item C:\\Temp\\x -Recurse; New-Item -Path \\\\srv\\share\\x -ItemType Directory`, []],
    ["reg add with /d 0x, reg delete value and key", `reg.exe add "HKLM\\SOFTWARE\\Contoso" /v A /t REG_DWORD /d 0xffffffff /f\nreg delete HKLM\\SOFTWARE\\Contoso /v A /f\nreg delete HKLM\\SOFTWARE\\Contoso /f`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:4294967295", "2 deleteValue HKLM\\SOFTWARE\\Contoso A", "3 deleteKey HKLM\\SOFTWARE\\Contoso"]],
    ["reg add without /t writes REG_SZ", `reg add HKLM\\SOFTWARE\\Contoso /v A /d 1 /f`, ["1 set HKLM\\SOFTWARE\\Contoso A string:1"]],
    ["reg add without /v creates the key", `reg add "HKLM\\SOFTWARE\\Contoso\\New" /f`, ["1 createKey HKLM\\SOFTWARE\\Contoso\\New"]],
    ["Registry::SetValue infers DWORD from an Int32", `[Microsoft.Win32.Registry]::SetValue("HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso", "A", 1)`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:1"]],
    ["Registry::SetValue with a kind given as text", `[Microsoft.Win32.Registry]::SetValue('HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso', 'A', '0', 'DWord')`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:0"]],
    ["New-Item piped into New-ItemProperty without -Path", `New-Item -Path ${K} -Name X -Force | New-ItemProperty -Name Enabled -Value 1 -PropertyType DWord`, ["1 createKey HKLM\\SOFTWARE\\Contoso\\X", "1 set HKLM\\SOFTWARE\\Contoso\\X Enabled dword:1"]],
    ["$null = and [void]() still run the command", `$null = New-ItemProperty -Path ${K} -Name A -Value 1 -PropertyType DWord\n[void](New-ItemProperty -Path ${K} -Name B -Value 0 -PropertyType DWord)`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:1", "2 set HKLM\\SOFTWARE\\Contoso B dword:0"]],
    ["Invoke-Command script block runs", `Invoke-Command -ComputerName mx01 -ScriptBlock { Set-ItemProperty -Path ${K} -Name A -Value 1 }`, ["1 set HKLM\\SOFTWARE\\Contoso A dword:1"]],
    ["function body with literal values", `function Set-Strong {\n  Set-ItemProperty -Path ${K} -Name A -Value 1\n}\nSet-Strong`, ["2 set HKLM\\SOFTWARE\\Contoso A dword:1"]],
  ])("%s", async (_name, script, expected) => {
    const r = await extractScript(script);
    expect(r.errors).toEqual([]);
    expect(r.unresolved).toEqual([]);
    expect(describeOps(r.ops)).toEqual(expected);
  });

  it.each([
    ["string interpolation with a subexpression", `$p = "TLS 1.2"\n$base = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols'\nNew-ItemProperty -Path "$base\\$($p)\\Server" -Name Enabled -Value 1 -PropertyType DWord`],
    ["concatenation", `$p = 'TLS 1.2'\nNew-ItemProperty -Path ('HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\' + $p + '\\Server') -Name Enabled -Value 1 -PropertyType DWord`],
    ["format operator", `$p = 'TLS 1.2'\nNew-ItemProperty -Path ('HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\{0}\\{1}' -f $p, 'Server') -Name Enabled -Value 1 -PropertyType DWord`],
    ["Join-Path twice", `$k = Join-Path -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols' -ChildPath 'TLS 1.2'\nNew-ItemProperty -Path (Join-Path $k 'Server') -Name Enabled -Value 1 -PropertyType DWord`],
    ["bare argument with a variable", `$p = 'TLS 1.2'\nNew-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$p\\Server -Name Enabled -Value 1 -PropertyType DWord`],
    ["hashtable member", `$cfg = @{ Protocol = 'TLS 1.2'; Side = 'Server' }\nNew-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$($cfg.Protocol)\\$($cfg.Side)" -Name Enabled -Value 1 -PropertyType DWord`],
    ["ForEach-Object over a literal list", `'TLS 1.2' | ForEach-Object { New-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$_\\Server" -Name Enabled -Value 1 -PropertyType DWord }`],
    ["a branch that assigns the same variable leaves the value before it untouched for writes before it", `$p = 'TLS 1.2'\nNew-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$p\\Server" -Name Enabled -Value 1 -PropertyType DWord\nif ($x) { $p = 'TLS 1.0' }`],
  ])("variables: %s", async (_name, script) => {
    const r = await extractScript(script);
    expect(r.errors).toEqual([]);
    expect(describeOps(r.ops)).toEqual([expect.stringMatching(/^\d+ set P\\TLS 1\.2\\Server Enabled dword:1$/)]);
    expect(r.unresolved).toEqual([]);
  });
});
