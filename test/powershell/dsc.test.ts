import { describe, expect, it } from "vitest";
import { extractScript } from "../../src/powershell/index.js";
import { describeOps, fixture } from "./helpers.js";

describe("DSC Registry resource", () => {
  it("reads every block of a real-looking configuration (Allman braces, both hive spellings, comments)", async () => {
    const r = await extractScript(fixture("dsc-registry.ps1"), { file: "dsc-registry.ps1" });
    expect(r.errors).toEqual([]);
    expect(describeOps(r.ops)).toEqual([
      "22 set P\\TLS 1.2\\Server Enabled dword:1",
      "30 set P\\TLS 1.2\\Server DisabledByDefault dword:0",
      "38 set P\\TLS 1.2\\Client Enabled dword:4294967295",
      "47 deleteValue HKLM\\SOFTWARE\\Contoso\\Tls ForceTls10",
      "54 deleteKey HKLM\\SOFTWARE\\Contoso\\OldTls",
      "61 set HKLM\\SOFTWARE\\Contoso\\Tls Owner string:Messaging team",
    ]);
    expect(r.ops.every((o) => o.form === "DSC Registry" && o.location.file === "dsc-registry.ps1")).toBe(true);
    expect(r.nodeNames).toEqual(["mx01", "mx02"]);
    expect(r.unresolved).toEqual([
      expect.objectContaining({ key: `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.3\\Server`, valueName: "Enabled", location: { file: "dsc-registry.ps1", line: 69 } }),
    ]);
    expect(r.unresolved[0]?.reason).toMatch(/\$tls13state is a parameter/i);
  });

  const block = (props: string) => `Configuration C {\n Node 'n' {\n  Registry R {\n${props}\n  }\n }\n}`;
  it.each([
    ["Dword as a decimal string", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nValueType = 'Dword'\nValueData = '4294967295'", ["7 set HKLM\\SOFTWARE\\A V dword:4294967295"]],
    ["Hex = $true reads ValueData as hex", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nValueType = 'Dword'\nValueData = '10'\nHex = $true", ["7 set HKLM\\SOFTWARE\\A V dword:16"]],
    ["Qword", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nValueType = 'Qword'\nValueData = '0x100000000'", ["7 set HKLM\\SOFTWARE\\A V qword:4294967296"]],
    ["a Dword that is a word is invalid, not coerced", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nValueType = 'Dword'\nValueData = 'on'", ["7 set HKLM\\SOFTWARE\\A V invalid:on"]],
    ["ValueType defaults to String", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nValueData = '1'", ["6 set HKLM\\SOFTWARE\\A V string:1"]],
    ["Ensure Absent with a ValueName deletes the value", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = 'V'\nEnsure = 'Absent'", ["6 deleteValue HKLM\\SOFTWARE\\A V"]],
    ["Ensure Absent without ValueName deletes the key", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = ''\nEnsure = \"Absent\"", ["6 deleteKey HKLM\\SOFTWARE\\A"]],
    ["Present with an empty ValueName and no data creates the key", "Key = 'HKLM:\\SOFTWARE\\A'\nValueName = ''", ["3 createKey HKLM\\SOFTWARE\\A"]],
    ["properties written without spaces", "Key='HKLM:\\SOFTWARE\\A'; ValueName=\"V\"\nValueType=Dword\nValueData='1'", ["6 set HKLM\\SOFTWARE\\A V dword:1"]],
    ["mixed-case property names and values", "KEY = 'hkey_local_machine\\SOFTWARE\\A'\nvaluename = 'V'\nVALUETYPE = 'DWORD'\nvaluedata = @('0')\nensure = 'present'", ["7 set HKLM\\SOFTWARE\\A V dword:0"]],
  ])("%s", async (_name, props, expected) => {
    const r = await extractScript(block(props));
    expect(r.errors).toEqual([]);
    expect(describeOps(r.ops)).toEqual(expected);
  });

  it("generates one block per loop item when the resource names come from a literal list", async () => {
    const script = `Configuration C {
  Node localhost {
    foreach ($p in @('TLS 1.0', 'TLS 1.1')) {
      foreach ($side in 'Client', 'Server') {
        Registry "$($p)_$($side)_Enabled" {
          Key       = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\$p\\$side"
          ValueName = 'Enabled'
          ValueType = 'Dword'
          ValueData = '0'
        }
      }
    }
  }
}`;
    const r = await extractScript(script);
    expect(describeOps(r.ops)).toEqual(["TLS 1.0\\Client", "TLS 1.0\\Server", "TLS 1.1\\Client", "TLS 1.1\\Server"].map((k) => `9 set P\\${k} Enabled dword:0`));
    expect(r.nodeNames).toEqual(["localhost"]);
  });

  it.each([
    ["Node 'mx01'", ["mx01"]],
    ["Node @('a', 'b')", ["a", "b"]],
    ["Node localhost", ["localhost"]],
    ["Node 'a', 'b'", ["a", "b"]],
    ["Node $AllNodes.NodeName", []],
    ["Node $NodeName", []],
  ])("%s gives node names %j", async (node, names) => {
    const r = await extractScript(`Configuration C {\n param($NodeName)\n ${node} {\n }\n}`);
    expect(r.nodeNames).toEqual(names);
  });
});

describe("SChannelDsc", () => {
  it("Protocol: Enabled / Disabled / Default, server side only unless IncludeClientSide; SChannelSettings .NET and WinHTTP", async () => {
    const r = await extractScript(fixture("schanneldsc.ps1"));
    expect(r.errors).toEqual([]);
    const net = (v: string) => [`HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\${v}`, `HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\${v}`];
    expect(describeOps(r.ops)).toEqual([
      "8 set P\\TLS 1.0\\Server Enabled dword:0",
      "8 set P\\TLS 1.0\\Server DisabledByDefault dword:1",
      "8 set P\\TLS 1.0\\Client Enabled dword:0",
      "8 set P\\TLS 1.0\\Client DisabledByDefault dword:1",
      "12 set P\\TLS 1.2\\Server Enabled dword:1",
      "12 set P\\TLS 1.2\\Server DisabledByDefault dword:0",
      "17 deleteKey P\\SSL 3.0\\Server",
      "17 deleteKey P\\SSL 3.0\\Client",
      ...[...net("v4.0.30319"), ...net("v2.0.50727")].flatMap((k) => [`21 set ${k} SystemDefaultTlsVersions dword:1`, `21 set ${k} SchUseStrongCrypto dword:1`]),
      "22 set HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp DefaultSecureProtocols dword:2560",
      "22 set HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp DefaultSecureProtocols dword:2560",
    ]);
    expect(new Set(r.ops.map((o) => o.form))).toEqual(new Set(["SChannelDsc Protocol", "SChannelDsc SChannelSettings"]));
  });

  it.each([
    ["Disabled", ["3 set HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 SystemDefaultTlsVersions dword:0"]],
    ["Default", ["3 deleteValue HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 SystemDefaultTlsVersions"]],
  ])("SChannelSettings TLS12State %s", async (state, firstOps) => {
    const r = await extractScript(`Node 'a' {\n SChannelSettings S {\n  TLS12State = '${state}'\n }\n}`);
    expect(r.ops).toHaveLength(8);
    expect(describeOps(r.ops).slice(0, 1)).toEqual(firstOps);
  });

  it("a State from configuration data is unresolved on the protocol key", async () => {
    const r = await extractScript(`Node $AllNodes.NodeName {\n Protocol P {\n  Protocol = 'TLS 1.1'\n  State = $Node.Tls11State\n }\n}`);
    expect(r.ops).toEqual([]);
    expect(r.unresolved).toEqual([expect.objectContaining({ key: `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server`, location: { line: 4 } })]);
    expect(r.unresolved[0]?.reason).toMatch(/configuration data/);
  });
});
