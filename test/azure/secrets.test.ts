import { describe, expect, it } from "vitest";
import { readCarrier } from "../../src/azure/carrier.js";
import { classifyResource } from "../../src/azure/classify.js";
import { readServer } from "../../src/azure/server.js";
import { isCarrierKind } from "../../src/azure/types.js";
import { findPublicSecrets } from "../../src/azure/secrets.js";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN } from "../../src/values.js";
import { exported, programInput } from "./fixtures.js";

const STORAGE_KEY = "13kMOlLqd/dYpziFpkbUwStG4cMnwvnIMvX0ybGrbq+SiyVqGK2cv7j6PSbnJzWL9D4NO+YUu4llyvzUh5nAbA==";
const SAS = "https://st.blob.core.windows.net/c/tls.ps1?sv=2023-11-03&se=2026-12-31&sr=b&sp=r&sig=Zm9vYmFyEXAMPLE%3D";
const PASSWORD = "Winter2026!Mail";

/** What the findings say, as `path kind[:line]`; the tests also check that no value leaks. */
function report(kind: Parameters<typeof readCarrier>[0], props: unknown): string[] {
  const findings = findPublicSecrets(readCarrier(kind, "c", props));
  const text = JSON.stringify(findings);
  for (const secret of [STORAGE_KEY, SAS, "sig=", PASSWORD, "P@ssw0rd", "Autumn2026"]) expect(text).not.toContain(secret);
  return findings.map((f) => `${f.path} ${f.kind}${f.line ? `:${f.line}` : ""}`);
}

describe("findPublicSecrets", () => {
  it.each([
    ["a storage key and SAS in Custom Script settings", "mbx02-cse", ["settings.fileUris[0] sasToken", "settings.storageAccountKey storageAccountKey"]],
    ["a DSC credential in configurationArguments", "mbx02-dsc", ["settings.configurationArguments.AdminCredential.password password"]],
    ["a plain-text SecureString in a run command script", "mbx02-runcmd", ["source.script plainTextSecureString:1"]],
    ["a DSC configuration parameter default", "tls-config", ["parameters.AdminPassword.defaultValue password"]],
    ["nothing secret in a Machine Configuration assignment", "mbx02-audit-tls", []],
  ])("%s", (_, name, expected) => {
    const r = programInput(name);
    const kind = classifyResource(r.type);
    if (kind === undefined || !isCarrierKind(kind)) throw new Error(`${r.type} is not a carrier`);
    expect(report(kind, r.props)).toEqual(expected);
  });

  it("a DSC argument that references a protected setting is not a secret (embedded scale set extension)", () => {
    const [dsc] = readServer("vmss", "edge-ss", programInput("edge-ss").props).carriers;
    expect(dsc && findPublicSecrets(dsc)).toEqual([]);
    expect(report("vmExtension", { type: "DSC", settings: { configurationArguments: { Credential: { UserName: "u", Password: "PrivateSettingsRef:Pw" } } } })).toEqual([]);
  });

  it("a SAS URL in an exported run command parameter is found by its shape, whatever its name", () => {
    expect(report("arcRunCommand", exported("edge-tls12").outputs)).toEqual(["parameters[0].value sasToken"]);
  });

  it.each([
    ["storage key by value", { settings: { blob: STORAGE_KEY } }, ["settings.blob storageAccountKey"]],
    ["connection string", { settings: { target: `DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${STORAGE_KEY};EndpointSuffix=core.windows.net` } }, ["settings.target connectionString", "settings.target storageAccountKey"]],
    ["managed identity in public settings", { settings: { managedIdentity: { clientId: "9f0c1a2b-0000-4000-8000-000000000000" } } }, ["settings.managedIdentity managedIdentity"]],
    ["an empty managed identity object is still the wrong place", { settings: { managedIdentity: {} } }, ["settings.managedIdentity managedIdentity"]],
    ["SAS token by name", { settings: { configurationUrlSasToken: "?sv=2023" } }, ["settings.configurationUrlSasToken sasToken"]],
    ["client secret by name", { settings: { aad: { clientSecret: "abc" } } }, ["settings.aad.clientSecret secretNamed"]],
    ["an unknown password still belongs in protected settings", { settings: { adminPassword: UNKNOWN } }, ["settings.adminPassword password"]],
    ["a Pulumi secret in public settings", { settings: { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, ciphertext: "v1:abc" } }, ["settings pulumiSecret"]],
    ["a Pulumi secret password", { settings: { pwd: { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: PASSWORD } } }, ["settings.pwd password", "settings.pwd pulumiSecret"]],
    ["secrets in protected settings are fine", { settings: { fileUris: ["https://x.example/a.ps1"] }, protectedSettings: { storageAccountKey: STORAGE_KEY, managedIdentity: {}, commandToExecute: `powershell -Command "$p = '${PASSWORD}'"` } }, []],
    ["a password in settings passed as a JSON string", { settings: JSON.stringify({ adminPassword: PASSWORD }) }, ["settings.adminPassword password"]],
    ["an empty password and a password length are not secrets", { settings: { password: "", passwordLength: 12, passwordRequired: true } }, []],
  ])("%s", (_, props, expected) => {
    expect(report("vmExtension", { type: "CustomScriptExtension", ...props })).toEqual(expected);
  });

  it.each([
    ["ConvertTo-SecureString with a literal", "$s = ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force", ["plainTextSecureString"]],
    ["a literal piped to ConvertTo-SecureString", "$s = 'P@ssw0rd1' | ConvertTo-SecureString -AsPlainText -Force", ["plainTextSecureString"]],
    ["a variable is not a literal", "$s = ConvertTo-SecureString $env:PW -AsPlainText -Force", []],
    ["an interpolated string is not a literal", '$s = ConvertTo-SecureString "$prefix-x" -AsPlainText -Force', []],
    ["-Password with a literal", "New-LocalUser -Name svc -Password 'P@ssw0rd1'", ["credentialLiteral"]],
    ["-AdminPassword with a literal", 'Install-Thing -AdminPassword "P@ssw0rd1"', ["credentialLiteral"]],
    ["a password variable assigned a literal", "$AdminPassword = 'P@ssw0rd1'", ["password"]],
    ["a SAS URL in a script", `Invoke-WebRequest -Uri '${SAS}' -OutFile tls.zip`, ["sasToken"]],
  ])("script line: %s", (_, line, kinds) => {
    const script = `# TLS baseline\n${line}\nRestart-Computer -Force`;
    expect(report("vmRunCommand", { source: { script } })).toEqual(kinds.map((k) => `source.script ${k}:2`));
  });

  it("a secret in commandToExecute is reported once, with the line of the decoded script", () => {
    const encoded = Buffer.from(`Write-Output start\n$AdminPassword = '${PASSWORD}'`, "utf16le").toString("base64");
    expect(report("vmExtension", { type: "CustomScriptExtension", settings: { commandToExecute: `powershell -EncodedCommand ${encoded}` } })).toEqual(["settings.commandToExecute password:2"]);
    expect(report("vmExtension", { type: "CustomScriptExtension", settings: { commandToExecute: `powershell -Command "iwr '${SAS}'"` } })).toEqual(["settings.commandToExecute sasToken:1"]);
  });

  it("deep or huge settings do not hang or throw", () => {
    let deep: Record<string, unknown> = { password: "x" };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, "v"]));
    expect(() => findPublicSecrets(readCarrier("vmExtension", "c", { settings: deep }))).not.toThrow();
    expect(() => findPublicSecrets(readCarrier("vmExtension", "c", { settings: wide }))).not.toThrow();
  });
});

describe("findPublicSecrets on a huge one-line script", () => {
  it("stays fast", () => {
    const line = `ConvertTo-SecureString -AsPlainText ${"'a' -AsPlainText ".repeat(50_000)}`;
    const started = Date.now();
    findPublicSecrets(readCarrier("vmRunCommand", "c", { source: { script: line } }));
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
