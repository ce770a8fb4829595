import { describe, expect, it } from "vitest";
import { extractScript } from "../../src/powershell/index.js";

const TLS12_SERVER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server";
const ROOT = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";

describe("unresolved: never guessed", () => {
  it.each([
    ["value from a script parameter", `param([int]$Enabled = 1)\nNew-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value $Enabled -PropertyType DWord`, 2, TLS12_SERVER, "Enabled", /\$enabled is a parameter of the script/],
    ["value from a function call", `$v = Get-DesiredValue\nSet-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value $v`, 2, TLS12_SERVER, "Enabled", /output of Get-DesiredValue at line 1/],
    ["value from $Node in a DSC block", `Node $AllNodes.NodeName {\n Registry R {\n  Key = '${ROOT}\\TLS 1.2\\Server'\n  ValueName = 'Enabled'\n  ValueType = 'Dword'\n  ValueData = $Node.Tls12Enabled\n }\n}`, 6, TLS12_SERVER, "Enabled", /\$node comes from configuration data/],
    ["value name from $ConfigurationData", `Set-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name $ConfigurationData.NonNodeData.Name -Value 1`, 1, TLS12_SERVER, undefined, /value name is not known/],
    ["value type from a parameter", `param($Kind)\nNew-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value 1 -PropertyType $Kind`, 2, TLS12_SERVER, "Enabled", /value type is not known/],
    ["write inside an if", `if ($Harden) {\n  Set-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value 1\n}`, 2, TLS12_SERVER, "Enabled", /only inside the if at line 1/],
    ["write inside a catch", `try { $x = 1 } catch {\n  Set-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value 1\n}`, 2, TLS12_SERVER, "Enabled", /only inside the catch/],
    ["loop over a parameter list", `param([string[]]$Sides)\nforeach ($s in $Sides) {\n  Set-ItemProperty -Path '${ROOT}\\TLS 1.2\\Server' -Name Enabled -Value 1\n}`, 3, TLS12_SERVER, "Enabled", /over a list that is not known/],
    ["key whose protocol comes from a parameter", `function Enable-Protocol {\n param([string]$Protocol)\n New-ItemProperty -Path "${ROOT}\\$Protocol\\Server" -Name Enabled -Value 1 -PropertyType DWord\n}`, 3, undefined, "Enabled", /key below HKLM\\SYSTEM\\.*\\Protocols is not known: \$protocol is a parameter of function Enable-Protocol/],
    ["relative path", `Set-Location HKLM:\\SOFTWARE\nSet-ItemProperty -Path '.\\Contoso' -Name A -Value 1`, 2, undefined, "A", /not an absolute registry key/],
    ["RegistryKey object opened at run time", `$k = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SOFTWARE\\Contoso', $true)\n$k.SetValue('Enabled', 1)`, 2, undefined, "Enabled", /opened at run time/],
  ])("%s", async (_name, script, lineNo, key, valueName, reason) => {
    const r = await extractScript(script);
    expect(r.errors).toEqual([]);
    expect(r.ops.filter((o) => o.op !== "createKey")).toEqual([]);
    expect(r.unresolved).toHaveLength(1);
    const [u] = r.unresolved;
    expect(u?.location.line).toBe(lineNo);
    expect(u?.key).toBe(key);
    expect(u?.valueName).toBe(valueName);
    expect(u?.reason).toMatch(reason);
  });

  it("a variable reassigned in a branch is unknown after the branch, known before it", async () => {
    const r = await extractScript(`$p = 'TLS 1.2'\nif ($legacy) { $p = 'TLS 1.0' } else { $p = 'TLS 1.1' }\nNew-ItemProperty -Path "${ROOT}\\$p\\Server" -Name Enabled -Value 1 -PropertyType DWord`);
    expect(r.ops).toEqual([]);
    expect(r.unresolved).toEqual([expect.objectContaining({ valueName: "Enabled", location: { line: 3 } })]);
    expect(r.unresolved[0]?.reason).toMatch(/\$p is assigned inside the if at line 2/);
  });

  it("creating a key inside a Test-Path guard is kept: it changes no value", async () => {
    const r = await extractScript(`if (-not (Test-Path '${ROOT}\\TLS 1.2\\Server')) { New-Item -Path '${ROOT}\\TLS 1.2\\Server' -Force }`);
    expect(r.ops).toEqual([expect.objectContaining({ op: "createKey", key: TLS12_SERVER })]);
    expect(r.unresolved).toEqual([]);
  });

  it("an unknown path of New-Item / Remove-Item is not reported unless it is known to be a registry key", async () => {
    const r = await extractScript(`param($LogDir)\nRemove-Item -Path $LogDir -Recurse\nRemove-Item -Path "${ROOT}\\$LogDir"`);
    expect(r.unresolved).toEqual([expect.objectContaining({ location: { line: 3 } })]);
  });
});
